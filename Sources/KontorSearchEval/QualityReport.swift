import Foundation
import KontorSearch

/// The quality figures as aligned text tables.
enum QualityReport {
    static func table(_ evaluations: [EngineEvaluation], postgresNote: String?) -> String {
        var table = TextTable(["language", "engine", "queries", "success@1", "success@3", "MRR@10", "zero results"])
        let groups: [(String, (EngineEvaluation) -> QualityScores?)] =
            QualityCommand.languages.map { language in (language.rawValue, { $0.byLanguage[language] }) }
            + [("all", { $0.overall })]
        for (label, scores) in groups {
            for (position, evaluation) in evaluations.enumerated() {
                guard let score = scores(evaluation) else { continue }
                table.add([position == 0 ? label : "", evaluation.name] + cells(score))
            }
            if let postgresNote { table.add(["", "PostgreSQL FTS", postgresNote]) }
            table.addBreak()
        }
        return table.render()
    }

    static func strategyTable(_ peers: [PeerEvaluation]) -> String {
        var table = TextTable(["engine", "strategy", "queries", "success@1", "success@3", "MRR@10", "zero results"])
        for peer in peers {
            for (position, entry) in peer.byStrategy.enumerated() {
                let mark = entry.strategy == peer.best.strategy ? " (reported)" : ""
                table.add([position == 0 ? peer.name : "", entry.strategy.rawValue + mark] + cells(entry.evaluation.overall))
            }
            table.addBreak()
        }
        return table.render()
    }

    /// Each query some engine gets wrong at rank 1, with every engine's first three answers (✓ = a right one).
    static func details(queries: [LabelledQuery], evaluations: [EngineEvaluation]) -> String {
        var lines: [String] = []
        for (index, query) in queries.enumerated() {
            let firsts = evaluations.map { $0.answers[index].first.map(query.expected.contains) ?? false }
            guard firsts.contains(false) else { continue }
            let expected = query.expected.sorted().joined(separator: " | ")
            lines.append("\(query.language.rawValue)  \"\(query.text)\"  → \(expected)")
            for evaluation in evaluations {
                let top = evaluation.answers[index].prefix(3).map { query.expected.contains($0) ? "✓ " + $0 : $0 }
                let name = evaluation.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                lines.append("    \(name) \(top.isEmpty ? "(nothing)" : top.joined(separator: ", "))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func cells(_ score: QualityScores) -> [String] {
        ["\(score.queries)", percent(score.successAt1), percent(score.successAt3),
         String(format: "%.3f", score.mrrAt10), percent(score.zeroResultRate)]
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}

import Foundation
import KontorSearch

/// One engine's answers to the labelled queries, scored per language and over all of them.
struct EngineEvaluation: Sendable {
    let name: String
    let byLanguage: [SearchLanguage: QualityScores]
    let overall: QualityScores
    /// The slugs returned for each query, in query order, for `--details`.
    let answers: [[String]]

    /// Runs every query among documents of its language, top 10.
    static func run(_ engine: any SearchEngine, on queries: [LabelledQuery]) async throws -> EngineEvaluation {
        var byLanguage: [SearchLanguage: QualityScores] = [:]
        var overall = QualityScores()
        var answers: [[String]] = []
        for query in queries {
            let slugs = try await engine.search(query.text, language: query.language, limit: 10)
            byLanguage[query.language, default: QualityScores()].record(slugs: slugs, expected: query.expected)
            overall.record(slugs: slugs, expected: query.expected)
            answers.append(slugs)
        }
        return EngineEvaluation(name: engine.name, byLanguage: byLanguage, overall: overall, answers: answers)
    }

    /// Orders evaluations by MRR@10, then success@1: the figure that rewards a right answer near the top.
    func isBetter(than other: EngineEvaluation) -> Bool {
        (overall.mrrAt10, overall.successAt1) > (other.overall.mrrAt10, other.overall.successAt1)
    }
}

/// A peer measured with each query strategy, and the better of the two workable ones (OR, AND-then-OR).
struct PeerEvaluation {
    let name: String
    let byStrategy: [(strategy: PeerQueryStrategy, evaluation: EngineEvaluation)]

    /// Pure AND is shown for reference only: it is what a default setup does, not a fair peer.
    var best: (strategy: PeerQueryStrategy, evaluation: EngineEvaluation) {
        byStrategy.filter { $0.strategy != .and }.max { $1.evaluation.isBetter(than: $0.evaluation) }!
    }

    /// Measures `make(strategy)` with every strategy; the engines share one database.
    static func run(
        name: String, on queries: [LabelledQuery], _ make: (PeerQueryStrategy) -> any SearchEngine
    ) async throws -> PeerEvaluation {
        var results: [(PeerQueryStrategy, EngineEvaluation)] = []
        for strategy in PeerQueryStrategy.allCases {
            results.append((strategy, try await EngineEvaluation.run(make(strategy), on: queries)))
        }
        return PeerEvaluation(name: name, byStrategy: results)
    }
}

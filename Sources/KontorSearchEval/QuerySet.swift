import Foundation
import KontorSearch

/// One labelled question: what a customer typed, in which language, and the guides that answer it.
struct LabelledQuery: Sendable {
    let language: SearchLanguage
    let text: String
    /// Any of these slugs counts as a correct answer.
    let expected: Set<String>
}

/// Reads `Benchmarks/help-search/queries.tsv` (header `language\tquery\texpected`, expected slugs joined by `|`).
enum QuerySet {
    /// A malformed line; the message gives its number so the file can be fixed rather than silently skipped.
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    static func load(path: String) throws -> [LabelledQuery] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FormatError(description: "cannot read \(path) (use --query-file PATH)")
        }
        var queries: [LabelledQuery] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if number == 0 || line.isEmpty { continue }  // header
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 3, let language = SearchLanguage(rawValue: String(columns[0])) else {
                throw FormatError(description: "\(path):\(number + 1): expected `language<TAB>query<TAB>expected`")
            }
            // `a|b` or `a | b`: a label is a slug, never its surrounding spaces.
            let expected = Set(columns[2].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) })
            queries.append(LabelledQuery(language: language, text: String(columns[1]), expected: expected))
        }
        return queries
    }

    /// Slugs named by a query that no document of its language has: a typo in the file would otherwise score as a miss.
    static func unknownSlugs(in queries: [LabelledQuery], documents: [EvalDocument]) -> [String] {
        let known = Set(documents.map { "\($0.language.rawValue)/\($0.slug)" })
        let named = queries.flatMap { query in query.expected.map { "\(query.language.rawValue)/\($0)" } }
        return Set(named).subtracting(known).sorted()
    }
}

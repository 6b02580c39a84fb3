import Foundation

/// Cuts a flattened knowledge-base page into its guides.
///
/// Every guide on such a page opens with a lead sentence ("Esta guía explica…"); whatever comes before the
/// first lead is the site banner, not content, so it is dropped.
enum GuideSplitter {
    /// One guide as found on the page: its lead sentence and the cleaned lines that follow it.
    struct RawGuide: Equatable {
        let summary: String
        let lines: [String]
    }

    /// Line openings that start a new guide; the knowledge base writes them the same way on every page.
    static let leads = ["Esta guía ", "Este artículo ", "Este tutorial "]

    /// The guides on `page`, in page order.
    static func split(_ page: String) -> [RawGuide] {
        var guides: [RawGuide] = []
        var summary: String?
        var lines: [String] = []
        for line in page.split(whereSeparator: \.isNewline).map({ SeedText.clean(String($0)) }) where !line.isEmpty {
            if leads.contains(where: line.hasPrefix) {
                if let summary { guides.append(RawGuide(summary: summary, lines: lines)) }
                summary = line
                lines = []
            } else if summary != nil {
                lines.append(line)
            }
        }
        if let summary { guides.append(RawGuide(summary: summary, lines: lines)) }
        return guides
    }
}

/// Whitespace repairs for text scraped from HTML, where removed icons and images leave stray spaces.
enum SeedText {
    /// Collapses runs of whitespace and removes the space an icon left before punctuation ("asistencia ." → "asistencia.").
    static func clean(_ line: String) -> String {
        var result = line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for mark in [".", ",", ";", ":"] {
            result = result.replacingOccurrences(of: " " + mark + " ", with: mark + " ")
            if result.hasSuffix(" " + mark) { result = String(result.dropLast(2)) + mark }
        }
        return result
    }
}

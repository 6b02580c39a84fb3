/// Where things are in an article file, as line numbers counted from 1, so that a problem found in a parsed draft
/// (an unknown category, a dead link) can be reported at the line an editor has to change.
public struct ArticleFileLines: Sendable {
    /// The line of each top-level front-matter key (`category: …` written at the start of a line).
    public let keys: [String: Int]
    /// The body's first line: the one after the closing `---`, or 1 when the file has no front matter.
    public let bodyStart: Int
    private let lines: [Substring]

    /// Reads the layout of `text` the way `FrontMatterSplitter` reads the file (Windows line endings as Unix ones).
    public init(_ text: String) {
        let content = text.replacingOccurrences(of: "\r\n", with: "\n")
        lines = content.split(separator: "\n", omittingEmptySubsequences: false)
        var keys: [String: Int] = [:]
        var bodyStart = 1
        if lines.first?.trimmingPrefix("\u{FEFF}") == "---" {
            for (index, line) in lines.enumerated().dropFirst() {
                if line == "---" { bodyStart = index + 2; break }
                // A key starts in the first column; indented lines and list items continue the key above.
                if let colon = line.firstIndex(of: ":"), let first = line.first, first.isLetter {
                    let key = String(line[..<colon])
                    if keys[key] == nil { keys[key] = index + 1 }
                }
            }
        }
        self.keys = keys
        self.bodyStart = bodyStart
    }

    /// The line a front-matter field is on; the body's first line for `body`; line 1 (the opening `---`) for the front
    /// matter as a whole and for a field that is missing.
    public func line(of field: String) -> Int {
        field == "body" ? bodyStart : keys[field] ?? 1
    }

    /// The line a parse error points at: YAML's own line when it gave one, otherwise the field's.
    public func line(of error: ArticleFileError) -> Int {
        if case .malformedYAML(let line?, _) = error { return line }
        return line(of: error.field)
    }

    /// The first body line containing `text` (ignoring case), e.g. a link's destination; the body's first line if none.
    public func bodyLine(containing text: String) -> Int {
        let needle = text.lowercased()
        let bodyLines = lines.dropFirst(bodyStart - 1)
        guard let index = bodyLines.firstIndex(where: { $0.lowercased().contains(needle) }) else { return bodyStart }
        return index + 1
    }
}

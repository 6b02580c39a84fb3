import Foundation

/// Separates a Markdown file's YAML front matter from its body.
enum FrontMatterSplitter {
    /// The YAML starts on the file's second line; Yams counts lines from the YAML's first.
    static let yamlFirstLine = 2

    /// The YAML between the `---` lines and the body after the closing one, unchanged.
    static func split(_ text: String) throws(ArticleFileError) -> (yaml: String, body: String) {
        // Windows line endings are read as Unix ones (render writes only "\n"); a byte-order mark is not content.
        var content = text.replacingOccurrences(of: "\r\n", with: "\n")
        if content.hasPrefix("\u{FEFF}") { content.removeFirst() }
        guard let openingEnd = content.firstIndex(of: "\n"), content[..<openingEnd] == "---" else {
            throw .missingFrontMatter
        }
        let yamlStart = content.index(after: openingEnd)
        var lineStart = yamlStart
        while lineStart < content.endIndex {
            let lineEnd = content[lineStart...].firstIndex(of: "\n") ?? content.endIndex
            let next = lineEnd < content.endIndex ? content.index(after: lineEnd) : lineEnd
            if content[lineStart..<lineEnd] == "---" {
                return (String(content[yamlStart..<lineStart]), String(content[next...]))
            }
            lineStart = next
        }
        throw .unterminatedFrontMatter
    }
}

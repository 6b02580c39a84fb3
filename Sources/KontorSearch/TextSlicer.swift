/// Cuts original text into snippet parts at UTF-8 offsets recorded by the tokenizer.
struct TextSlicer {
    let text: String

    /// Splits `text[from..<to]` (UTF-8 offsets) into plain and matched parts.
    func parts(words: [(start: Int, end: Int, isMatch: Bool)], from: Int, to: Int) -> [SnippetPart] {
        var parts: [SnippetPart] = []
        var cursor = from
        for word in words where word.isMatch {
            if cursor < word.start { parts.append(SnippetPart(text: slice(cursor, word.start), isMatch: false)) }
            parts.append(SnippetPart(text: slice(word.start, word.end), isMatch: true))
            cursor = word.end
        }
        if cursor < to { parts.append(SnippetPart(text: slice(cursor, to), isMatch: false)) }
        return parts
    }

    /// Joins neighbouring plain parts.
    static func merged(_ parts: [SnippetPart]) -> [SnippetPart] {
        var result: [SnippetPart] = []
        for part in parts {
            if !part.isMatch, let last = result.last, !last.isMatch {
                result[result.count - 1].text += part.text
            } else {
                result.append(part)
            }
        }
        return result
    }

    /// The text between two UTF-8 offsets; they always fall on scalar boundaries (word edges).
    private func slice(_ start: Int, _ end: Int) -> String {
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: min(start, utf8.count))
        let upper = utf8.index(lower, offsetBy: max(0, min(end, utf8.count) - min(start, utf8.count)))
        return String(text.unicodeScalars[lower..<upper])
    }
}

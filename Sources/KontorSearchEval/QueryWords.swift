/// A customer's query as plain alphanumeric words, for the SQL peers.
///
/// The peers get only words, never the raw text: FTS5 and `to_tsquery` both treat punctuation as syntax, and a
/// question mark or an apostrophe must not turn a question into a syntax error.
struct QueryWords {
    /// Lowercased runs of letters and digits ("l'équipe ?" → ["l", "équipe"]), in order, without repeats.
    let words: [String]
    /// Whether the last word ends the text, i.e. may still be being typed; Kontor completes only then, and so do the peers.
    let lastIsPrefix: Bool

    init(_ query: String) {
        var words: [String] = []
        var current = ""
        var endsWithWord = false
        func finish() {
            guard !current.isEmpty else { return }
            // A repeated word keeps its last position, so a repeated final word still gets the prefix.
            words.removeAll { $0 == current }
            words.append(current)
            current = ""
        }
        for character in query.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
                endsWithWord = true
            } else {
                finish()
                endsWithWord = false
            }
        }
        finish()
        self.words = words
        self.lastIsPrefix = endsWithWord
    }
}

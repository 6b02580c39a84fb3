/// Where the words of every summary and body are, recorded while indexing.
///
/// Snippets need word boundaries and the analysed form of each word. Tokenizing a 300-word body
/// again for every hit cost more than the whole search, so the index keeps, per word, its UTF-8
/// offset, length and word id: building a snippet is then a scan over integers.
struct SnippetTokens: Sendable {
    /// One word of a summary or body.
    struct Word: Sendable {
        /// UTF-8 offset of the word in its field's text.
        var start: UInt32
        /// UTF-8 length of the word.
        var length: UInt16
        /// Id in `LanguageIndex.words`, or -1 for a stop word (kept for tidy window boundaries).
        var word: Int32

        var end: Int { Int(start) + Int(length) }
    }

    /// Field texts whose words are recorded.
    enum Field: Int { case summary, body }

    private var words: [Word] = []
    /// For document d, field f: words[starts[2d + f] ..< starts[2d + f + 1]].
    private var starts: [UInt32] = [0]

    /// Records the words of the next field, in document order (summary, then body).
    mutating func append(_ fieldWords: [Word]) {
        words.append(contentsOf: fieldWords)
        starts.append(UInt32(words.count))
    }

    /// The recorded words of one field of one document.
    func words(of document: Int32, _ field: Field) -> ArraySlice<Word> {
        let slot = 2 * Int(document) + field.rawValue
        guard slot + 1 < starts.count else { return [] }
        return words[Int(starts[slot])..<Int(starts[slot + 1])]
    }
}

/// Builds highlighted title parts and the snippet shown under each hit.
///
/// Words are matched on their analysed form (so "contraseña" highlights "Contraseñas") but the
/// parts carry the original text, accents and case included. Summaries and bodies are not
/// tokenized again: `SnippetTokens` recorded their words at indexing time.
struct SnippetBuilder {
    /// Target snippet length in characters (UTF-8 bytes, which is close enough for Latin scripts).
    static let length = 160

    private let index: LanguageIndex
    private let highlightedWords: Set<Int32>
    private let highlightedStems: Set<Int32>
    /// Titles are read as the index read them: "seis" is the indexed word "6" (`NumberWords`).
    private let session: AnalysisSession

    init(index: LanguageIndex, plan: QueryPlan) {
        self.index = index
        session = AnalysisSession(language: index.language)
        highlightedWords = plan.highlightedWords
        highlightedStems = plan.highlightedStems
    }

    /// A word with its UTF-8 bounds and, if it matched, its stem id (to count distinct matches).
    private struct Word {
        var start: Int
        var end: Int
        var match: Int32?
    }

    /// The whole text split into parts, matched words marked (used for titles, which are short).
    func highlighted(_ text: String) -> [SnippetPart] {
        var words: [Word] = []
        Tokenizer.forEachToken(in: text, language: index.language) { token in
            let id = session.forms(of: token.lowered).flatMap { index.words.id($0.word) } ?? -1
            words.append(Word(start: token.utf8Range.lowerBound, end: token.utf8Range.upperBound, match: matchedStem(id)))
            return true
        }
        return TextSlicer(text: text).parts(words: words.map { ($0.start, $0.end, $0.match != nil) }, from: 0, to: text.utf8.count)
    }

    /// The best window of summary or body: the one with the most distinct matched words.
    func snippet(for document: Int32) -> [SnippetPart] {
        let article = index.documents[Int(document)]
        let summary = bestWindow(in: article.summary, words: index.snippetTokens.words(of: document, .summary))
        let body = bestWindow(in: article.body, words: index.snippetTokens.words(of: document, .body))
        if article.summary.isEmpty || body.score > summary.score { return body.parts }
        return summary.parts
    }

    private func matchedStem(_ wordID: Int32) -> Int32? {
        guard wordID >= 0 else { return nil }
        let stemID = index.stemOfWord[Int(wordID)]
        return highlightedWords.contains(wordID) || highlightedStems.contains(stemID) ? stemID : nil
    }

    /// The window around the densest cluster of matches: distinct words count most, repeats a little.
    private func bestWindow(in text: String, words recorded: ArraySlice<SnippetTokens.Word>) -> (parts: [SnippetPart], score: Int) {
        let words = recorded.map { Word(start: Int($0.start), end: $0.end, match: matchedStem($0.word)) }
        guard !words.isEmpty else { return ([], -1) }
        let matches = words.indices.filter { words[$0].match != nil }.prefix(200)
        var best = (first: 0, last: 0, score: 0)
        for (offset, first) in matches.enumerated() {
            var distinct = Set<Int32>()
            var count = 0
            for last in matches.dropFirst(offset) {
                guard words[last].end - words[first].start <= Self.length else { break }
                if let stem = words[last].match { distinct.insert(stem) }
                count += 1
                let score = distinct.count * 8 + count
                if score > best.score { best = (first, last, score) }
            }
        }
        let window = expand(words, first: best.first, last: best.last)
        // At either end of the text, keep what surrounds the words (an opening "¿", a final ".").
        let from = window.lowerBound == 0 ? 0 : words[window.lowerBound].start
        let to = window.upperBound == words.count ? text.utf8.count : words[window.upperBound - 1].end
        var parts = TextSlicer(text: text).parts(
            words: words[window].map { ($0.start, $0.end, $0.match != nil) }, from: from, to: to)
        if window.lowerBound > 0 { parts.insert(SnippetPart(text: "… ", isMatch: false), at: 0) }
        if window.upperBound < words.count { parts.append(SnippetPart(text: " …", isMatch: false)) }
        return (TextSlicer.merged(parts), best.score)
    }

    /// Grows a cluster of words to about `length` characters, a third of the slack before it.
    private func expand(_ words: [Word], first: Int, last: Int) -> Range<Int> {
        var start = first
        var end = last
        let before = (Self.length - (words[last].end - words[first].start)) / 3
        while start > 0, words[first].start - words[start - 1].start <= before { start -= 1 }
        while end + 1 < words.count, words[end + 1].end - words[start].start <= Self.length { end += 1 }
        while start > 0, words[end].end - words[start - 1].start <= Self.length { start -= 1 }
        return start..<(end + 1)
    }
}

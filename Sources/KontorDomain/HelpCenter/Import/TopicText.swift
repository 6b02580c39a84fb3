/// A guide's title, summary and body as folded words, for counting vocabulary terms.
struct TopicText {
    let title: [String]
    let summary: [String]
    let body: [String]

    init(title: String, summary: String, body: String) {
        self.title = TextFolding.words(title)
        self.summary = TextFolding.words(summary)
        self.body = TextFolding.words(body)
    }

    /// How strongly `terms` describe the guide: a title hit weighs 3, a summary hit 2, a body hit 1. Each term
    /// counts at most twice per part, so a guide that repeats one word does not outweigh one that uses many.
    func score(_ terms: [String]) -> Int {
        terms.map(TextFolding.words).reduce(0) { total, phrase in
            total + 3 * min(2, Self.count(phrase, in: title)) + 2 * min(2, Self.count(phrase, in: summary))
                + min(2, Self.count(phrase, in: body))
        }
    }

    /// Occurrences of the word sequence `phrase` in `words`.
    static func count(_ phrase: [String], in words: [String]) -> Int {
        guard !phrase.isEmpty, words.count >= phrase.count else { return 0 }
        var found = 0
        for start in 0...(words.count - phrase.count) where matches(phrase, in: words, at: start) { found += 1 }
        return found
    }

    /// Where `phrase` first occurs in title then summary (as one sequence), for ordering tags as the reader meets them.
    func firstPosition(of phrase: [String]) -> Int? {
        let lead = title + summary
        guard !phrase.isEmpty, lead.count >= phrase.count else { return nil }
        return (0...(lead.count - phrase.count)).first { Self.matches(phrase, in: lead, at: $0) }
    }

    // A plain loop: this runs for every term of every vocabulary on every guide.
    private static func matches(_ phrase: [String], in words: [String], at start: Int) -> Bool {
        for offset in phrase.indices where words[start + offset] != phrase[offset] { return false }
        return true
    }
}

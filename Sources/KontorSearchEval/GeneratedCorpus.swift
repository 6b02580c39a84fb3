import KontorSearch

/// Help articles made up for the latency run: ~300 words each, in Spanish, English and French.
///
/// Text comes from a word-bigram model of the real guides of the same language, so articles read like help text
/// and use the guides' words with the guides' frequencies. The vocabulary is therefore small (a few thousand words
/// per language), which makes every posting list longer than in a real help center of this size: a pessimistic
/// corpus for every engine alike.
struct GeneratedCorpus {
    /// The bigram model of one language: which word follows which, with repeats so frequent pairs come up often.
    private struct Model {
        var starts: [String] = []
        var successors: [String: [String]] = [:]
        /// Distinct lowercased words of four letters or more, the kind editors pick as tags.
        var tagWords: [String] = []

        init(documents: [EvalDocument]) {
            var seen = Set<String>()
            for document in documents {
                for text in [document.title, document.summary, document.body] + document.headings {
                    for sentence in Self.sentences(of: text) where sentence.count > 1 {
                        starts.append(sentence[0])
                        for (word, next) in zip(sentence, sentence.dropFirst()) {
                            successors[word, default: []].append(next)
                        }
                        for word in sentence where word.count >= 4 && seen.insert(word.lowercased()).inserted {
                            tagWords.append(word.lowercased())
                        }
                    }
                }
            }
        }

        /// Words of each sentence, stripped of Markdown leftovers and punctuation.
        private static func sentences(of text: String) -> [[String]] {
            text.split(whereSeparator: { ".!?\n;:".contains($0) }).map { sentence in
                sentence.split(separator: " ").map { $0.filter { $0.isLetter || $0.isNumber || $0 == "'" || $0 == "-" } }
                    .filter { !$0.isEmpty }
            }
        }
    }

    private let languages: [SearchLanguage] = [.es, .es, .en, .fr]  // half Spanish, as in the real help center
    private var models: [SearchLanguage: Model] = [:]
    private var random: SeededRandom

    init(learningFrom documents: [EvalDocument], seed: UInt64 = 2024) {
        for language in Set(languages) {
            models[language] = Model(documents: documents.filter { $0.language == language })
        }
        random = SeededRandom(seed: seed)
    }

    /// `count` articles with slugs `generated-<lang>-<n>`; the same seed always gives the same articles.
    mutating func articles(_ count: Int) -> [EvalDocument] {
        (0..<count).map { number in
            let language = languages[number % languages.count]
            let model = models[language]!
            let headings = (0..<Int.random(in: 2...4, using: &random)).map { _ in
                capitalized(sentence(model, words: 2...5))
            }
            // Paragraphs until ~300 words, a heading line before each of the first few as in the rendered guides.
            var body: [String] = []
            var words = 0
            while words < 300 {
                var paragraph: [String] = []
                for _ in 0..<Int.random(in: 2...5, using: &random) {
                    let text = sentence(model, words: 8...22)
                    words += text.split(separator: " ").count
                    paragraph.append(capitalized(text) + ".")
                }
                if !body.isEmpty, body.count / 2 < headings.count { body.append(headings[body.count / 2]) }
                body.append(paragraph.joined(separator: " "))
            }
            let tags = (0..<Int.random(in: 2...4, using: &random)).compactMap { _ in
                model.tagWords.randomElement(using: &random)
            }
            return EvalDocument(
                slug: "generated-\(language.rawValue)-\(number)", language: language,
                title: capitalized(sentence(model, words: 3...8)),
                summary: capitalized(sentence(model, words: 12...25)) + ".",
                headings: headings, body: body.joined(separator: "\n"), tags: tags, keywords: [], kind: "guide", category: "generated")
        }
    }

    /// A walk through the bigram model, restarting at a sentence start when a word has no successor.
    private mutating func sentence(_ model: Model, words range: ClosedRange<Int>) -> String {
        let length = Int.random(in: range, using: &random)
        var word = model.starts.randomElement(using: &random)!
        var words = [word]
        while words.count < length {
            if let next = model.successors[word]?.randomElement(using: &random) {
                word = next
            } else {
                word = model.starts.randomElement(using: &random)!
            }
            words.append(word)
        }
        return words.joined(separator: " ")
    }

    private func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}

/// Builds a `LanguageIndex`: analyses every field of every document once and fills the term tables.
struct IndexBuilder {
    /// Positions skipped between two headings or tags, so a phrase never spans two of them.
    private static let gapBetweenEntries: UInt32 = 8

    private let session: AnalysisSession
    private var words = TermTableBuilder(recordsPositions: false)
    private var stems = TermTableBuilder(recordsPositions: true)
    private var stemOfWord: [Int32] = []
    private var displayWords: [String] = []
    /// Lowercased spelling → (word id, stem id), or -1s for a stop word: most words repeat, and
    /// one lookup here replaces stop-word check, stemming, folding and two id lookups.
    private var known: [String: (word: Int32, stem: Int32)] = [:]
    private var fieldLengths: [FieldCounts] = []
    private var snippetTokens = SnippetTokens()
    private var titleStems: [[Int32]] = []
    // Scratch buffers reused across documents.
    private var wordOccurrences: [(key: Int32, position: UInt32)] = []
    private var stemOccurrences: [(key: Int32, position: UInt32)] = []
    private var fieldWords: [SnippetTokens.Word] = []
    private var topicalWords = Set<Int32>()
    private var topicalStems = Set<Int32>()

    /// Indexes the documents of one language.
    static func build(language: SearchLanguage, documents: [SearchDocument], synonyms: [SynonymGroup]) -> LanguageIndex {
        var builder = IndexBuilder(session: AnalysisSession(language: language))
        for (position, document) in documents.enumerated() { builder.add(document, as: Int32(position)) }
        return builder.finish(documents: documents, synonyms: synonyms)
    }

    private init(session: AnalysisSession) {
        self.session = session
    }

    private mutating func add(_ document: SearchDocument, as documentIndex: Int32) {
        wordOccurrences.removeAll(keepingCapacity: true)
        stemOccurrences.removeAll(keepingCapacity: true)
        topicalWords.removeAll(keepingCapacity: true)
        topicalStems.removeAll(keepingCapacity: true)
        var lengths = FieldCounts()
        var title: [Int32] = []
        for field in SearchField.allCases {
            let recordsWords = field == .summary || field == .body
            var position = field.positionBase
            fieldWords.removeAll(keepingCapacity: true)
            for (number, entry) in Self.texts(of: document, in: field).enumerated() {
                let namesTopic = Self.namesTopic(field, entry: number, of: document)
                Tokenizer.forEachToken(in: entry, language: session.language) { token in
                    let ids = self.ids(of: token)
                    if ids.word >= 0, namesTopic {
                        topicalWords.insert(ids.word)
                        topicalStems.insert(ids.stem)
                    }
                    if ids.word >= 0, field == .title, !title.contains(ids.stem) { title.append(ids.stem) }
                    if ids.word >= 0 {
                        wordOccurrences.append((ids.word, position))
                        stemOccurrences.append((ids.stem, position))
                        position &+= 1
                        lengths[field] += 1
                    }
                    if recordsWords {
                        fieldWords.append(SnippetTokens.Word(
                            start: UInt32(clamping: token.utf8Range.lowerBound),
                            length: UInt16(clamping: token.utf8Range.count), word: ids.word))
                    }
                    return true
                }
                position &+= Self.gapBetweenEntries
            }
            if recordsWords { snippetTokens.append(fieldWords) }
        }
        fieldLengths.append(lengths)
        titleStems.append(title)
        words.add(document: documentIndex, occurrences: &wordOccurrences, topical: topicalWords)
        stems.add(document: documentIndex, occurrences: &stemOccurrences, topical: topicalStems)
    }

    /// Whether a word of this text says what the document is about: its title, and the tags and search keywords
    /// an editor chose. Section headings do not: in guides written as steps they are the steps' everyday words ("Log in
    /// to the control panel", "Step 2: choose a plan"), which would otherwise count as the guide's subject.
    private static func namesTopic(_ field: SearchField, entry: Int, of document: SearchDocument) -> Bool {
        switch field {
        case .title: true
        case .headings: entry >= document.headings.count
        case .summary, .body: false
        }
    }

    /// The word and stem ids of a token, assigning new ids to new words; -1s for stop words.
    private mutating func ids(of token: Token) -> (word: Int32, stem: Int32) {
        if let ids = known[token.lowered] { return ids }
        var ids: (word: Int32, stem: Int32) = (-1, -1)
        if let forms = session.forms(of: token.lowered) {
            ids = (words.id(for: forms.word), stems.id(for: forms.stem))
            if Int(ids.word) == stemOfWord.count {
                stemOfWord.append(ids.stem)
                displayWords.append(token.lowered)
            }
        }
        known[token.lowered] = ids
        return ids
    }

    private func finish(documents: [SearchDocument], synonyms: [SynonymGroup]) -> LanguageIndex {
        let averages = SearchField.allCases.map { field -> Float in
            guard !fieldLengths.isEmpty else { return 1 }
            return Float(fieldLengths.reduce(0) { $0 + $1[field] }) / Float(fieldLengths.count)
        }
        // A summary says what its guide is about, as a heading does, where no editor said so with search keywords (a
        // provider's guides imported as they are). Where one did, the keywords say it better, and the summary's everyday
        // words would compete with them (measured: docs/benchmarks.md, 6 December). Tags alone do not count: a provider
        // files each guide under a category ("email", "SSL", "sauvegarde"), which says where the guide belongs, not
        // what it answers (round 6: hosting-2, whose guides carry such tags, es 0.915 → 0.920, en 0.956 → 0.963,
        // fr 0.899 → 0.908; Kontor's guides all have keywords, the other stand-ins no tags).
        let summaryNamesTopic = documents.map { $0.keywords.isEmpty }
        return LanguageIndex(
            language: session.language, documents: documents,
            words: words.build(fieldLengths: fieldLengths, averageLengths: averages, summaryNamesTopic: summaryNamesTopic),
            stems: stems.build(fieldLengths: fieldLengths, averageLengths: averages, summaryNamesTopic: summaryNamesTopic),
            stemOfWord: stemOfWord, displayWords: displayWords, snippetTokens: snippetTokens, titleStems: titleStems,
            synonyms: SynonymTable(groups: synonyms.filter { $0.applies(to: session.language) }, session: session),
            categories: Self.intern(documents.map(\.category)), kinds: Self.intern(documents.map(\.kind)),
            popularityBoost: documents.map { Self.popularityBoost(views: $0.popularity) })
    }

    /// The texts of a field; tags and search keywords are indexed as headings, since editors choose them to say what
    /// the article is about.
    private static func texts(of document: SearchDocument, in field: SearchField) -> [String] {
        switch field {
        case .title: [document.title]
        case .headings: document.headings + document.tags + document.keywords
        case .summary: [document.summary]
        case .body: [document.body]
        }
    }

    /// At most +1% at a million views: popularity must only break ties between equal matches.
    private static func popularityBoost(views: Int) -> Float {
        let scaled = BM25.log(1 + Float(max(views, 0))) / BM25.log(1_000_001)
        return 1 + 0.01 * min(scaled, 1)
    }

    /// Replaces names by small integer ids; nil becomes -1.
    private static func intern(_ names: [String?]) -> (ids: [Int32], names: [String: Int32]) {
        var table: [String: Int32] = [:]
        let ids = names.map { name -> Int32 in
            guard let name else { return -1 }
            if let id = table[name] { return id }
            let id = Int32(table.count)
            table[name] = id
            return id
        }
        return (ids, table)
    }
}

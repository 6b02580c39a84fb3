/// Everything needed to search the documents of one language; immutable once built.
///
/// Languages are indexed separately so a Spanish search never sees French articles and each
/// vocabulary (for typos and prefixes) holds only words of that language. A class, not a struct:
/// it is shared by every search and captured by closures, and copying a struct of a dozen arrays
/// costs a retain per array each time.
final class LanguageIndex: Sendable {
    let language: SearchLanguage
    /// The documents, in the order postings refer to them.
    let documents: [SearchDocument]
    /// Unstemmed, accent-folded words: matches here are exact.
    let words: TermTable
    /// Accent-folded stems: matches here are stemmed.
    let stems: TermTable
    /// Word id → the stem id it was indexed with, for highlighting without stemming again.
    let stemOfWord: [Int32]
    /// Word id → the word as first seen, lowercased with its accents, for "did you mean".
    let displayWords: [String]
    /// Word boundaries of summaries and bodies, for snippets.
    let snippetTokens: SnippetTokens
    /// Per document, the distinct stem ids of its title (`TitleCoverage`).
    let titleStems: [[Int32]]
    let wordTypos: TypoVocabulary
    let stemTypos: TypoVocabulary
    let prefixes: PrefixVocabulary
    /// German only: the words spelled backwards, so the compounds a word ends are one run (`CompoundTails`).
    let reversedWords: PrefixVocabulary
    let synonyms: SynonymTable
    /// Per document, small integer ids of its category and kind, so filtering compares integers.
    let categoryIDs: [Int32]
    let kindIDs: [Int32]
    let categoryNames: [String: Int32]
    let kindNames: [String: Int32]
    /// Per document, a factor in 1...1.01 from its views: enough to break ties, never to reorder.
    let popularityBoost: [Float]
    /// The language's spelling dictionary, when installed: real words are not "corrected" (`QueryExpansion`).
    let dictionary: SpellingDictionary?

    init(
        language: SearchLanguage, documents: [SearchDocument], words: TermTable, stems: TermTable,
        stemOfWord: [Int32], displayWords: [String], snippetTokens: SnippetTokens, titleStems: [[Int32]], synonyms: SynonymTable,
        categories: (ids: [Int32], names: [String: Int32]), kinds: (ids: [Int32], names: [String: Int32]),
        popularityBoost: [Float]
    ) {
        self.language = language
        self.dictionary = SpellingDictionary.of(language)
        self.documents = documents
        self.words = words
        self.stems = stems
        self.stemOfWord = stemOfWord
        self.displayWords = displayWords
        self.snippetTokens = snippetTokens
        self.titleStems = titleStems
        self.wordTypos = TypoVocabulary(keys: words.keys)
        self.stemTypos = TypoVocabulary(keys: stems.keys)
        self.prefixes = PrefixVocabulary(keys: words.keys)
        self.reversedWords = PrefixVocabulary(keys: language == .de ? words.keys.map { String($0.reversed()) } : [])
        self.synonyms = synonyms
        self.categoryIDs = categories.ids
        self.categoryNames = categories.names
        self.kindIDs = kinds.ids
        self.kindNames = kinds.names
        self.popularityBoost = popularityBoost
    }

    /// Whether the guides have the word, as spelled or by its stem (`stemID(of:)` answers for both).
    func knows(_ forms: WordForms) -> Bool { stemID(of: forms) != nil }

    /// The stem id the documents use for a word: that of its indexed spelling when there is one.
    ///
    /// Snowball needs accents ("autenticación" → "autent", but "autenticacion" stays whole), and
    /// people type without them; the folded spelling finds the documents' own stem.
    func stemID(of forms: WordForms) -> Int32? {
        if let wordID = words.id(forms.word) { return stemOfWord[Int(wordID)] }
        return stems.id(forms.stem)
    }

    /// Whether a document passes the filters, comparing interned ids.
    func admits(_ document: Int32, _ filters: ResolvedFilters) -> Bool {
        if let category = filters.category, categoryIDs[Int(document)] != category { return false }
        if let kind = filters.kind, kindIDs[Int(document)] != kind { return false }
        return true
    }

    /// Filters turned into ids; nil when a filter names something no document has.
    func resolve(_ filters: SearchFilters) -> ResolvedFilters? {
        var resolved = ResolvedFilters()
        if let category = filters.category {
            guard let id = categoryNames[category] else { return nil }
            resolved.category = id
        }
        if let kind = filters.kind {
            guard let id = kindNames[kind] else { return nil }
            resolved.kind = id
        }
        return resolved
    }
}

/// `SearchFilters` with names replaced by the index's ids.
struct ResolvedFilters {
    var category: Int32?
    var kind: Int32?
}

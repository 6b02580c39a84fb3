/// One way a query word can match: an indexed key plus how much such a match is worth.
struct MatchAlternative {
    /// Where the matching documents are found.
    enum Source {
        /// An unstemmed word of `LanguageIndex.words`.
        case word(Int32)
        /// A stem of `LanguageIndex.stems`.
        case stem(Int32)
        /// Stems that must appear as a phrase (multi-word synonyms such as "verificación en dos pasos").
        case phrase([Int32])
    }

    var source: Source
    /// Multiplies the BM25F weight; see the factory methods for the ladder.
    var quality: Float
    /// Typos corrected (0, 1 or 2); documents needing corrections rank below those matching as typed.
    var edits: Int
    /// The typed word itself or its stem: needed for `SearchHit.matchedExactly`.
    var isLiteral: Bool

    /// A completion of the last word: not a typo, but it ranks like one against the word as typed.
    var isCompletion = false

    /// Whether this alternative reads the word `id` of `LanguageIndex.words`.
    func matches(word id: Int32) -> Bool {
        if case .word(let own) = source { return own == id }
        return false
    }

    /// Whether this alternative is a typo correction.
    var isTypo: Bool { edits > 0 }

    /// Whether a document matching the word only this way ranks below one matching it as typed: typos and
    /// completions ("account" must not lose to "accounting" just because the last word may still be typed).
    var isApproximate: Bool { isTypo || isCompletion }

    // The quality ladder: exact > stemmed > synonym > synonym's stem > prefix > 1 typo > compound > 2 typos.
    // Exact and stemmed matches of the typed word are the literal term; synonyms sit a little below it, so a
    // synonym in a tag cannot outrank the customer's own word in the text.
    static func exact(_ id: Int32) -> Self { Self(source: .word(id), quality: 1.0, edits: 0, isLiteral: true) }
    static func stemmed(_ id: Int32) -> Self { Self(source: .stem(id), quality: 0.8, edits: 0, isLiteral: true) }
    static func synonym(word id: Int32) -> Self { Self(source: .word(id), quality: 0.7, edits: 0, isLiteral: false) }
    static func synonym(stem id: Int32) -> Self { Self(source: .stem(id), quality: 0.6, edits: 0, isLiteral: false) }
    static func synonym(phrase ids: [Int32]) -> Self { Self(source: .phrase(ids), quality: 0.7, edits: 0, isLiteral: false) }
    /// The typed word as the guides write it apart ("whitelist" as "white list"): the customer's own word, stemmed.
    static func writtenApart(phrase ids: [Int32]) -> Self { Self(source: .phrase(ids), quality: 0.8, edits: 0, isLiteral: true) }
    static func completion(_ id: Int32) -> Self { Self(source: .word(id), quality: 0.65, edits: 0, isLiteral: false, isCompletion: true) }
    /// A longer word that starts with a complete query word ("Rechnung" → "Rechnungsadresse"); see `CompoundHeads`.
    static func compound(_ id: Int32) -> Self {
        Self(source: .word(id), quality: CompoundHeads.quality, edits: 0, isLiteral: false, isCompletion: true)
    }
    static func typo(word id: Int32, distance: Int) -> Self {
        Self(source: .word(id), quality: distance == 1 ? 0.55 : 0.4, edits: distance, isLiteral: false)
    }
    static func typo(stem id: Int32, distance: Int) -> Self {
        Self(source: .stem(id), quality: distance == 1 ? 0.5 : 0.35, edits: distance, isLiteral: false)
    }
}

/// One query word and every way it can match.
struct QuerySlot {
    /// The word as typed, lowercased ("contrsaeña"): the key of `SearchResults.correctedTerms`.
    var typed: String
    var forms: WordForms
    /// A stop word still being typed ("como desactivo la"): it may complete to a word and add to
    /// the score, but documents need not match it to count as matching all words.
    var isOptional: Bool
    /// The last word, still being typed: it also matches words it is the beginning of.
    var isPrefix: Bool
    /// A word that says how much or where to, not what about (`LightWords`): it matches and adds to the score, but
    /// does not count towards the words a document matches clearly.
    var isLight = false
    var alternatives: [MatchAlternative] = []
}

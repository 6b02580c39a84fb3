/// Lets a complete query word match the longer words it begins, wherever it stands in the query.
///
/// Product names and German nouns are often written as one word: "Rechnungsadresse", "Datenbankname",
/// "Supportcode", "administrator" for "admin". Customers type the short form, and not always last, where
/// completion already catches it ("admin rechte", "rechnung adresse ändern"). Only a real word qualifies (one the
/// guides or the language's dictionary know), so a word cut short in the middle of a query ("recup contraseña")
/// stays what it is; the longer word must differ in stem and add a few letters, so inflections are left to the
/// stemmer. Such a match ranks like a completion: below the word as typed, at a lower quality.
enum CompoundHeads {
    /// Three-letter words begin too many unrelated ones ("art" → "article", "artificial").
    static let minimumLength = 4
    /// Letters the longer word must add: "rechnung" → "rechnungen" is an inflection, not a compound.
    static let minimumExtraLength = 3
    /// Compounds kept per query word, the most frequent first.
    static let maximumCompounds = 10
    /// Below a completion (0.65) and a one-letter typo (0.55): the customer did type a different word.
    static let quality: Float = 0.5

    /// Word ids of the longer words `word` begins, when `word` is a complete word.
    static func compounds(of word: String, isWord: Bool, stem: Int32?, in index: LanguageIndex) -> [Int32] {
        let length = word.unicodeScalars.count
        guard isWord, length >= minimumLength else { return [] }
        let found = index.prefixes.completions(of: word, documentFrequency: index.words.documentFrequency)
            .filter { id in
                index.words.keys[Int(id)].unicodeScalars.count >= length + minimumExtraLength
                    && index.stemOfWord[Int(id)] != stem
            }
        return Array(found.prefix(maximumCompounds))
    }
}

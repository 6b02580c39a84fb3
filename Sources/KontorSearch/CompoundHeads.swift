/// Lets a complete query word match the longer words it begins, wherever it stands in the query.
///
/// Product names and German nouns are often written as one word: "Rechnungsadresse", "Datenbankname",
/// "Supportcode", "administrator" for "admin". Customers type the short form, and not always last, where
/// completion already catches it ("admin rechte", "rechnung adresse ändern"). Only a real word qualifies (one the
/// guides or the language's dictionary know), so a word cut short in the middle of a query ("recup contraseña")
/// stays what it is; the longer word must differ in stem and add a few letters, so inflections are left to the
/// stemmer. Such a match ranks like a completion: below the word as typed, at a lower quality.
///
/// Outside German, not for a word a quarter of the guides use as typed (`CompoundTails.isCommon`): there the short forms
/// customers type are a product's or a role's ("admin", "config"), which few guides spell whole, while the common words
/// that begin a longer one are other words ("plus" / "plusieurs"): French "ne reçoit plus rien"
/// met every guide that says "plusieurs", as a word matched clearly (round 8: hosting-4 fr 0.946 → 0.951, fresh fr 0.940 →
/// 0.951, no set lower). German keeps them: its compounds begin with the common word ("Rechnung" → "Rechnungsadresse").
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
        guard isWord, length >= minimumLength, index.language == .de || !CompoundTails.isCommon(word, in: index) else { return [] }
        let found = index.prefixes.completions(of: word, documentFrequency: index.words.documentFrequency)
            .filter { id in
                index.words.keys[Int(id)].unicodeScalars.count >= length + minimumExtraLength
                    && index.stemOfWord[Int(id)] != stem
            }
        return Array(found.prefix(maximumCompounds))
    }
}

/// Lets a complete German query word match the guides' compounds it ends: in German the last part of a compound names
/// what it is ("Unterordner" is an "Ordner", "Datensicherung" a "Sicherung"), so a customer who types the short word
/// asks about the compound's thing too. `CompoundHeads` reads a word as the beginning of a longer one; a German
/// compound begins with what qualifies it, and ends with what it is. "gelöschten Ordner wiederherstellen" met only the
/// guides that say "Ordner" about mail folders, not the backup guide that restores "in einen Unterordner".
///
/// Five letters at least, so a short word does not end unrelated ones ("Port" ends "Export" and "Support"); the
/// compound must add three letters and have a stem of its own. Not for a word a quarter of the guides use as typed:
/// "Seite" ends "Anmeldeseite" and "Rückseite", "Passwort" "Einmalpasswort", compounds whose first part makes them
/// another subject (measured: unseen de 0.935 → 0.926, customers de 0.976 → 0.972 without this limit; docs/benchmarks.md,
/// round 8). Ranked as a compound head is: below the word as typed. German only: the index keeps its words spelled
/// backwards for it (`LanguageIndex.reversedWords`).
enum CompoundTails {
    static let minimumLength = 5

    /// Whether the guides use `word` as typed in a quarter of them or more.
    static func isCommon(_ word: String, in index: LanguageIndex) -> Bool {
        guard let id = index.words.id(word) else { return false }
        return 4 * index.words.documentFrequency(id) >= index.documents.count
    }

    /// Word ids of the longer words `word` ends, when `word` is a complete German word.
    static func compounds(of word: String, isWord: Bool, stem: Int32?, in index: LanguageIndex) -> [Int32] {
        let length = word.unicodeScalars.count
        guard index.language == .de, isWord, length >= minimumLength, !isCommon(word, in: index) else { return [] }
        let found = index.reversedWords.completions(of: String(word.reversed()), documentFrequency: index.words.documentFrequency)
            .filter { id in
                index.words.keys[Int(id)].unicodeScalars.count >= length + CompoundHeads.minimumExtraLength
                    && index.stemOfWord[Int(id)] != stem
            }
        return Array(found.prefix(CompoundHeads.maximumCompounds))
    }
}

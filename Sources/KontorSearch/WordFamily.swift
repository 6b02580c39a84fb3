/// Lets a real word the guides lack match the words of its family they do use, by a long shared beginning.
///
/// Snowball strips inflections, not derivations: the adjective a customer types and the noun the guide uses keep
/// different stems ("publicitaires" / "publicité", "pubblicitarie" / "pubblicità", "promotional" / "promotions"), so
/// "trop de mails publicitaires" matched only "mails", which every guide has, and the newsletters guide, the one that
/// names advertising, was not even in the top ten. Only a word the guides do not have and the language's dictionary
/// knows qualifies (a misspelling is left to typo correction), and the shared beginning must be long: eight letters
/// keep "dipendente" (employee) away from "dipende" (it depends). Such a match ranks like a compound: below any word
/// as typed, at a lower quality.
enum WordFamily {
    /// Letters the query word and the guide's word must begin with alike.
    static let sharedLength = 8
    /// Family members kept per query word, the most frequent first.
    static let maximumMembers = 10

    /// Word ids of the guides' words that begin with the first `sharedLength` letters of `word`.
    static func members(of word: String, in index: LanguageIndex) -> [Int32] {
        let scalars = word.unicodeScalars
        guard scalars.count > sharedLength else { return [] }
        let beginning = String(String.UnicodeScalarView(scalars.prefix(sharedLength)))
        var found = index.prefixes.completions(of: beginning, documentFrequency: index.words.documentFrequency)
        if let same = index.words.id(beginning) { found.insert(same, at: 0) }
        return Array(found.prefix(maximumMembers))
    }
}

/// German words as customers type them, brought back to the forms the guides index (queries only).
///
/// Three things Snowball's German stemmer leaves apart, each a textbook problem of German retrieval:
/// - **participles**: "eingeloggt", "abgemeldet", "geändert" are "einloggen", "abmelden", "ändern" (ge- inside or in
///   front, -t / -et / -en at the end; "anzumelden" carries zu the same way);
/// - **separable verbs**: "wie logge ich mich aus" is "ausloggen", its particle at the end of the clause;
/// - **compounds**: "Geschäftscomputer" is a "Computer", "Passwortänderung" a "Passwort" and an "Änderung".
/// Only a word that matches nothing as typed is rewritten, and only into words the guides contain, so a word the
/// guides know keeps its meaning and a rewrite can never invent a term. Written here rather than taken from a
/// library because Debian packages no German decompounder or lemmatizer usable from Swift; Hunspell's German
/// dictionary does not analyse participles of anglicisms such as "eingeloggt", which customers type most.
enum GermanQueryWords {
    /// Particles of separable verbs ("aus" in "ausloggen"); "zurück" also folded, as the query's separate words are.
    static let separableParticles = ["ab", "an", "auf", "aus", "bei", "ein", "fest", "her", "hin", "los", "mit",
                                     "nach", "vor", "weg", "zu", "zurück", "zuruck", "zusammen", "um"]
    /// Each part of a split compound has at least this many letters.
    static let minimumPartLength = 4

    /// The words `typed` stands for in the guides: one (a verb form, or a compound's last part) or two (both parts
    /// of a compound), or nil when no rewrite finds a word the index has. `particlesAfter` are the separable
    /// particles typed after the word.
    static func rewrite(_ typed: String, particlesAfter: [String], session: AnalysisSession, index: LanguageIndex) -> [WordForms]? {
        let known = { (candidate: String) in indexed(candidate, session: session, index: index) }
        let verbs = verbForms(of: typed, particlesAfter: particlesAfter)
        for candidate in verbs {
            if let forms = known(candidate) { return [forms] }
        }
        // A participle of a verb the guides lack but a synonym group names ("eingeloggt": "einloggen" ~ "anmelden"):
        // the infinitive, so the group meets the guides' word.
        for candidate in verbs {
            if let forms = session.forms(of: candidate), index.synonyms.hasOneWordTerm(forms) { return [forms] }
        }
        return compoundParts(of: typed, known: known)
    }

    /// A verb the guides know as it stands, whose separable particle the question puts at the end ("wie schalte ich
    /// 2FA aus", "wie trete ich aus der Organisation aus"): the particle verb the guides use ("ausschalten",
    /// "austreten"), when they use it. Without this the verb alone matched ("schalten", "treten") and the particle,
    /// a stop word, counted for nothing, so the question lost its meaning.
    static func particleVerb(_ typed: String, particlesAfter: [String], session: AnalysisSession, index: LanguageIndex) -> WordForms? {
        particleJoined(typed, particlesAfter).lazy.compactMap { indexed($0, session: session, index: index) }.first
    }

    /// The word with a particle typed after it put in front, as the infinitive writes it ("schalte" + "aus":
    /// "ausschalte", "ausschalten").
    private static func particleJoined(_ word: String, _ particlesAfter: [String]) -> [String] {
        particlesAfter.filter { !word.hasPrefix($0) }.flatMap { [$0 + word, $0 + word + "n"] }
    }

    /// The forms of `candidate` when the guides have it, as typed or by its stem.
    private static func indexed(_ candidate: String, session: AnalysisSession, index: LanguageIndex) -> WordForms? {
        guard let forms = session.forms(of: candidate) else { return nil }
        return index.knows(forms) ? forms : nil
    }

    /// Infinitives a participle, a zu-infinitive or a verb with its particle after it may stand for, best first.
    static func verbForms(of word: String, particlesAfter: [String]) -> [String] {
        var candidates: [String] = []
        for prefix in [""] + separableParticles where word.hasPrefix(prefix + "ge") || (!prefix.isEmpty && word.hasPrefix(prefix + "zu")) {
            let infix = word.dropFirst(prefix.count).hasPrefix("ge") ? "ge" : "zu"
            let root = String(word.dropFirst(prefix.count + infix.count))
            guard root.count >= 3 else { continue }
            if infix == "zu" {
                candidates.append(prefix + root)
            } else if root.hasSuffix("et") || root.hasSuffix("t") {
                let stem = String(root.dropLast(root.hasSuffix("et") ? 2 : 1))
                candidates += [prefix + stem + "en", prefix + stem + "n"]
            } else if root.hasSuffix("en") {
                candidates.append(prefix + root)
            }
        }
        return candidates + particleJoined(word, particlesAfter)
    }

    /// A compound's parts the guides contain: the longest known last part, and the first part when it is known too
    /// (with or without a linking -s-, -es-, -n-, -en-).
    private static func compoundParts(of word: String, known: (String) -> WordForms?) -> [WordForms]? {
        let letters = Array(word)
        guard letters.count >= 2 * minimumPartLength else { return nil }
        for split in minimumPartLength...(letters.count - minimumPartLength) {
            guard let head = known(String(letters[split...])) else { continue }
            let modifier = String(letters[..<split])
            for link in ["", "s", "es", "n", "en"] where modifier.hasSuffix(link) && modifier.count - link.count >= minimumPartLength - 1 {
                if let first = known(String(modifier.dropLast(link.count))) { return [first, head] }
            }
            return [head]
        }
        return nil
    }
}

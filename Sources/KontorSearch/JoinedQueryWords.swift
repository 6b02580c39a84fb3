/// Words a customer writes apart or together where the guides do the opposite (queries only).
///
/// - **A hyphenated code**: "2-FA", "e-mail" are read "2fa", "email" when the guides have that word. Split, "2" and
///   "fa" matched nothing useful, and "fa" was corrected into "fake". Joined only when one part is a letter or two
///   (or a number), or a part is unknown to the guides: "two-factor" keeps both its words.
/// - **A closed compound outside German**: "apitoken", "twofactor", "sslcertificate" are read as the two words the
///   guides write apart ("api token"), when the typed word is unknown to the guides and to the language's
///   dictionary. German has its own reading of compounds (`GermanQueryWords`).
/// - **A real word the guides write apart**: "whitelist", "username", "mailbox" are words the dictionary knows, so they
///   are not split into two query words; where the guides lack them but write "white list", "user name", "mail box",
///   that phrase is one more way the word matches (`writtenApart`).
/// In both directions the result must be words the guides contain, so a reading can never invent a term, and a word
/// the guides know keeps its meaning.
enum JoinedQueryWords {
    /// The query with "X-Y" written "XY" where that reading applies.
    static func joiningHyphenatedCodes(in query: String, session: AnalysisSession, index: LanguageIndex) -> String {
        guard query.utf8.contains(0x2D) else { return query }
        // As far as `QueryPlan` reads the question: to its character cap.
        let end = query.index(query.startIndex, offsetBy: QueryPlan.maximumQueryCharacters, limitedBy: query.endIndex) ?? query.endIndex
        var tokens: [Token] = []
        Tokenizer.forEachToken(in: query, language: session.language) { token in
            guard token.range.upperBound <= end else { return false }
            tokens.append(token)
            return true
        }
        var hyphens: [String.Index] = []
        var position = 0
        while position + 1 < tokens.count {
            let first = tokens[position], second = tokens[position + 1]
            let gap = query[first.range.upperBound..<second.range.lowerBound]
            if gap == "-", joins(first.lowered, second.lowered, session: session, index: index) {
                hyphens.append(first.range.upperBound)
                position += 2
            } else {
                position += 1
            }
        }
        guard !hyphens.isEmpty else { return query }
        var joined = query
        for hyphen in hyphens.reversed() { joined.remove(at: hyphen) }
        return joined
    }

    /// The two words the guides have for `forms`, a word they do not have and the dictionary does not know; nil when
    /// there is no such reading. Of several splits, the one whose shorter part is longest ("web"+"hosting").
    static func closedCompoundParts(of slot: QuerySlot, session: AnalysisSession, index: LanguageIndex) -> [WordForms]? {
        let forms = slot.forms
        guard !slot.isOptional, !index.knows(forms), index.dictionary?.knows(slot.typed) != true else { return nil }
        let letters = Array(forms.word)
        guard letters.count >= 2 * minimumPartLength else { return nil }
        var best: (parts: [WordForms], shorter: Int)?
        for split in minimumPartLength...(letters.count - minimumPartLength) {
            guard let first = session.forms(of: String(letters[..<split])), index.knows(first),
                  let second = session.forms(of: String(letters[split...])), index.knows(second) else { continue }
            let shorter = min(split, letters.count - split)
            if shorter > best?.shorter ?? 0 { best = ([first, second], shorter) }
        }
        return best?.parts
    }

    /// The stems of the phrase the guides write for `slot`, a real word (the dictionary knows it) they do not have:
    /// "whitelist" → "white list", "username" → "user name", "sub-domain" for "subdomain". Nil when the word is in the
    /// guides, when the dictionary does not know it (then `closedCompoundParts` reads it as two words), or when no split
    /// gives two words the guides contain. Of several splits, the one whose shorter part is longest. Not German, whose
    /// compounds `GermanQueryWords` reads.
    static func writtenApart(_ slot: QuerySlot, session: AnalysisSession, index: LanguageIndex) -> [Int32]? {
        guard session.language != .de, !slot.isOptional, !index.knows(slot.forms), index.dictionary?.knows(slot.typed) == true
        else { return nil }
        let letters = Array(slot.forms.word)
        guard letters.count >= 2 * minimumPartLength else { return nil }
        var best: (stems: [Int32], shorter: Int)?
        for split in minimumPartLength...(letters.count - minimumPartLength) {
            guard let first = session.forms(of: String(letters[..<split])), let firstStem = index.stemID(of: first),
                  let second = session.forms(of: String(letters[split...])), let secondStem = index.stemID(of: second) else { continue }
            let shorter = min(split, letters.count - split)
            if shorter > best?.shorter ?? 0 { best = ([firstStem, secondStem], shorter) }
        }
        return best?.stems
    }

    /// The verb of an English noun made of a verb and its particle ("setup", "cleanup", "shutdown", "payout"), when the
    /// guides do not have the noun but have the verb: they write "Set up two-factor authentication", the customer "2fa
    /// setup". The particle is a stop word or says little ("up", "out"), so the verb alone stands for the phrase.
    static func englishPhrasalNounVerb(of slot: QuerySlot, session: AnalysisSession, index: LanguageIndex) -> WordForms? {
        let forms = slot.forms
        guard session.language == .en, !slot.isOptional, !index.knows(forms) else { return nil }
        for particle in englishParticles where forms.word.hasSuffix(particle) {
            let verb = String(forms.word.dropLast(particle.count))
            guard verb.count >= minimumPartLength, let verbForms = session.forms(of: verb), index.knows(verbForms) else { continue }
            return verbForms
        }
        return nil
    }

    private static let englishParticles = ["up", "out", "off", "down", "over", "back"]

    /// Each part of a split compound has at least this many letters ("api", "dns", "ssl", "web").
    static let minimumPartLength = 3

    private static func joins(_ first: String, _ second: String, session: AnalysisSession, index: LanguageIndex) -> Bool {
        guard let joined = session.forms(of: first + second), index.knows(joined) else { return false }
        func isShortOrUnknown(_ part: String) -> Bool {
            part.count <= 2 || part.allSatisfy(\.isNumber) || session.forms(of: part).map { !index.knows($0) } ?? true
        }
        return isShortOrUnknown(first) || isShortOrUnknown(second)
    }
}

/// A word found in text: its lowercased spelling and where it sits in the original string.
struct Token {
    /// Lowercased, NFC-composed spelling with apostrophes resolved; accents are still there.
    var lowered: String
    /// The word's range in the original text, for highlighting.
    var range: Range<String.Index>
    /// The same range as UTF-8 offsets, for measuring snippet windows cheaply.
    var utf8Range: Range<Int>
}

/// Splits text into words: runs of Unicode letters, digits and combining marks.
///
/// Everything else separates words, including "_" and "-" ("wxyz_mabase" → "wxyz", "mabase";
/// "two-factor" → "two", "factor"), while "2fa", "mysql8" and a number with a point or comma ("8.2") stay whole. An apostrophe between
/// two letters stays inside the word so that `Elision` can treat "l'adresse" per language.
enum Tokenizer {
    /// Longer "words" are hashes, keys or base64 blobs: nobody searches for them by typing.
    static let maximumWordBytes = 64

    /// Calls `body` with each word of `text` in order; `body` returns false to stop early. A few phrases are one word
    /// (`PhraseStep`): English sign-in verbs with their particle (`EnglishSignInVerbs`), French "mot de passe".
    static func forEachToken(in text: String, language: SearchLanguage, _ body: (Token) -> Bool) {
        switch language {
        case .en: forEachJoinedToken(in: text, language: language, step: EnglishSignInVerbs.step, oneWord: { EnglishSignInVerbs.oneWord[$0] }, body)
        case .fr: forEachJoinedToken(in: text, language: language, step: FrenchPhrases.step, oneWord: { _ in nil }, body)
        case .es, .it: forEachJoinedToken(in: text, language: language, step: { ByMistake.step(language, $0, $1) }, oneWord: { _ in nil }, body)
        default: forEachWord(in: text, language: language, body)
        }
    }

    /// What a phrase rule says of the next word, given the words it holds so far (none, or adjacent ones).
    enum PhraseStep: Equatable {
        /// Hold it: it may start or continue a phrase.
        case hold
        /// It ends the phrase, which is this one word.
        case join(String)
        /// No phrase: the words held, then this one, are words of their own.
        case none
        /// It ends a phrase that says nothing a guide is about (`ByMistake`): no word at all.
        case drop
    }

    /// The words of `text` with the phrases `step` recognises joined into one token spanning them (highlighted whole),
    /// and single words `oneWord` respells. Only spaces or one hyphen may stand between a phrase's words.
    private static func forEachJoinedToken(in text: String, language: SearchLanguage, step: ([Token], Token) -> PhraseStep,
                                           oneWord: (String) -> String?, _ body: (Token) -> Bool) {
        var held: [Token] = []
        var stopped = false
        func release() -> Bool {
            defer { held = [] }
            for token in held where !body(token) { stopped = true; return false }
            return true
        }
        forEachWord(in: text, language: language) { token in
            if let first = held.first, let previous = held.last, onlySpaceOrHyphen(in: text, between: previous, and: token) {
                switch step(held, token) {
                case .join(let word):
                    held = []
                    stopped = !body(Token(lowered: word, range: first.range.lowerBound..<token.range.upperBound,
                                          utf8Range: first.utf8Range.lowerBound..<token.utf8Range.upperBound))
                    return !stopped
                case .hold: held.append(token); return true
                case .drop: held = []; return true
                case .none: break
                }
            }
            guard release() else { return false }
            if step([], token) == .hold { held = [token]; return true }
            var word = token
            if let respelled = oneWord(token.lowered) { word.lowered = respelled }
            stopped = !body(word)
            return !stopped
        }
        if !stopped { _ = release() }
    }

    /// Whether only spaces or one hyphen stand between the two words ("log in", "sign-in"), not a full stop or a comma.
    static func onlySpaceOrHyphen(in text: String, between first: Token, and second: Token) -> Bool {
        let gap = text.utf8[first.range.upperBound..<second.range.lowerBound]
        return !gap.isEmpty && gap.count <= 3 && gap.allSatisfy { $0 == 0x20 || $0 == 0x2D || $0 == 0x09 } && gap.filter { $0 == 0x2D }.count <= 1
    }

    /// The words of `text`, each as written (lowercased).
    private static func forEachWord(in text: String, language: SearchLanguage, _ body: (Token) -> Bool) {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var offset = 0
        var start: (index: String.Index, offset: Int)?
        var apostrophe: (index: String.Index, offset: Int)?
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if let end = mojibakeEnd(scalars, at: index) {
                if let open = start {
                    start = nil
                    let span = RawSpan(range: open.index..<index, utf8Range: open.offset..<offset, apostrophe: apostrophe)
                    apostrophe = nil
                    if !emit(span, in: text, language: language, body) { return }
                }
                let width = scalars[index..<end].reduce(0) { $0 + UTF8.width($1) }
                if !body(Token(lowered: mojibakeWord, range: index..<end, utf8Range: offset..<(offset + width))) { return }
                offset += width
                index = end
                continue
            }
            let next = scalars.index(after: index)
            let width = UTF8.width(scalar)
            if isWordScalar(scalar) {
                if start == nil { start = (index, offset) }
            } else if start != nil, isNumberSeparator(scalar), index > scalars.startIndex,
                      isDigit(scalars[scalars.index(before: index)]), next < scalars.endIndex, isDigit(scalars[next]) {
                // "8.2", "7,4", "192.168.1.1": one number, not "8" and "2" (which read as "two" in "two-factor").
            } else if start != nil, apostrophe == nil, isApostrophe(scalar),
                      next < scalars.endIndex, isWordScalar(scalars[next]) {
                apostrophe = (index, offset)
            } else if let open = start {
                start = nil
                let span = RawSpan(range: open.index..<index, utf8Range: open.offset..<offset, apostrophe: apostrophe)
                apostrophe = nil
                if !emit(span, in: text, language: language, body) { return }
            }
            offset += width
            index = next
        }
        if let open = start {
            let span = RawSpan(range: open.index..<index, utf8Range: open.offset..<offset, apostrophe: apostrophe)
            _ = emit(span, in: text, language: language, body)
        }
    }

    /// What UTF-8 text read as Latin-1 shows ("cafÃ©", "Ã±", "â€™"), pasted by a customer whose site does it and shown by
    /// the guide on character encoding, is one word wherever it stands: a lead byte read as "Ã" or "Â" and a follow-on byte
    /// read as a symbol (U+0080–U+00BF), or "â€" and the character after it. As letters, "Ã" folded to "a", a stop word,
    /// and the symbol was no letter at all, so "les é deviennent Ã©" had nothing to find the encoding guide by.
    static let mojibakeWord = "mojibake"

    /// Where a mojibake pair that starts at `index` ends, or nil.
    static func mojibakeEnd(_ scalars: String.UnicodeScalarView, at index: String.Index) -> String.Index? {
        let value = scalars[index].value
        guard value == 0xC3 || value == 0xC2 || value == 0xE2 else { return nil }
        let second = scalars.index(after: index)
        guard second < scalars.endIndex else { return nil }
        let follow = scalars[second].value
        if value != 0xE2 { return (0x80...0xBF).contains(follow) ? scalars.index(after: second) : nil }
        guard follow == 0x20AC else { return nil }
        let third = scalars.index(after: second)
        return third < scalars.endIndex && scalars[third].value >= 0x80 ? scalars.index(after: third) : third
    }

    /// Lowercases a whole span; ASCII spans, the vast majority, skip the Unicode machinery.
    static func lowercased(_ text: String, _ span: RawSpan) -> String {
        let bytes = text.utf8[span.range]
        if bytes.allSatisfy({ $0 < 0x80 }) {
            if !bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(text.unicodeScalars[span.range]) }
            return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return lowercased(text.unicodeScalars[span.range])
    }

    /// Lowercases and composes a stretch of the original text.
    /// The Latin ligatures of Unicode's Alphabetic Presentation Forms, as their letters.
    private static let ligatures: [UInt32: String] = [0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"]

    static func lowercased(_ scalars: Substring.UnicodeScalarView) -> String {
        var result = String.UnicodeScalarView()
        for scalar in scalars {
            let value = scalar.value
            if value < 0x80 {
                result.append((0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
            } else if (0xC0...0xDE).contains(value), value != 0xD7, let lower = Unicode.Scalar(value + 0x20) {
                result.append(lower)  // Latin-1 capitals: the common case, without a table lookup
            } else if AccentFolding.isCombiningMark(scalar), let last = result.last,
                      let composed = AccentFolding.compose(last, scalar) {
                result.removeLast()
                result.append(composed)
            } else if isApostrophe(scalar) {
                result.append("'")
            } else if (0xFF01...0xFF5E).contains(value), let ascii = Unicode.Scalar(value - 0xFEE0) {
                // Full-width Latin letters and digits (typed with an East Asian input method) are the ASCII ones:
                // "ｃｏｎｔｒａｓｅñａ" is "contraseña". The compatibility mapping NFKC would apply, for these only.
                result.append((0x41...0x5A).contains(ascii.value) ? Unicode.Scalar(UInt8(ascii.value + 0x20)) : ascii)
            } else if let letters = Self.ligatures[value] {
                result.append(contentsOf: letters.unicodeScalars)   // "ﬁrewall", "conﬁguración" from a PDF
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(result)
    }

    private static func emit(_ span: RawSpan, in text: String, language: SearchLanguage, _ body: (Token) -> Bool) -> Bool {
        guard span.utf8Range.count <= maximumWordBytes else { return true }
        if span.apostrophe == nil, let digits = numberBeforeUnit(text.utf8[span.range]) {
            let split = text.utf8.index(span.range.lowerBound, offsetBy: digits)
            let bytes = text.utf8[span.range]
            let number = Token(lowered: String(decoding: bytes.prefix(digits), as: UTF8.self), range: span.range.lowerBound..<split,
                               utf8Range: span.utf8Range.lowerBound..<(span.utf8Range.lowerBound + digits))
            let unit = Token(lowered: String(decoding: bytes.dropFirst(digits).map { $0 | 0x20 }, as: UTF8.self),
                             range: split..<span.range.upperBound, utf8Range: (span.utf8Range.lowerBound + digits)..<span.utf8Range.upperBound)
            return body(number) && body(unit)
        }
        return Elision.resolve(span, in: text, language: language, body)
    }

    /// A quantity of data typed without its space ("2tb", "500MB", "10Go") is the number and the unit, as guides write
    /// them ("2 TB", "500 MB"): whole, "2tb" met no guide that gives a size. Only these units of storage and transfer, in
    /// English and French letters, so "2fa", "4k" or "64bit" stay whole. Returns how many digits come first.
    static func numberBeforeUnit(_ bytes: Substring.UTF8View) -> Int? {
        guard bytes.count >= 3, bytes.count <= 8, let first = bytes.first, (0x30...0x39).contains(first) else { return nil }
        let digits = bytes.prefix { (0x30...0x39).contains($0) }.count
        let rest = bytes.dropFirst(digits)
        guard !rest.isEmpty, rest.count <= 3, rest.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return nil }
        let unit = String(decoding: rest.map { $0 | 0x20 }, as: UTF8.self)
        return dataUnits.contains(unit) ? digits : nil
    }

    private static let dataUnits: Set<String> = ["kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "ko", "mo", "go", "to"]

    /// A full stop or comma inside a number: a version ("PHP 8.2"), a decimal ("2,5 GB"), an address ("192.168.1.1").
    static func isNumberSeparator(_ scalar: Unicode.Scalar) -> Bool { scalar == "." || scalar == "," }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { (0x30...0x39).contains(scalar.value) }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) || (0x30...0x39).contains(value)
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "\u{02BC}"
    }
}

/// A run of word characters before language rules apply; remembers its first inner apostrophe.
struct RawSpan {
    var range: Range<String.Index>
    var utf8Range: Range<Int>
    var apostrophe: (index: String.Index, offset: Int)?
}

/// English says signing in with two words ("log in", "sign in", "logged out", "sign-up") whose second is a stop word:
/// dropped, "log in" was "log", and the security *log* guide came first for "how do I log in"; the shipped synonym
/// group "sign in ~ log in ~ login" even made "log" and "sign" the same word. Joined, each of them is one word on both
/// sides of the index: "signin" for signing in (log in, log on, sign in), "signout" for signing out, "signup" for
/// creating an account. "Into" and "onto" are how people write the verb with its place ("can't log into my account",
/// "logging onto the console"): the same signing in.
enum EnglishSignInVerbs {
    private static let verbs: Set<String> = ["log", "logs", "logged", "logging", "sign", "signs", "signed", "signing"]
    private static let particles: [String: String] = ["in": "signin", "ins": "signin", "on": "signin", "into": "signin", "onto": "signin",
                                                      "out": "signout", "outs": "signout", "off": "signout", "up": "signup", "ups": "signup"]
    /// One-word spellings read as the joined ones. "login" and "logout" stay words of their own (the shipped synonym
    /// groups make them equal to "sign in" / "log out"): as a word of the index, "login" is what typo correction finds
    /// for "loginn", and a typed "log" does not complete into every guide that says "log in".
    static let oneWord: [String: String] = ["logon": "login", "logoff": "logout"]

    /// What may stand between the verb and its particle: "log me in", "keeps logging you out".
    static let pronouns: Set<String> = ["me", "you", "him", "her", "us", "them", "it", "everyone", "everybody"]

    /// A verb is held; then a pronoun may be; a particle of the verb joins them ("sign up" joins, "log up" does not).
    /// The verbs of `EnglishPhrasalNouns` are held too and join their own particle.
    static func step(_ held: [Token], _ next: Token) -> Tokenizer.PhraseStep {
        guard let verb = held.first else {
            return verbs.contains(next.lowered) || EnglishPhrasalNouns.verbs[next.lowered] != nil ? .hold : ByMistake.step(.en, held, next)
        }
        if verb.lowered == "by" { return ByMistake.step(.en, held, next) }
        if let phrasal = EnglishPhrasalNouns.verbs[verb.lowered] {
            if next.lowered == phrasal.particle { return .join(phrasal.noun) }
        } else if let joined = particles[next.lowered], joined != "signup" || verb.lowered.hasPrefix("sign") {
            return .join(joined)
        }
        return held.count == 1 && pronouns.contains(next.lowered) ? .hold : .none
    }
}

/// English verbs whose particle makes them the noun the guides and customers also write as one word: "back up your
/// site" and "a backup", "set up e-mail" and "e-mail setup", "the connection timed out" and "a timeout". The particle
/// is a stop word, so "back up" was read as "back" and never met a guide on backups, and a guide titled "Backing up and
/// restoring" did not name backups for a customer who typed "backup". On both sides of the index each form of the
/// verb with its particle (a pronoun may stand between: "back it up") is the noun, written closed. Only verbs whose
/// phrase means the noun's action: "check out", "start up" or "look out" are read as written.
enum EnglishPhrasalNouns {
    /// Each form of a verb, its particle, and the noun they make.
    static let verbs: [String: (particle: String, noun: String)] = {
        let families: [(forms: [String], particle: String, noun: String)] = [
            (["back", "backs", "backed", "backing"], "up", "backup"),
            (["set", "sets", "setting"], "up", "setup"),
            (["clean", "cleans", "cleaned", "cleaning"], "up", "cleanup"),
            (["shut", "shuts", "shutting"], "down", "shutdown"),
            (["roll", "rolls", "rolled", "rolling"], "back", "rollback"),
            (["look", "looks", "looked", "looking"], "up", "lookup"),
            (["time", "times", "timed", "timing"], "out", "timeout"),
            (["lock", "locks", "locked", "locking"], "out", "lockout"),
        ]
        var table: [String: (particle: String, noun: String)] = [:]
        for family in families { for form in family.forms { table[form] = (family.particle, family.noun) } }
        return table
    }()
}

/// French phrases read as one word: "mot(s) de passe", whose "passe" stemmed as the verb "passer", so the guide titled
/// "…passer à une autre organisation" competed with the password guides for every question about a password. And
/// colloquial "plein de" ("lots of"), which is no word at all: "je reçois plein de spams" put the guide on a full
/// mailbox ("boîte pleine") above the spam filter. The adjective stays ("le disque est plein", "boîte pleine de …").
enum FrenchPhrases {
    static func step(_ held: [Token], _ next: Token) -> Tokenizer.PhraseStep {
        if let first = held.first, first.lowered == "par" { return ByMistake.step(.fr, held, next) }
        if let first = held.first, first.lowered == "plein" { return held.count == 1 && next.lowered == "de" ? .drop : .none }
        return switch (held.count, next.lowered) {
        case (0, "mot"), (0, "mots"), (1, "de"): .hold
        case (2, "passe"), (2, "passes"): .join("motdepasse")
        case (0, "plein"): .hold
        case (0, _): ByMistake.step(.fr, held, next)
        default: .none
        }
    }
}

/// "By mistake" and its equivalents ("par erreur", "por error", "per errore", "by accident") say how something
/// happened, not what the question is about; they are no words at all, in the guides and in questions. Read as words,
/// "error" named every guide about an error message: "j'ai supprimé des fichiers par erreur" ranked the guides on
/// errors 403 and 500 above the one on restoring deleted files.
enum ByMistake {
    /// The phrases' first word in `language` ("by", "par", "por", "per"): compared with every word of the guides, so
    /// a plain comparison rather than a table look-up.
    static func opener(_ language: SearchLanguage) -> String? {
        switch language {
        case .en: "by"
        case .fr: "par"
        case .es: "por"
        case .it: "per"
        case .de: nil
        }
    }

    /// The words that end a phrase after the opener.
    static let endings: [SearchLanguage: Set<String>] = [
        .en: ["mistake", "accident"],
        .fr: ["erreur", "mégarde", "megarde", "accident"],
        .es: ["error", "equivocación", "equivocacion", "accidente"],
        .it: ["errore", "sbaglio"],
    ]

    static func step(_ language: SearchLanguage, _ held: [Token], _ next: Token) -> Tokenizer.PhraseStep {
        guard let opener = opener(language) else { return .none }
        guard let first = held.first else { return next.lowered == opener ? .hold : .none }
        return held.count == 1 && first.lowered == opener && endings[language]?.contains(next.lowered) == true ? .drop : .none
    }
}

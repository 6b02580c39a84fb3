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
/// "two-factor" → "two", "factor"), while "2fa" and "mysql8" stay whole. An apostrophe between
/// two letters stays inside the word so that `Elision` can treat "l'adresse" per language.
enum Tokenizer {
    /// Longer "words" are hashes, keys or base64 blobs: nobody searches for them by typing.
    static let maximumWordBytes = 64

    /// Calls `body` with each word of `text` in order; `body` returns false to stop early. In English, a sign-in verb
    /// and its particle are one word (`EnglishSignInVerbs`).
    static func forEachToken(in text: String, language: SearchLanguage, _ body: (Token) -> Bool) {
        if language == .fr { return forEachFrenchToken(in: text, body) }
        guard language == .en else { return forEachWord(in: text, language: language, body) }
        // A verb waiting for its particle, and the pronoun between them if any ("logs me out").
        var held: [Token] = []
        var stopped = false
        func release() -> Bool {
            defer { held = [] }
            for token in held where !body(token) { stopped = true; return false }
            return true
        }
        forEachWord(in: text, language: language) { token in
            if let verb = held.first, let previous = held.last, EnglishSignInVerbs.onlySpaceOrHyphen(in: text, between: previous, and: token) {
                if let joined = EnglishSignInVerbs.joined(verb.lowered, token.lowered) {
                    held = []
                    stopped = !body(Token(lowered: joined, range: verb.range.lowerBound..<token.range.upperBound,
                                          utf8Range: verb.utf8Range.lowerBound..<token.utf8Range.upperBound))
                    return !stopped
                }
                if held.count == 1, EnglishSignInVerbs.pronouns.contains(token.lowered) { held.append(token); return true }
            }
            guard release() else { return false }
            if EnglishSignInVerbs.takesParticle(token.lowered) { held = [token]; return true }
            var word = token
            if let single = EnglishSignInVerbs.oneWord[token.lowered] { word.lowered = single }
            stopped = !body(word)
            return !stopped
        }
        if !stopped { _ = release() }
    }

    /// French words, "mot de passe" being one: its "passe" stemmed as the verb "passer", so the guide titled "…passer à
    /// une autre organisation" competed with the password guides for every question about a password.
    private static func forEachFrenchToken(in text: String, _ body: (Token) -> Bool) {
        var held: [Token] = []
        var stopped = false
        func release() -> Bool {
            defer { held = [] }
            for token in held where !body(token) { stopped = true; return false }
            return true
        }
        forEachWord(in: text, language: .fr) { token in
            let expected: Set<String> = switch held.count {
            case 0: ["mot", "mots"]
            case 1: ["de"]
            default: ["passe", "passes"]
            }
            if expected.contains(token.lowered), held.isEmpty || EnglishSignInVerbs.onlySpaceOrHyphen(in: text, between: held[held.count - 1], and: token) {
                guard held.count == 2 else { held.append(token); return true }
                let first = held[0]
                held = []
                stopped = !body(Token(lowered: "motdepasse", range: first.range.lowerBound..<token.range.upperBound,
                                      utf8Range: first.utf8Range.lowerBound..<token.utf8Range.upperBound))
                return !stopped
            }
            guard release() else { return false }
            if token.lowered == "mot" || token.lowered == "mots" { held = [token]; return true }
            stopped = !body(token)
            return !stopped
        }
        if !stopped { _ = release() }
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
            let next = scalars.index(after: index)
            let width = UTF8.width(scalar)
            if isWordScalar(scalar) {
                if start == nil { start = (index, offset) }
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
        return Elision.resolve(span, in: text, language: language, body)
    }

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
/// creating an account.
enum EnglishSignInVerbs {
    private static let verbs: Set<String> = ["log", "logs", "logged", "logging", "sign", "signs", "signed", "signing"]
    private static let particles: [String: String] = ["in": "signin", "ins": "signin", "on": "signin", "out": "signout", "outs": "signout",
                                                      "off": "signout", "up": "signup", "ups": "signup"]
    /// One-word spellings read as the joined ones. "login" and "logout" stay words of their own (the shipped synonym
    /// groups make them equal to "sign in" / "log out"): as a word of the index, "login" is what typo correction finds
    /// for "loginn", and a typed "log" does not complete into every guide that says "log in".
    static let oneWord: [String: String] = ["logon": "login", "logoff": "logout"]

    static func takesParticle(_ lowered: String) -> Bool { verbs.contains(lowered) }
    /// What may stand between the verb and its particle: "log me in", "keeps logging you out".
    static let pronouns: Set<String> = ["me", "you", "him", "her", "us", "them", "it", "everyone", "everybody"]

    /// The joined word of a verb and the word after it, or nil when that word is no particle of it ("sign up" joins,
    /// "log up" does not).
    static func joined(_ verb: String, _ next: String) -> String? {
        guard let joined = particles[next] else { return nil }
        if joined == "signup", !verb.hasPrefix("sign") { return nil }
        return joined
    }

    /// Whether only spaces or one hyphen stand between the two words ("log in", "sign-in"), not a full stop or a comma.
    static func onlySpaceOrHyphen(in text: String, between first: Token, and second: Token) -> Bool {
        let gap = text.utf8[first.range.upperBound..<second.range.lowerBound]
        return !gap.isEmpty && gap.count <= 3 && gap.allSatisfy { $0 == 0x20 || $0 == 0x2D || $0 == 0x09 } && gap.filter { $0 == 0x2D }.count <= 1
    }
}

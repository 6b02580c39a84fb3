import Foundation

/// What makes a password acceptable (OWASP ASVS 6.2): length only, no composition rules, not common,
/// not made of the words around it.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 8
    /// Shown in the UI as the recommendation (NIST 800-63B rev 4 for password-only accounts).
    public static let recommendedLength = 15
    /// Long enough for passphrases; the limit only protects the hasher from megabyte inputs.
    public static let maximumLength = 256

    /// The list, asked for only when a password is checked: the app's list has 120,000 entries, and loading it
    /// on every start cost every CLI command (a statement import too) a tenth of a second.
    private let commonPasswords: @Sendable () -> Set<String>

    public init(commonPasswords: Set<String>) {
        self.commonPasswords = { commonPasswords }
    }

    /// `commonPasswords` is called on each check; make it return a lazily loaded constant.
    public init(commonPasswords: @escaping @Sendable () -> Set<String>) {
        self.commonPasswords = commonPasswords
    }

    /// Checks a new password that replaces `current`, which the caller has just verified: the current one again is
    /// refused before anything else (NIST 800-63B 3.1.1.2: a change that changes nothing leaves the password known to
    /// whoever the owner changed it against, such as an administrator who chose a first password). Compared after
    /// Unicode compatibility normalisation, as the hasher's input is.
    public func check(_ password: String?, replacing current: String?, contextWords: [String] = [], field: String = "password") -> FieldError? {
        if let password, let current, !password.isEmpty,
           password.precomposedStringWithCompatibilityMapping == current.precomposedStringWithCompatibilityMapping {
            return FieldError(field: field, messageKey: "error.password.unchanged")
        }
        return check(password, contextWords: contextWords, field: field)
    }

    /// Checks `password`; `contextWords` are the product name, the e-mail and names the user typed.
    public func check(_ password: String?, contextWords: [String] = [], field: String = "password") -> FieldError? {
        guard let password, !password.isEmpty else { return FieldError(field: field, messageKey: "error.required") }
        let length = password.count
        if length < Self.minimumLength { return FieldError(field: field, messageKey: "error.password.too_short") }
        if length > Self.maximumLength { return FieldError(field: field, messageKey: "error.too_long") }
        let folded = password.lowercased()
        let common = commonPasswords()
        if Self.variants(of: folded).contains(where: common.contains) {
            return FieldError(field: field, messageKey: "error.password.common")
        }
        // Repeated or consecutive characters, alone or with the digits and symbols people put around them.
        if PredictablePasswords.isPredictable(folded) || Self.variants(of: folded).contains(where: PredictablePasswords.isPredictable) {
            return FieldError(field: field, messageKey: "error.password.predictable")
        }
        // Accents do not count: "Schürmann" is "Schurmann" to a guesser.
        let context = contextWords
            .flatMap { $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
                .split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }
            .map(String.init)
            .filter { $0.count >= 4 }
        // A password that is only context words (and digits or punctuation around them) is refused.
        let plain = folded.folding(options: .diacriticInsensitive, locale: nil)
        var rest = plain
        for word in context.sorted(by: { $0.count > $1.count }) { rest = rest.replacingAll(word, with: "") }
        if rest != plain && rest.filter({ $0.isLetter }).count < 4 {
            return FieldError(field: field, messageKey: "error.password.context")
        }
        return nil
    }
}

extension PasswordPolicy {
    /// Look-alike symbols people put in place of letters ("P@ssw0rd").
    static let substitutions: [Character: Character] = [
        "@": "a", "4": "a", "8": "b", "(": "c", "3": "e", "6": "g", "9": "g", "1": "i", "!": "i", "|": "l",
        "0": "o", "$": "s", "5": "s", "7": "t", "+": "t", "2": "z",
    ]

    /// The forms of a lower-cased password that a guesser tries first (NIST 800-63B 3.1.1.2: the blocklist covers
    /// "commonly-used, expected, or compromised values", which includes their obvious variants): as typed, with
    /// look-alike symbols read as letters, and each of those without the digits and symbols people add at the end
    /// or the start ("password123", "Summer2024!", "1qwerty"). Variants under four characters say nothing.
    static func variants(of folded: String) -> Set<String> {
        func trimmed(_ text: String) -> [String] {
            let trailing = String(text.reversed().drop(while: isPadding).reversed())
            let symbolsOnly = String(text.reversed().drop(while: isSymbol).reversed().drop(while: isSymbol))
            return [text, trailing, String(text.drop(while: isPadding)), String(trailing.drop(while: isPadding)), symbolsOnly]
        }
        var found = Set(trimmed(folded))
        for text in found {
            // Symbols read as letters everywhere, or only where they stand between letters and digits stay digits.
            let readable = String(text.map { substitutions[$0] ?? $0 })
            let lettersOnly = String(text.map { $0.isNumber ? $0 : substitutions[$0] ?? $0 })
            for candidate in [readable, lettersOnly] { found.formUnion(trimmed(candidate)) }
        }
        return found.filter { $0.count >= 4 }
    }

    private static func isSymbol(_ character: Character) -> Bool {
        !character.isLetter && !character.isNumber && !character.isWhitespace
    }

    private static func isPadding(_ character: Character) -> Bool {
        character.isNumber || (!character.isLetter && !character.isWhitespace)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = "", rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<self.index(index, offsetBy: target.count) }
            index = self.index(after: index)
        }
        return nil
    }
}

/// What makes a password acceptable (OWASP ASVS 6.2): length only, no composition rules, not common,
/// not made of the words around it.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 8
    /// Shown in the UI as the recommendation (NIST 800-63B rev 4 for password-only accounts).
    public static let recommendedLength = 15
    /// Long enough for passphrases; the limit only protects the hasher from megabyte inputs.
    public static let maximumLength = 256

    private let commonPasswords: Set<String>

    public init(commonPasswords: Set<String>) {
        self.commonPasswords = commonPasswords
    }

    /// Checks `password`; `contextWords` are the product name, the e-mail and names the user typed.
    public func check(_ password: String?, contextWords: [String] = [], field: String = "password") -> FieldError? {
        guard let password, !password.isEmpty else { return FieldError(field: field, messageKey: "error.required") }
        let length = password.count
        if length < Self.minimumLength { return FieldError(field: field, messageKey: "error.password.too_short") }
        if length > Self.maximumLength { return FieldError(field: field, messageKey: "error.too_long") }
        let folded = password.lowercased()
        if commonPasswords.contains(folded) { return FieldError(field: field, messageKey: "error.password.common") }
        let context = contextWords
            .flatMap { $0.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) }
            .map(String.init)
            .filter { $0.count >= 4 }
        // A password that is only context words (and digits or punctuation around them) is refused.
        var rest = folded
        for word in context.sorted(by: { $0.count > $1.count }) { rest = rest.replacingAll(word, with: "") }
        if rest != folded && rest.filter({ $0.isLetter }).count < 4 {
            return FieldError(field: field, messageKey: "error.password.context")
        }
        return nil
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

/// The domain name a site answers on (`www.example.ch`). ASCII only: an internationalized name is given in its
/// `xn--` form, as the DNS and Apache's ServerName take it.
public struct SiteDomainName: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// RFC 1035/1123 host names: two labels or more, each 1–63 letters, digits or hyphens, not starting or ending with a
    /// hyphen, 253 characters in all; a trailing dot is dropped and letters are lowercased.
    public static func parse(_ raw: String?, field: String = "domain") -> Result<Self, FieldError> {
        var text = (raw ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        guard !text.isEmpty else { return .failure(FieldError(field: field, messageKey: "error.required")) }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let valid = text.count <= 253 && labels.count >= 2 && labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } && DomainName.hasValidHyphens(label)
        } && labels.last?.allSatisfy(\.isNumber) == false
        return valid ? .success(Self(value: text)) : .failure(FieldError(field: field, messageKey: "error.sites.domain"))
    }

    private init(value: String) { self.value = value }

    public var description: String { value }
}

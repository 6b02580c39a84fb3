/// A person's or organization's display name: trimmed, NFC-normalized, 1 to 100 characters, nothing invisible
/// (no controls, bidi controls, zero-width characters or line separators: they can disguise who is who in a member
/// list or an invitation).
public struct DisplayName: Hashable, Sendable {
    public let value: String
    public static let maximumLength = 100

    /// Validates `raw` for the form field `field`.
    public static func parse(_ raw: String?, field: String = "name") -> Result<DisplayName, FieldError> {
        let trimmed = TextCharacters.normalized((raw ?? "").trimmingWhitespace())
        if trimmed.isEmpty { return .failure(FieldError(field: field, messageKey: "error.required")) }
        // Counted as people read it (characters) and as it is stored: "G" with 5,000 combining marks is one character
        // (security probe round 6). Four code points a character leave room for any script and emoji sequence.
        if trimmed.count > maximumLength || trimmed.unicodeScalars.count > maximumLength * 4 {
            return .failure(FieldError(field: field, messageKey: "error.too_long"))
        }
        // Anywhere in what was sent, not only inside the trimmed name: a form field never sends a tab or a form
        // feed, and the API's schema refuses control characters wherever they are.
        if let invisible = TextCharacters.firstInvisible(in: raw ?? "") {
            return .failure(FieldError(field: field, messageKey: "error.invalid_characters", arguments: ["character": TextCharacters.codePoint(invisible)]))
        }
        return .success(DisplayName(value: trimmed))
    }
}

/// A person's or organization's display name: trimmed, 1 to 100 characters, no control characters.
public struct DisplayName: Hashable, Sendable {
    public let value: String
    public static let maximumLength = 100

    /// Validates `raw` for the form field `field`.
    public static func parse(_ raw: String?, field: String = "name") -> Result<DisplayName, FieldError> {
        let trimmed = (raw ?? "").trimmingWhitespace()
        if trimmed.isEmpty { return .failure(FieldError(field: field, messageKey: "error.required")) }
        if trimmed.count > maximumLength { return .failure(FieldError(field: field, messageKey: "error.too_long")) }
        // Anywhere in what was sent, not only inside the trimmed name: a form field never sends a tab or a form
        // feed, and the API's schema refuses control characters wherever they are.
        if (raw ?? "").unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return .failure(FieldError(field: field, messageKey: "error.invalid_characters"))
        }
        return .success(DisplayName(value: trimmed))
    }
}

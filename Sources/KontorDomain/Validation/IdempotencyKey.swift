/// The key a form or API client sends so that sending it twice does one thing (orders, kSuite upgrades, "renew now",
/// newsletter sends): 1 to 255 visible ASCII characters — a page renders a UUID into each form.
public enum IdempotencyKey {
    /// The key, or a refusal naming `field` with `messageKey` (each feature says in its own words that its form expired).
    public static func validated(_ key: String?, field: String, messageKey: String) throws -> String {
        guard let key, (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ValidationFailure([FieldError(field: field, messageKey: messageKey)])
        }
        return key
    }
}

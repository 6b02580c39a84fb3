import Vapor

extension Request {
    /// The optional query parameter `name`, nil when it is absent or empty: `?category=` is how forms and many
    /// clients say "no choice", so it means the same as leaving the parameter out, not a value to refuse.
    func optionalQuery(_ name: String) -> String? {
        guard let value = query[String.self, at: name], !value.isEmpty else { return nil }
        return value
    }
}

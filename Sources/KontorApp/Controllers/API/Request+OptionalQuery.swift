import KontorDomain
import Vapor

extension Request {
    /// The optional query parameter `name`, nil when it is absent or empty: `?category=` is how forms and many
    /// clients say "no choice", so it means the same as leaving the parameter out, not a value to refuse.
    ///
    /// A value that cannot be read as one text (`?currency=%FF`, not UTF-8; `?status[]=open`, a list) is refused on
    /// the API with a 422 naming the parameter, since ignoring it would answer a question the caller did not ask (every
    /// invoice for "only the open ones"). So is a parameter given twice (`?status=open&status=paid`), which was read as
    /// its last value alone. Pages, whose links and forms Kontor writes itself, still read it as absent, or as its last value.
    func optionalQuery(_ name: String) throws -> String? {
        if let value = query[String.self, at: name] {
            if isAPI, Self.parameterNames(in: url.query).count(where: { $0 == name }) > 1 {
                throw ValidationFailure([FieldError(field: name, messageKey: "error.query_value")])
            }
            return value.isEmpty ? nil : value
        }
        guard isAPI, Self.parameterNames(in: url.query).contains(where: { $0 == name || $0.hasPrefix(name + "[") }) else { return nil }
        throw ValidationFailure([FieldError(field: name, messageKey: "error.query_value")])
    }

    /// The names the raw query string gives a value, decoded where they can be (a bare `?status` gives none: absent).
    private static func parameterNames(in query: String?) -> [String] {
        guard let query else { return [] }
        return query.split(separator: "&").filter { $0.contains("=") }.map { pair in
            let name = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(name)
        }
    }
}

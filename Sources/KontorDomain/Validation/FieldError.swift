/// One problem with one input field, named by a catalog key so it can be said in the user's language.
public struct FieldError: Error, Equatable, Sendable, Codable {
    /// The name of the form field or JSON property, e.g. `email`.
    public let field: String
    /// A key in the message catalogs, e.g. `error.email.invalid`.
    public let messageKey: String
    /// Values for the message's placeholders: `["limit": "50"]` for "at most {limit} variables".
    public let arguments: [String: String]

    public init(field: String, messageKey: String, arguments: [String: String] = [:]) {
        self.field = field
        self.messageKey = messageKey
        self.arguments = arguments
    }

    private enum CodingKeys: String, CodingKey { case field, messageKey, arguments }

    // Errors stored before messages had arguments have none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decode(String.self, forKey: .field)
        messageKey = try container.decode(String.self, forKey: .messageKey)
        arguments = try container.decodeIfPresent([String: String].self, forKey: .arguments) ?? [:]
    }
}

/// All the problems found in one submission; thrown as one error so a form shows them together.
public struct ValidationFailure: Error, Equatable, Sendable {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    /// The same problems under other field names: a form's `renewal_warranty` is the API's `renewalWarranty`.
    public func renamingFields(_ names: [String: String]) -> ValidationFailure {
        ValidationFailure(errors.map { FieldError(field: names[$0.field] ?? $0.field, messageKey: $0.messageKey, arguments: $0.arguments) })
    }

    /// The same problems said with other messages: what a form says ("the order form has expired") is not what an API
    /// client, which has no form, needs to hear.
    public func replacingMessages(_ keys: [String: String]) -> ValidationFailure {
        ValidationFailure(errors.map { FieldError(field: $0.field, messageKey: keys[$0.messageKey] ?? $0.messageKey, arguments: $0.arguments) })
    }

    /// Throws when `errors` is not empty.
    public static func check(_ errors: [FieldError]) throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

extension Result where Failure == FieldError {
    /// The value, or a `ValidationFailure` naming the field.
    public func validated() throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw ValidationFailure([error])
        }
    }
}

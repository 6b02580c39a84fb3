/// One problem with one input field, named by a catalog key so it can be said in the user's language.
public struct FieldError: Error, Equatable, Sendable, Codable {
    /// The name of the form field or JSON property, e.g. `email`.
    public let field: String
    /// A key in the message catalogs, e.g. `error.email.invalid`.
    public let messageKey: String

    public init(field: String, messageKey: String) {
        self.field = field
        self.messageKey = messageKey
    }
}

/// All the problems found in one submission; thrown as one error so a form shows them together.
public struct ValidationFailure: Error, Equatable, Sendable {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    /// The same problems under other field names: a form's `renewal_warranty` is the API's `renewalWarranty`.
    public func renamingFields(_ names: [String: String]) -> ValidationFailure {
        ValidationFailure(errors.map { FieldError(field: names[$0.field] ?? $0.field, messageKey: $0.messageKey) })
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

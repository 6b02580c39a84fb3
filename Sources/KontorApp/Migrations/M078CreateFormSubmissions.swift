import Fluent

/// `form_submissions`: the key of each staff form that created something without a natural key of its own (a product
/// provisioned by hand), unique, with the SHA-256 of what the form asked for. The same form sent twice creates once
/// (`FormSubmissions`); housekeeping forgets a key after `Housekeeping.idempotencyKeyDays`.
struct M078CreateFormSubmissions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("form_submissions").id()
            .field("form_key", .string, .required).field("request_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "form_key", name: "form_submissions_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("form_submissions").delete()
    }
}

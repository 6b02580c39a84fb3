import Fluent

/// `form_submissions`: the key of each form or API call that created something without a natural key of its own (a
/// product provisioned by hand, an organization set up, a staff booking on a prepaid account, a manual invoice), unique per person, with the SHA-256 of what it asked for and
/// the id of what it created. The same request sent twice creates once and answers with the first one's result
/// (`FormSubmissions`); housekeeping forgets a key after `Housekeeping.idempotencyKeyDays`.
struct M077CreateFormSubmissions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("form_submissions").id()
            .field("form_key", .string, .required).field("request_hash", .string, .required)
            .field("result_id", .uuid, .required).field("created_at", .datetime, .required)
            .unique(on: "form_key", name: "form_submissions_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("form_submissions").delete()
    }
}

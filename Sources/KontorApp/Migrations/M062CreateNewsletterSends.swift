import Fluent

/// `newsletter_sends`: one row per issue sent, written in the transaction that queues its messages. The send form's
/// idempotency key is unique per topic, so one form sent twice (a double click, the browser resending it, a retry on
/// another server) mails nobody twice; the second send reads how many recipients the first had.
struct M062CreateNewsletterSends: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("newsletter_sends").id()
            .field("topic_id", .uuid, .required, .references("newsletter_topics", "id", onDelete: .cascade))
            .field("idempotency_key", .string, .required)
            .field("recipients", .int, .required)
            .field("sent_by_staff_id", .uuid)
            .field("created_at", .datetime, .required)
            .unique(on: "topic_id", "idempotency_key", name: "newsletter_sends_key")
            .create()
    }

    func revert(on database: any Database) async throws { try await database.schema("newsletter_sends").delete() }
}

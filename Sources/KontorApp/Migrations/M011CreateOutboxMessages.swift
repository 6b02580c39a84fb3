import Fluent

struct M011CreateOutboxMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages").id()
            .field("recipient", .string, .required).field("subject", .string, .required)
            .field("text_body", .string, .required).field("html_body", .string)
            .field("headers_json", .string, .required).field("created_at", .datetime, .required)
            .field("attempts", .int, .required).field("next_attempt_at", .datetime, .required)
            .field("sent_at", .datetime).field("last_error", .string).create()
    }
    func revert(on database: any Database) async throws { try await database.schema("outbox_messages").delete() }
}

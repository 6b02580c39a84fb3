import Fluent

/// A reference to a file made when an outbox message is sent (an invoice's PDF), so the row holds no bytes.
struct M033AddOutboxAttachment: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages").field("attachment", .string).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("outbox_messages").deleteField("attachment").update()
    }
}

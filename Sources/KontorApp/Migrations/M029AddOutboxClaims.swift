import Fluent

/// Per-message delivery claims (exactly-once delivery across servers) and a "failed" state staff can see.
/// One column per statement: SQLite adds a single column per ALTER TABLE.
struct M029AddOutboxClaims: AsyncMigration {
    static let columns: [(FieldKey, DatabaseSchema.DataType)] = [
        ("claimed_by", .string), ("claimed_until", .datetime), ("failed_at", .datetime), ("retry_since", .datetime),
    ]

    func prepare(on database: any Database) async throws {
        for (name, type) in Self.columns { try await database.schema("outbox_messages").field(name, type).update() }
    }
    func revert(on database: any Database) async throws {
        for (name, _) in Self.columns.reversed() { try await database.schema("outbox_messages").deleteField(name).update() }
    }
}

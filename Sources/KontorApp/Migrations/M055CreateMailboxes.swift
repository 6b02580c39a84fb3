import Fluent

/// The addresses of a mail service. An address exists once across Kontor (it is delivered to one mailbox).
struct M055CreateMailboxes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("mailboxes").id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("address", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "address", name: "mailboxes_address_unique")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("mailboxes").delete() }
}

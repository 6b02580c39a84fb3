import Fluent

/// Each kSuite upgrade with the invoice it issued; the form's key is unique per suite, so a double click or two
/// servers at once upgrade once and issue one invoice.
struct M056CreateSuiteUpgrades: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("suite_upgrades").id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("idempotency_key", .string, .required)
            .field("catalog_item_id", .uuid, .references("catalog_items", "id", onDelete: .setNull))
            .field("from_users", .int, .required).field("from_storage_gb", .int, .required)
            .field("to_users", .int, .required).field("to_storage_gb", .int, .required)
            .field("invoice_id", .uuid)
            .field("amount_minor", .int64, .required).field("currency", .string, .required)
            .field("upgraded_by_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "product_id", "idempotency_key", name: "suite_upgrades_key_unique")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("suite_upgrades").delete() }
}

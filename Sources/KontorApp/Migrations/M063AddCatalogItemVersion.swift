import Fluent

/// `catalog_items.version` counts changes to an item, so two staff editing it at once learn it (409) instead of the
/// later save silently replacing the earlier one; the staff API shows it as the item's ETag. Existing items start at 1.
struct M063AddCatalogItemVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("catalog_items").field("version", .int, .required, .sql(.default(1))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("catalog_items").deleteField("version").update()
    }
}

import Fluent

/// A kSuite's plan (users × storage) lives on the product, so an upgrade changes the product and not the catalog;
/// a product that came with a kSuite (its mail service, its storage) names the suite it belongs to.
struct M053AddSuitePlanToProducts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("products").field("suite_users", .int).update()
        try await database.schema("products").field("suite_storage_gb", .int).update()
        try await database.schema("products").field("bundled_in_product_id", .uuid, .references("products", "id", onDelete: .cascade)).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("products").deleteField("bundled_in_product_id").update()
        try await database.schema("products").deleteField("suite_users").update()
        try await database.schema("products").deleteField("suite_storage_gb").update()
    }
}

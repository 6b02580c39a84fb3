import Fluent

/// A plain user of an organization given access to one of its products: they manage that product's sites, PHP
/// settings and environment variables as an administrator would, and nothing else.
struct M048CreateProductMemberGrants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("product_member_grants").id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("granted_by_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "product_id", "user_id", name: "product_member_grants_unique")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("product_member_grants").delete() }
}

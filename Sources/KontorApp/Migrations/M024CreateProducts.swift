import Fluent
import SQLKit

/// Products an organization holds, with their renewal date and settings (Renewal Warranty, the MySQL prefix option).
struct M024CreateProducts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("products").id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("kind", .string, .required).field("name", .string, .required)
            .field("created_at", .datetime, .required).field("renews_at", .datetime, .required)
            .field("renewal_warranty", .bool, .required)
            .field("mysql_server_prefix", .string).field("mysql_prefix_enabled", .bool).create()
        if let sql = database as? any SQLDatabase {
            // Every product page and list filters by organization.
            try await sql.create(index: "products_organization_id").on("products").column("organization_id").run()
            // One Premium Support per organization, held by the database so two clicks at once cannot add two.
            try await sql.raw("CREATE UNIQUE INDEX products_one_premium_support ON products (organization_id) WHERE kind = 'premium_support'").run()
        }
    }
    func revert(on database: any Database) async throws { try await database.schema("products").delete() }
}

/// A support access may cover one product instead of the whole organization; NULL means the whole organization.
struct M025AddProductToSupportGrants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("support_grants").field("product_id", .uuid, .references("products", "id", onDelete: .cascade)).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("support_grants").deleteField("product_id").update()
    }
}

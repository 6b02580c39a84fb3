import Fluent
import SQLKit

/// A web hosting's sites (each with its PHP settings and the MySQL prefix option, seed guide "Prefijo MySQL") and
/// its MySQL databases and database users, stored without the server's prefix (issue 13 §5).
struct M045CreateHostingSites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("hosting_sites").id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("domain_name", .string, .required).field("php_version", .string, .required)
            .field("mysql_prefix_enabled", .bool, .required).field("migrated_from_older_offer", .bool, .required)
            .field("created_at", .datetime, .required)
            // One Apache virtual host per name on the provider's servers.
            .unique(on: "domain_name", name: "hosting_sites_domain_name")
            .create()
        try await database.schema("hosting_mysql_names").id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("kind", .string, .required).field("name", .string, .required).field("created_at", .datetime, .required)
            .unique(on: "product_id", "kind", "name", name: "hosting_mysql_names_unique")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "hosting_sites_product_id").on("hosting_sites").column("product_id").run()
        }
    }
    func revert(on database: any Database) async throws {
        try await database.schema("hosting_mysql_names").delete()
        try await database.schema("hosting_sites").delete()
    }
}

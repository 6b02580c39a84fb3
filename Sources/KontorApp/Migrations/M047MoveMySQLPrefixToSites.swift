import Fluent
import Foundation
import SQLKit

/// The MySQL prefix option is a site's setting (seed guide "Prefijo MySQL": "la opción … en los parámetros de un
/// sitio"), not the hosting's. Each web hosting gets the site it was named after, carrying the hosting's switch as it
/// was, then the product's column goes. The switch could only be on for a hosting migrated from an older offer
/// (`kontor add-product --mysql-prefix`), so a site with it on is marked as migrated, and its page recommends
/// switching it off. Written in SQL against the columns of this moment.
struct M047MoveMySQLPrefixToSites: AsyncMigration {
    /// The PHP line a moved site starts on; the customer changes it on the site's page.
    static let phpVersionOfMovedSites = "8.3"

    struct Hosting: Decodable {
        let id: UUID
        let name: String
        let mysql_prefix_enabled: Bool?
    }

    struct Site: Decodable { let domain_name: String }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let hostings = try await sql.raw("""
            SELECT id, name, mysql_prefix_enabled FROM products p WHERE kind = 'web_hosting'
            AND NOT EXISTS (SELECT 1 FROM hosting_sites s WHERE s.product_id = p.id)
            """).all(decoding: Hosting.self)
        let now = Date()
        var taken = Set(try await sql.raw("SELECT domain_name FROM hosting_sites").all(decoding: Site.self).map(\.domain_name))
        for hosting in hostings {
            // Product names were free text: a second hosting with the same name gets its id appended rather than no site.
            var domain = hosting.name.trimmingCharacters(in: .whitespaces).lowercased()
            if domain.isEmpty || taken.contains(domain) { domain += (domain.isEmpty ? "" : "-") + String(hosting.id.uuidString.lowercased().prefix(8)) }
            taken.insert(domain)
            let enabled = hosting.mysql_prefix_enabled ?? false
            try await sql.insert(into: "hosting_sites")
                .columns("id", "product_id", "domain_name", "php_version", "mysql_prefix_enabled", "migrated_from_older_offer", "created_at")
                .values(SQLBind(UUID()), SQLBind(hosting.id), SQLBind(domain), SQLBind(Self.phpVersionOfMovedSites), SQLBind(enabled), SQLBind(enabled), SQLBind(now))
                .run()
        }
        try await database.schema("products").deleteField("mysql_prefix_enabled").update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("products").field("mysql_prefix_enabled", .bool).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            UPDATE products SET mysql_prefix_enabled = EXISTS (SELECT 1 FROM hosting_sites s WHERE s.product_id = products.id AND s.mysql_prefix_enabled = \(bind: true))
            WHERE kind = 'web_hosting'
            """).run()
    }
}

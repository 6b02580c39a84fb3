import Fluent
import SQLKit

/// Billing addresses per organization, structured for the QR-bill, and the one a product is invoiced to
/// (NULL: the organization's default).
struct M028CreateBillingAddresses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("billing_addresses").id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("name", .string, .required).field("street", .string, .required).field("building_number", .string, .required)
            .field("postcode", .string, .required).field("town", .string, .required).field("country", .string, .required)
            .field("invoice_email", .string).field("is_default", .bool, .required).field("created_at", .datetime, .required).create()
        try await database.schema("products")
            .field("billing_address_id", .uuid, .references("billing_addresses", "id", onDelete: .setNull)).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "billing_addresses_organization_id").on("billing_addresses").column("organization_id").run()
            // One default per organization, even when two people change it at the same moment.
            try await sql.raw("CREATE UNIQUE INDEX billing_addresses_one_default ON billing_addresses (organization_id) WHERE is_default").run()
        }
    }
    func revert(on database: any Database) async throws {
        try await database.schema("products").deleteField("billing_address_id").update()
        try await database.schema("billing_addresses").delete()
    }
}

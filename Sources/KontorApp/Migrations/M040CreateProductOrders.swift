import Fluent
import SQLKit

/// Ordering (issue 13 §1): a product knows the catalog item and billing period it was bought for, and whether it
/// waits for its first invoice to be paid (`pending`) or runs (`active`); products provisioned before ordering
/// existed are active. An order records what was bought at which price, the invoice it issued, and the form's
/// idempotency key, unique per organization, so a double-submitted form makes one order.
struct M040CreateProductOrders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("products").field("status", .string, .required, .sql(.default("active"))).update()
        try await database.schema("products").field("catalog_item_id", .uuid, .references("catalog_items", "id", onDelete: .setNull)).update()
        try await database.schema("products").field("period_months", .int).update()
        try await database.schema("products").field("activated_at", .datetime).update()
        try await database.schema("product_orders").id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("catalog_item_id", .uuid, .references("catalog_items", "id", onDelete: .setNull))
            .field("item_name", .string, .required).field("period_months", .int, .required)
            .field("currency", .string, .required).field("unit_minor", .int64, .required)
            .field("invoice_id", .uuid, .references("invoices", "id"))
            .field("billing_address_id", .uuid).field("renewal_warranty", .bool, .required)
            .field("ordered_by_user_id", .uuid).field("provisioned_by_staff_id", .uuid)
            .field("idempotency_key", .string, .required).field("status", .string, .required)
            .field("created_at", .datetime, .required).field("activated_at", .datetime)
            .unique(on: "organization_id", "idempotency_key", name: "product_orders_one_per_key")
            .create()
        if let sql = database as? any SQLDatabase {
            // Activation looks for the few products still waiting for payment.
            try await sql.create(index: "products_status").on("products").column("status").run()
            try await sql.create(index: "product_orders_organization").on("product_orders").column("organization_id").run()
            try await sql.create(index: "product_orders_product").on("product_orders").column("product_id").run()
            // Paying an invoice looks up the orders it pays; a bank import sweeps the orders still awaiting payment.
            try await sql.create(index: "product_orders_invoice").on("product_orders").column("invoice_id").run()
            try await sql.create(index: "product_orders_status").on("product_orders").column("status").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("product_orders").delete()
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "products_status").run() }
        for field in ["status", "catalog_item_id", "period_months", "activated_at"] {
            try await database.schema("products").deleteField(.string(field)).update()
        }
    }
}

import Fluent
import SQLKit

/// Renewals (issue 13 §2): a product's automatic renewal, why it is suspended (expiry, or an unpaid invoice whose
/// payment lifts it), and the expiry an automatic renewal failed for; an organization's reminder days. Each renewal
/// is one row, unique per product and the expiry it renews from, so a run killed halfway and run again, two servers
/// at once, or two clicks of "renew now" renew a period once.
struct M049AddProductRenewals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        try await database.schema("products").field("automatic_renewal", .bool, .required, .sql(.default(false))).update()
        try await database.schema("products").field("suspension_reason", .string).update()
        try await database.schema("products").field("suspended_by_invoice_id", .uuid).update()
        try await database.schema("products").field("automatic_renewal_failed_on", .string).update()
        try await database.schema("products").field("state_changed_at", .datetime).update()
        try await database.schema("organizations").field("renewal_reminder_days", .string, .required, .sql(.default("30,7"))).update()
        try await database.schema("product_renewals").id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("period_start", .string, .required).field("period_end", .string, .required)
            .field("kind", .string, .required).field("invoice_id", .uuid)
            .field("request_key", .string).field("created_at", .datetime, .required)
            .unique(on: "product_id", "period_start", name: "product_renewals_once_per_period")
            .create()
        try await database.schema("renewal_notices").id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("kind", .string, .required).field("expires_on", .string, .required).field("days_before", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "product_id", "kind", "expires_on", "days_before", name: "renewal_notices_once")
            .create()
        if let sql = database as? any SQLDatabase {
            // The daily run reads the products whose expiry has come, by state.
            try await sql.create(index: "products_renewal_due").on("products").column("status").column("renews_at").run()
            try await sql.create(index: "products_suspended_by").on("products").column("suspended_by_invoice_id").run()
            try await sql.create(index: "product_renewals_request").on("product_renewals").column("product_id").column("request_key").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("renewal_notices").delete()
        try await database.schema("product_renewals").delete()
        for field in ["automatic_renewal", "suspension_reason", "suspended_by_invoice_id", "automatic_renewal_failed_on", "state_changed_at"] {
            try await database.schema("products").deleteField(.string(field)).update()
        }
        try await database.schema("organizations").deleteField("renewal_reminder_days").update()
    }
}

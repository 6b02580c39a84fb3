import Fluent
import SQLKit

/// Every reminder step taken for an invoice, once per step (unique), so a second run on the same day — or two
/// servers at once — sends nothing twice. The customer's console lists them so an e-mail can be checked.
struct M034CreatePaymentReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("payment_reminders").id()
            .field("invoice_id", .uuid, .required, .references("invoices", "id"))
            .field("organization_id", .uuid, .required, .references("organizations", "id"))
            .field("step", .int, .required).field("sent_on", .string, .required)
            .field("open_minor", .int64, .required).field("fee_invoice_id", .uuid)
            .field("payments_until", .string, .required).field("created_at", .datetime, .required)
            .unique(on: "invoice_id", "step")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "payment_reminders_organization").on("payment_reminders").column("organization_id").column("created_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("payment_reminders").delete()
    }
}

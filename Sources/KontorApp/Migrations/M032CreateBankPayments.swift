import Fluent
import SQLKit

/// Bank-statement imports and every payment they brought, recorded once: `dedupe_key` (own account + the bank's
/// transaction reference, or weaker keys when a file lacks it) is unique, so the same or an overlapping file
/// imported twice adds nothing — the database refuses it even if two staff import at the same moment.
struct M032CreateBankPayments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bank_statement_imports").id()
            .field("file_name", .string, .required).field("message_id", .string, .required)
            .field("kind", .string, .required).field("version", .string, .required)
            .field("imported_at", .datetime, .required).field("imported_on", .string, .required).field("staff_id", .uuid)
            .field("transactions", .int, .required).field("settled", .int, .required).field("prepaid", .int, .required)
            .field("unidentified", .int, .required).field("duplicates", .int, .required).field("flagged", .int, .required)
            .field("ignored", .int, .required).field("reversals", .int, .required)
            .field("latest_booking_date", .string)
            .create()
        try await database.schema("bank_payments").id()
            .field("dedupe_key", .string, .required).field("import_id", .uuid, .required, .references("bank_statement_imports", "id"))
            .field("account_iban", .string).field("currency", .string, .required).field("amount_minor", .int64)
            .field("amount_text", .string, .required).field("is_reversal", .bool, .required)
            .field("booking_date", .string).field("value_date", .string)
            .field("reference", .string).field("debtor_name", .string).field("debtor_iban", .string)
            .field("message", .string).field("bank_reference", .string)
            .field("outcome", .string, .required).field("flag", .string)
            .field("organization_id", .uuid, .references("organizations", "id")).field("invoice_id", .uuid, .references("invoices", "id"))
            .field("reverses_payment_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("assigned_by_staff_id", .uuid).field("assigned_at", .datetime).field("assignment", .string)
            .unique(on: "dedupe_key")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "bank_payments_outcome").on("bank_payments").column("outcome").run()
        try await sql.create(index: "bank_payments_debtor_iban").on("bank_payments").column("debtor_iban").run()
        try await sql.create(index: "bank_payments_reference").on("bank_payments").column("reference").run()
        try await sql.create(index: "bank_payments_organization").on("bank_payments").column("organization_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bank_payments").delete()
        try await database.schema("bank_statement_imports").delete()
    }
}

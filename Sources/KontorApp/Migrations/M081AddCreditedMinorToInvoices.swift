import Fluent
import SQLKit

/// `invoices.credited_minor`: how much of an invoice its credit notes cancelled. An invoice a credit note cancelled in
/// full has nothing open, as a paid one has; without this it was listed as "paid" to a customer who never paid it
/// (an order cancelled before payment, an invoice issued in error). Filled for existing invoices from their credit
/// notes.
struct M081AddCreditedMinorToInvoices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invoices").field("credited_minor", .int64, .required, .sql(.default(0))).update()
        try await (database as! any SQLDatabase).raw("""
            UPDATE invoices SET credited_minor = (SELECT COALESCE(SUM(c.total_minor), 0) FROM invoices c WHERE c.credits_invoice_id = invoices.id)
            WHERE id IN (SELECT credits_invoice_id FROM invoices WHERE credits_invoice_id IS NOT NULL)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("invoices").deleteField("credited_minor").update()
    }
}

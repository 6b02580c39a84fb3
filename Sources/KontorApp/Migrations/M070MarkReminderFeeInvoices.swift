import Fluent
import SQLKit

/// `invoices.fee_for_invoice_id`: a reminder-fee invoice names the invoice whose reminder charged it, so the reminder
/// run never charges a fee on a fee nor suspends services over one. Fee invoices issued before are found through
/// `payment_reminders.fee_invoice_id`. `invoices.balance_notice_on`: the day the customer was told that the prepaid
/// balance covers the overdue invoice (told once, instead of a reminder).
struct M070MarkReminderFeeInvoices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invoices").field("fee_for_invoice_id", .uuid).update()
        try await database.schema("invoices").field("balance_notice_on", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            UPDATE invoices SET fee_for_invoice_id = (SELECT r.invoice_id FROM payment_reminders r WHERE r.fee_invoice_id = invoices.id)
            WHERE id IN (SELECT fee_invoice_id FROM payment_reminders WHERE fee_invoice_id IS NOT NULL)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("invoices").deleteField("balance_notice_on").update()
        try await database.schema("invoices").deleteField("fee_for_invoice_id").update()
    }
}

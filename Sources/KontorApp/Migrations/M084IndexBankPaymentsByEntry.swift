import Fluent
import SQLKit

/// `bank_payments (entry_reference)` for every payment: the other kind of file may date a booking another day, and its
/// booking reference still names it (`BatchImport.recordedUnderBookingReferences`), whether or not the payment has a
/// reference of its own or belongs to a collective booking. It covers what the two partial indexes on the same column
/// answered (M078, M079), so they are dropped: a payment written gets one entry for the column, not up to two.
struct M084IndexBankPaymentsByEntry: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "bank_payments_entry").on("bank_payments").column("entry_reference").run()
        try await sql.drop(index: "bank_payments_entry_without_reference").run()
        try await sql.drop(index: "bank_payments_collective_entry").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX bank_payments_entry_without_reference ON bank_payments (entry_reference) WHERE transaction_reference IS NULL").run()
        try await sql.raw("CREATE INDEX bank_payments_collective_entry ON bank_payments (entry_reference) WHERE amount_minor <> booking_amount_minor").run()
        try await sql.drop(index: "bank_payments_entry").run()
    }
}

import Fluent
import SQLKit

/// `bank_payments.entry_reference`, `transaction_reference` and `booking_amount_minor`: the bank's reference of the
/// booking and of the payment, and the whole booking's amount, kept apart so a camt.053 and a camt.054 can tell two
/// payments of one amount and day apart (`StatementOverlap`): different bank references, or a payment of a collective
/// booking against a lone booking, are two payments. Earlier payments get the reference their key was made of; the
/// booking's amount stays unknown (NULL), which contradicts nothing.
struct M072AddBookingFactsToBankPayments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema("bank_payments").field("entry_reference", .string).update()
        try await database.schema("bank_payments").field("transaction_reference", .string).update()
        try await database.schema("bank_payments").field("booking_amount_minor", .int64).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("UPDATE bank_payments SET transaction_reference = bank_reference WHERE dedupe_key LIKE 'tx|%'").run()
        try await sql.raw("UPDATE bank_payments SET entry_reference = bank_reference WHERE dedupe_key LIKE 'entry|%'").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bank_payments").deleteField("booking_amount_minor").update()
        try await database.schema("bank_payments").deleteField("transaction_reference").update()
        try await database.schema("bank_payments").deleteField("entry_reference").update()
    }
}

import Fluent
import SQLKit

/// `bank_payments (entry_reference)` for the payments of collective bookings (each less than its booking): a camt.053
/// line of a booking's whole amount is compared with the parts a camt.054 recorded under the same booking reference
/// (`BatchImport.dropWholeBookingsListedElsewhere`). Partial, so lone payments — nearly all QR payments — cost the import
/// nothing more.
struct M079IndexBankPaymentsOfCollectiveBookings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX bank_payments_collective_entry ON bank_payments (entry_reference) WHERE amount_minor <> booking_amount_minor").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "bank_payments_collective_entry").run()
    }
}

import Fluent
import SQLKit

/// `bank_payments (booking_date, amount_minor)`: a payment of a camt.053 is compared with those a camt.054 recorded
/// on its booking day for its amount, and the other way round (`StatementOverlap`), so the same booking reported in
/// both kinds of file under different keys is credited once.
struct M066IndexBankPaymentsByBookingDay: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "bank_payments_booking_day").on("bank_payments")
            .column("booking_date").column("amount_minor").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "bank_payments_booking_day").run()
    }
}

import Fluent
import Foundation
import KontorDomain

/// A staff member's credit or debit of a customer's prepaid account, booked once per form.
///
/// The form carries a key rendered into it (`IdempotencyKey`); the entry keeps it, unique. Sent again with the same
/// values — a double click, a browser resending after a timeout, two servers each receiving a copy — it books nothing
/// and answers as the first did. Sent again with other values (the clerk went back and changed the amount), it is
/// refused: the first booking stands, and the page offers a fresh form for a deliberate second one.
struct StaffPrepaidBooking {
    enum Outcome: Equatable {
        case booked
        /// This form had already booked exactly this; nothing was added.
        case alreadyBooked
    }

    struct Booking {
        var organizationID: UUID
        /// Positive for a credit, negative for a debit.
        var amount: Money
        var staffID: UUID?
        var reason: String
        var key: String
    }

    let db: any Database

    /// Refuses with `error.billing.insufficient_balance` or `error.billing.amount_too_large` as the ledger does, and with
    /// `staff.billing.form_used` for a key that booked something else.
    func book(_ booking: Booking, now: Date) async throws -> Outcome {
        do {
            return try await db.transaction { db in
                try await db.lockForUpdate(Organization.self, id: booking.organizationID)
                // On SQLite every write transaction is exclusive and on PostgreSQL a second copy waits on the unique
                // index below, so the copy that comes second always finds the first one's entry here or there.
                if let earlier = try await Self.entry(key: booking.key, on: db) { return try Self.replay(earlier, booking) }
                try await PrepaidLedger.post(
                    .init(kind: booking.amount.minorUnits < 0 ? .staffDebit : .staffCredit, amount: booking.amount,
                          staffID: booking.staffID, reason: booking.reason, requestKey: booking.key),
                    to: booking.organizationID, now: now, on: db)
                return .booked
            }
        } catch let error where ConcurrentChange(error) == .conflict {
            // PostgreSQL: another copy of the form (for another customer's lock) committed the key first.
            guard let earlier = try await Self.entry(key: booking.key, on: db) else { throw error }
            return try Self.replay(earlier, booking)
        }
    }

    private static func entry(key: String, on db: any Database) async throws -> PrepaidEntry? {
        try await PrepaidEntry.query(on: db).filter(\.$requestKey == key).first()
    }

    private static func replay(_ earlier: PrepaidEntry, _ booking: Booking) throws -> Outcome {
        guard earlier.$organization.id == booking.organizationID, earlier.amountMinor == booking.amount.minorUnits,
              earlier.currencyCode == booking.amount.currency.code, earlier.reason == booking.reason else {
            throw AppError.refused(messageKey: "staff.billing.form_used")
        }
        return .alreadyBooked
    }
}

import Fluent
import FluentSQL
import Foundation
import KontorDomain
import SQLKit

/// Payments no customer could be told from (and flagged ones), and what staff decide about them: credit one to an
/// organization's prepaid account, or mark it to be refunded. Each decision is taken once — a conditional UPDATE
/// claims the payment, so two staff clicking at once cannot credit it twice — and records who and when.
struct UnidentifiedPayments {
    let db: any Database
    /// The language amounts in its refusals are written for: the staff member's (`MoneyFormatting`).
    var language: Language = .en

    /// Oldest first; a whole import shares one instant, so the ID keeps the order stable from page to page.
    func waiting(limit: Int = 200, offset: Int = 0) async throws -> [BankPayment] {
        try await queue().filter(\.$assignment == nil).sort(\.$createdAt).sort(\.$id).range(offset..<(offset + limit)).all()
    }

    /// How many wait for a decision.
    func count() async throws -> Int {
        try await queue().filter(\.$assignment == nil).count()
    }

    /// The payment `id` if it is or was in the queue (decided or not); nil for any other payment.
    func queued(_ id: UUID) async throws -> BankPayment? {
        try await queue().filter(\.$id == id).first()
    }

    private func queue() -> QueryBuilder<BankPayment> {
        // The outcomes as literals, exactly as the partial index `bank_payments_queue` states them (M037): a planner
        // uses a partial index only when the query's condition is the index's, and bound values are not.
        BankPayment.query(on: db).filter(.sql(unsafeRaw: "outcome IN ('unidentified', 'flagged')"))
            .filter(\.$isReversal == false)
    }

    /// Returned payments Kontor could not take back by itself (the money was spent, the payment it returns is not
    /// found, the file contradicts itself, or staff had decided about it): oldest first, until someone deals with them.
    func returnsToCheck(limit: Int = 200) async throws -> [BankPayment] {
        try await returns().sort(\.$createdAt).sort(\.$id).range(0..<limit).all()
    }

    /// How many returns wait for someone.
    func returnsToCheckCount() async throws -> Int {
        try await returns().count()
    }

    private func returns() -> QueryBuilder<BankPayment> {
        BankPayment.query(on: db).filter(\.$outcome == BankPayment.Outcome.flagged.rawValue).filter(\.$isReversal == true).filter(\.$assignment == nil)
    }

    /// Records that a staff member dealt with a flagged return (re-opened an invoice, asked the customer, refunded
    /// by hand); 409 `payment_decided` when someone did already.
    func markHandled(_ paymentID: UUID, staffID: UUID, now: Date) async throws {
        let row = try await (db as! any SQLDatabase).raw("""
            UPDATE bank_payments SET assignment = \(bind: BankPayment.handledAssignment), assigned_by_staff_id = \(bind: staffID), assigned_at = \(bind: now)
            WHERE id = \(bind: paymentID) AND assignment IS NULL AND outcome = 'flagged' AND is_reversal = \(bind: true)
            RETURNING id
            """).first()
        guard row != nil else { throw AppError.conflict(messageKey: "error.billing.payment_decided") }
    }

    /// Credits the payment to the organization with `customerNumber`; nil when no organization has that number.
    func assign(_ paymentID: UUID, toCustomer customerNumber: Int64, staffID: UUID, now: Date) async throws -> Organization? {
        guard let organization = try await Organization.query(on: db).filter(\.$customerNumber == customerNumber).first() else { return nil }
        try await assign(paymentID, to: organization, staffID: staffID, now: now)
        return organization
    }

    /// Credits the payment to `organization`'s prepaid account; 409 `payment_decided` when it was decided already.
    func assign(_ paymentID: UUID, to organization: Organization, staffID: UUID, now: Date) async throws {
        try await db.transaction { db in
            // The organization first: the claim names it (its foreign key takes a shared lock on the row), and two staff
            // assigning two payments to one customer each held that and waited to lock it for the ledger: a deadlock.
            // And after a running statement import (`BulkBillingLock`), which may hold both the payment (a return it
            // booked) and, in a later batch, want this organization.
            try await BulkBillingLock.takeShared(on: db)
            try await db.lockForUpdate(Organization.self, id: organization.requireID())
            try await lockBooking(of: paymentID, on: db)
            if let waiting = try await BankPayment.find(paymentID, on: db), waiting.flag == BankPayment.awaitingDetailsFlag {
                throw AppError.conflict(messageKey: "error.billing.awaiting_details")
            }
            guard let payment = try await claim(paymentID, as: "organization", organizationID: organization.id, staffID: staffID, now: now, on: db),
                  let minor = payment.amountMinor, let currency = Currency(code: payment.currencyCode) else {
                throw AppError.conflict(messageKey: "error.billing.payment_decided")
            }
            try await refuseMoreThanBooked(payment, on: db)
            try await PrepaidLedger.post(.init(kind: .payment, amount: Money(minorUnits: minor, currency: currency), bankPaymentID: payment.id,
                                               staffID: staffID, reason: payment.debtorName), to: organization.requireID(), now: now, on: db)
        }
    }

    /// Payments of a booking their listed amounts do not fit (more than booked, or not comparable at all): credited by
    /// staff only up to what the bank booked.
    static let bookingCappedFlags: Set<String> = ["details_exceed_booking", "details_unverifiable"]

    /// Staff crediting two payments of one over-listed booking to two customers at once would each count the credits
    /// without the other's: the booking's first payment row is their turn-taking lock (PostgreSQL; SQLite has one writer).
    private func lockBooking(of paymentID: UUID, on db: any Database) async throws {
        guard let payment = try await BankPayment.find(paymentID, on: db), Self.bookingCappedFlags.contains(payment.flag ?? ""),
              let entry = payment.entryReference else { return }
        struct Row: Decodable { let id: UUID }
        let first = try await (db as! any SQLDatabase).raw("""
            SELECT id FROM bank_payments WHERE import_id = \(bind: payment.$statementImport.id) AND entry_reference = \(bind: entry) ORDER BY id LIMIT 1
            """).first(decoding: Row.self)
        if let first { try await db.lockForUpdate(BankPayment.self, id: first.id) }
    }

    /// A booking whose listed payments add up to more than it booked (`details_exceed_booking`) is parked whole; staff
    /// may credit its payments only up to what the bank booked: two 40.00 lines of a 50.00 booking credited 80.00, of
    /// which 30.00 never arrived (bank probe round 3). Counted over the booking's payments credited so far, this one
    /// included (its claim is in this transaction).
    private func refuseMoreThanBooked(_ payment: BankPayment, on db: any Database) async throws {
        guard Self.bookingCappedFlags.contains(payment.flag ?? ""), let booked = payment.bookingAmountMinor, let entry = payment.entryReference else { return }
        struct Row: Decodable { let credited: Int64? }
        let credited = try await (db as! any SQLDatabase).raw("""
            SELECT CAST(SUM(amount_minor) AS BIGINT) AS credited FROM bank_payments
            WHERE import_id = \(bind: payment.$statementImport.id) AND entry_reference = \(bind: entry) AND is_reversal = \(bind: false)
              AND currency = \(bind: payment.currencyCode) AND (outcome IN ('settled', 'prepaid') OR assignment = 'organization')
            """).first(decoding: Row.self)?.credited ?? 0
        if credited > booked {
            let currency = Currency(code: payment.currencyCode) ?? .chf
            let amount = { (minor: Int64) in MoneyFormatting.format(Money(minorUnits: minor, currency: currency), language) }
            throw AppError.conflict(messageKey: "error.billing.credit_exceeds_booking",
                                    arguments: ["booked": amount(booked), "credited": amount(credited - (payment.amountMinor ?? 0))])
        }
    }

    /// Marks the payment to be paid back: it leaves the queue for the refunds to execute, with who marked it and when.
    /// 409 `payment_decided` when it was decided already; `audit` writes the security event in the same transaction.
    func markForRefund(_ paymentID: UUID, staffID: UUID, now: Date,
                       audit: @escaping @Sendable (any Database, BankPayment) async throws -> Void = { _, _ in }) async throws {
        try await db.transaction { db in
            if let waiting = try await BankPayment.find(paymentID, on: db), !waiting.canBeRefunded {
                throw AppError.conflict(messageKey: "error.billing.awaiting_details")
            }
            guard let payment = try await claim(paymentID, as: BankPayment.refundAssignment, organizationID: nil, staffID: staffID, now: now, on: db) else {
                throw AppError.conflict(messageKey: "error.billing.payment_decided")
            }
            try await audit(db, payment)
        }
    }

    /// Closes a line that is no customer's money (`BankPayment.closableFlags`: the bank's interest, a debit inside a
    /// credit booking): it leaves the queue, with who closed it and when, credited to nobody and refunded to nobody.
    /// 409 `payment_decided` when decided already, `payment_not_closable` for a payment that is someone's.
    func close(_ paymentID: UUID, staffID: UUID, now: Date,
               audit: @escaping @Sendable (any Database, BankPayment) async throws -> Void = { _, _ in }) async throws {
        try await db.transaction { db in
            guard let payment = try await claim(paymentID, as: BankPayment.closedAssignment, organizationID: nil, staffID: staffID, now: now, on: db) else {
                let current = try await BankPayment.find(paymentID, on: db)
                throw AppError.conflict(messageKey: current?.assignment == nil && current?.canBeClosed == false
                                        ? "error.billing.payment_not_closable" : "error.billing.payment_decided")
            }
            try await audit(db, payment)
        }
    }

    /// Payments marked for refund whose money has not gone back yet, the longest waiting first: until staff record
    /// the refund, the money is owed to the payer, so they stay listed.
    func refundsToExecute(limit: Int = 200, offset: Int = 0) async throws -> [BankPayment] {
        try await queue().filter(\.$assignment == BankPayment.refundAssignment)
            .sort(\.$assignedAt).sort(\.$id).range(offset..<(offset + limit)).all()
    }

    /// How many refunds wait to be executed.
    func refundsToExecuteCount() async throws -> Int {
        try await queue().filter(\.$assignment == BankPayment.refundAssignment).count()
    }

    /// Records that the money of a payment marked for refund went back to the payer; who marked it stays on the
    /// payment, who recorded the refund is in the security log (`audit`, same transaction). 409 when it is not
    /// waiting to be refunded (recorded already, mark undone, or returned by the bank meanwhile).
    func recordRefunded(_ paymentID: UUID, audit: @escaping @Sendable (any Database, BankPayment) async throws -> Void) async throws {
        try await move(paymentID, from: BankPayment.refundAssignment, setting: "assignment = \(bind: BankPayment.refundedAssignment)", audit: audit)
    }

    /// Takes back a mistaken refund mark: the payment waits in the queue again, undecided (`audit`, same transaction).
    /// 409 when it is not waiting to be refunded.
    func undoRefund(_ paymentID: UUID, audit: @escaping @Sendable (any Database, BankPayment) async throws -> Void) async throws {
        try await move(paymentID, from: BankPayment.refundAssignment,
                       setting: "assignment = NULL, assigned_by_staff_id = NULL, assigned_at = NULL", audit: audit)
    }

    /// One conditional UPDATE from the decision `from`, so two staff acting at once change the payment once.
    private func move(_ paymentID: UUID, from assignment: String, setting: SQLQueryString,
                      audit: @escaping @Sendable (any Database, BankPayment) async throws -> Void) async throws {
        try await db.transaction { db in
            let before = try await BankPayment.find(paymentID, on: db)
            let row = try await (db as! any SQLDatabase).raw("""
                UPDATE bank_payments SET \(setting) WHERE id = \(bind: paymentID) AND assignment = \(bind: assignment) RETURNING id
                """).first()
            guard row != nil, let before else { throw AppError.conflict(messageKey: "error.billing.refund_not_waiting") }
            try await audit(db, before)
        }
    }

    /// Takes the decision on an undecided payment; nil when it is decided already (or does not exist). A flagged
    /// payment without an exact amount can only be refunded; only a line that is nobody's money can be closed.
    private func claim(_ id: UUID, as assignment: String, organizationID: UUID?, staffID: UUID, now: Date, on db: any Database) async throws -> BankPayment? {
        let sql = db as! any SQLDatabase
        let refundOnly = BankPayment.refundOnlyFlags.map { "'\($0)'" }.joined(separator: ", ")
        let closable = BankPayment.closableFlags.map { "'\($0)'" }.joined(separator: ", ")
        let condition: SQLQueryString = switch assignment {
        case "organization": " AND amount_minor IS NOT NULL AND (flag IS NULL OR flag NOT IN (\(unsafeRaw: refundOnly), \(bind: BankPayment.awaitingDetailsFlag)))"
        // A collective booking waiting for its details is many payers' money: never paid back as one.
        case BankPayment.refundAssignment: " AND (flag IS NULL OR flag <> \(bind: BankPayment.awaitingDetailsFlag))"
        case BankPayment.closedAssignment: " AND flag IN (\(unsafeRaw: closable))"
        default: ""
        }
        let row = try await sql.raw("""
            UPDATE bank_payments SET assignment = \(bind: assignment), organization_id = \(bind: organizationID),
              assigned_by_staff_id = \(bind: staffID), assigned_at = \(bind: now)
            WHERE id = \(bind: id) AND assignment IS NULL AND outcome IN ('unidentified', 'flagged') AND is_reversal = \(bind: false)\(condition)
            RETURNING id
            """).first()
        guard row != nil else { return nil }
        return try await BankPayment.find(id, on: db)
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

/// Refunds of payments no customer could be told from: marked, listed until the money went back, recorded as
/// executed or taken back to the queue. Each step is one conditional change, audited in the same transaction.
extension StaffBillingController {
    /// A payment marked for refund whose money has not gone back yet: what staff need to pay it back.
    struct RefundRow: Encodable {
        let booked: String
        let amount: String
        let payer: String
        let iban: String
        let reference: String
        let message: String
        let markedBy: String
        let markedAt: Date?
        let doneAction: String
        let undoAction: String
    }

    func refund(_ request: Request) async throws -> Response {
        try await refundStep(request, .paymentMarkedForRefund, notice: "payment_refund", logged: "marked payment %@ for refund") { payments, id, staff, audit in
            try await payments.markForRefund(id, staffID: try staff.requireID(), now: request.now, audit: audit)
        }
    }

    /// A line that is nobody's money (the bank's interest, a debit inside a credit booking) leaves the queue, kept.
    func close(_ request: Request) async throws -> Response {
        try await refundStep(request, .paymentClosed, notice: "payment_closed", logged: "closed payment %@ as no customer's money") { payments, id, staff, audit in
            try await payments.close(id, staffID: try staff.requireID(), now: request.now, audit: audit)
        }
    }

    /// The money went back to the payer: the payment leaves the refunds to execute.
    func refundDone(_ request: Request) async throws -> Response {
        try await refundStep(request, .paymentRefunded, notice: "refund_recorded", logged: "recorded the refund of payment %@") { payments, id, _, audit in
            try await payments.recordRefunded(id, audit: audit)
        }
    }

    /// A mistaken mark: the payment waits for a decision again.
    func refundUndo(_ request: Request) async throws -> Response {
        try await refundStep(request, .paymentRefundUndone, notice: "refund_undone", logged: "took back the refund mark of payment %@") { payments, id, _, audit in
            try await payments.undoRefund(id, audit: audit)
        }
    }

    /// One refund step from the page: 404 for a payment that is not in the staff queues, the step audited as `kind`,
    /// logged, and back to the billing page with `notice`.
    private func refundStep(_ request: Request, _ kind: SecurityEventKind, notice: String, logged: String,
                            _ step: (UnidentifiedPayments, UUID, StaffMember, @escaping @Sendable (any Database, BankPayment) async throws -> Void) async throws -> Void)
        async throws -> Response {
        let staff = try request.staff().staff
        let paymentID = try request.id("paymentID")
        let payments = UnidentifiedPayments(db: request.db)
        guard try await payments.queued(paymentID) != nil else { throw AppError.notFound }
        try await step(payments, paymentID, staff, RefundAudit.writer(kind, request: request, staffID: staff.id))
        request.logger.notice("Staff \(staff.email) \(logged.replacingOccurrences(of: "%@", with: paymentID.uuidString))")
        return request.redirect(to: .staffBilling, notice: notice)
    }

    /// The refunds to execute as the page lists them, with the name of who marked each.
    static func refundRows(_ request: Request) async throws -> [RefundRow] {
        let refunds = try await UnidentifiedPayments(db: request.db).refundsToExecute()
        let names = try await RefundAudit.staffNames(of: refunds, on: request.db)
        return refunds.map { payment in
            RefundRow(booked: payment.bookingDate.map { DayFormatting.format($0, request.language) } ?? "",
                      amount: shownAmount(payment, request.language), payer: payment.debtorName ?? "", iban: payment.debtorIBAN ?? "",
                      reference: payment.reference ?? "", message: payment.message ?? "",
                      markedBy: payment.assignedByStaffID.flatMap { names[$0] } ?? "", markedAt: payment.assignedAt,
                      doneAction: SiteRoute.staffBillingRefundDone(payment.id!).path, undoAction: SiteRoute.staffBillingRefundUndo(payment.id!).path)
        }
    }
}

/// The security-log entry of a refund step: the staff member, and the payment as the bank reported it.
enum RefundAudit {
    /// Writes `kind` for the payment, in the transaction that changed it.
    static func writer(_ kind: SecurityEventKind, request: Request, staffID: UUID?) -> @Sendable (any Database, BankPayment) async throws -> Void {
        { db, payment in
            let detail = ["\(payment.currencyCode) \(payment.amountText)", payment.debtorName, payment.debtorIBAN, payment.reference,
                          payment.id.map { "payment \($0.uuidString)" }].compactMap { $0 }.joined(separator: " · ")
            try await request.record(kind, staff: staffID, detail: detail, on: db)
        }
    }

    /// The names of the staff members who marked `payments`, by ID.
    static func staffNames(of payments: [BankPayment], on db: any Database) async throws -> [UUID: String] {
        let ids = Set(payments.compactMap(\.assignedByStaffID))
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await StaffMember.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) })
    }
}

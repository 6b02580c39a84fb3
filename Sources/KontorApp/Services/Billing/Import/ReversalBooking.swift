import Fluent
import Foundation
import KontorDomain
import SQLKit

/// A reversed or returned payment: finds the payment it takes back and compensates what that payment did — the
/// invoice it settled is re-opened, the prepaid credit is taken back — without deleting anything (payments.md).
/// Reversals are rare, so they are booked one by one after the batch's own payments (which they may reverse).
struct ReversalBooking {
    let db: any Database
    let now: Date

    func apply(_ reversal: inout BatchImport.Item) async throws {
        guard let amount = reversal.amount else { reversal.outcome = .flagged; return }
        reversal.outcome = .reversal
        var query = BankPayment.query(on: db).filter(\.$isReversal == false).filter(\.$currencyCode == amount.currency.code)
            .filter(\.$amountMinor == amount.minorUnits)
        if let reference = reversal.reference?.electronic ?? reversal.referenceText { query = query.filter(\.$reference == reference) }
        else if let debtor = reversal.debtorIBAN { query = query.filter(\.$debtorIBAN == debtor) }
        else { reversal.outcome = .flagged; reversal.flag = "reversal_unmatched"; return }
        let candidates = try await query.sort(\.$createdAt, .descending).all()
        let reversedIDs = Set(try await BankPayment.query(on: db).filter(\.$reversesPaymentID ~~ candidates.compactMap(\.id)).all()
            .compactMap(\.reversesPaymentID))
        guard let original = candidates.first(where: { !reversedIDs.contains($0.id!) }) else {
            reversal.outcome = .flagged
            reversal.flag = "reversal_unmatched"
            return
        }
        reversal.reversesPaymentID = original.id
        reversal.organizationID = original.organizationID
        reversal.invoiceID = original.invoiceID
        switch BankPayment.Outcome(rawValue: original.outcome) {
        case .settled?:
            guard let invoiceID = original.invoiceID, let invoice = try await Invoice.find(invoiceID, on: db) else { return }
            try await db.lockForUpdate(Organization.self, id: invoice.$organization.id)
            try await InvoiceSettling.settle(invoice, kind: .reversal, amount: -amount.minorUnits, bankPaymentID: reversal.id, now: now, on: db)
        case .prepaid?:
            guard let organizationID = original.organizationID else { return }
            try await takeBack(amount, from: organizationID, for: &reversal)
        default:
            try await returnUnbooked(original, amount: amount, for: &reversal)
        }
    }

    /// Takes the returned money back from the prepaid balance it was credited to. Where the customer has spent part
    /// of it already (an invoice paid from it), what is left is taken back and the return is flagged for staff with
    /// the rest: the balance never goes negative, and staff decide about the invoice it paid.
    private func takeBack(_ amount: Money, from organizationID: UUID, for reversal: inout BatchImport.Item) async throws {
        try await db.lockForUpdate(Organization.self, id: organizationID)
        let balance = try await PrepaidLedger.balance(of: organizationID, currency: amount.currency, on: db)
        let taken = min(balance.minorUnits, amount.minorUnits)
        if taken > 0 {
            _ = try await PrepaidLedger.post(.init(kind: .reversal, amount: Money(minorUnits: -taken, currency: amount.currency), bankPaymentID: reversal.id),
                                             to: organizationID, now: now, on: db)
        }
        if taken < amount.minorUnits {
            reversal.outcome = .flagged
            reversal.flag = "reversal_exceeds_balance"
        }
    }

    /// The return of a payment nothing was booked for on import (no customer known, or parked): while it waits in
    /// the staff queue it leaves it as returned, so nobody credits money the bank has sent back; if staff credited
    /// it to a customer meanwhile, that credit is taken back; if staff marked it for refund, the return is flagged
    /// so they check it was not refunded twice.
    private func returnUnbooked(_ original: BankPayment, amount: Money, for reversal: inout BatchImport.Item) async throws {
        let sql = db as! any SQLDatabase
        let claimed = try await sql.raw("""
            UPDATE bank_payments SET assignment = \(bind: BankPayment.returnedAssignment), assigned_at = \(bind: now)
            WHERE id = \(bind: original.id) AND assignment IS NULL RETURNING id
            """).first()
        if claimed != nil { return }
        // Marked for refund but not refunded yet: the bank sent the money back itself, so it leaves the refunds to
        // execute (nobody pays it out a second time); the return is still flagged in case someone refunded it by hand.
        let markedForRefund = try await sql.raw("""
            UPDATE bank_payments SET assignment = \(bind: BankPayment.returnedAssignment)
            WHERE id = \(bind: original.id) AND assignment = \(bind: BankPayment.refundAssignment) RETURNING id
            """).first()
        if markedForRefund != nil {
            reversal.outcome = .flagged
            reversal.flag = "reversal_of_payment_marked_for_refund"
            return
        }
        // Decided by staff before the return arrived (or at the same moment: their claim won).
        guard let decided = try await BankPayment.find(original.id, on: db) else { return }
        reversal.organizationID = decided.organizationID
        if decided.assignment == "organization", let organizationID = decided.organizationID {
            try await takeBack(amount, from: organizationID, for: &reversal)
        } else {
            reversal.outcome = .flagged
            reversal.flag = "reversal_of_refunded_payment"
        }
    }
}

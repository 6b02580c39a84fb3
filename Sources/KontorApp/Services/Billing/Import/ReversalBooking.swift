import Fluent
import Foundation
import KontorDomain

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
            try await db.lockForUpdate(Organization.self, id: organizationID)
            do {
                try await PrepaidLedger.post(.init(kind: .reversal, amount: amount.negated, bankPaymentID: reversal.id), to: organizationID, now: now, on: db)
            } catch let error as AppError where error == .refused(messageKey: "error.billing.insufficient_balance") {
                // The money was spent already (an invoice paid from it): staff decide, nothing is forced negative.
                reversal.outcome = .flagged
                reversal.flag = "reversal_exceeds_balance"
            }
        default:
            break // unidentified or flagged: nothing had been booked
        }
    }
}

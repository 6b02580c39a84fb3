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

    /// What compensating a return did: the return's outcome and flag, and whose it is.
    struct Effect {
        var outcome = BankPayment.Outcome.reversal
        var flag: String?
        var organizationID: UUID?
        var invoiceID: UUID?
    }

    /// What a return names of the payment it takes back, strongest first: the bank's reference of that payment (some
    /// banks repeat it in the return's `Refs`), the payment reference, the payer's account.
    enum Key: Equatable {
        case transaction(String), reference(String), debtor(String)

        init?(transactionReference: String?, reference: String?, debtorIBAN: String?) {
            if let transactionReference { self = .transaction(transactionReference) }
            else if let reference { self = .reference(reference) }
            else if let debtorIBAN { self = .debtor(debtorIBAN) }
            else { return nil }
        }

        /// Whether a payment with these facts is the one the key names.
        func names(transactionReference: String?, reference: String?, debtorIBAN: String?) -> Bool {
            switch self {
            case .transaction(let value): transactionReference == value
            case .reference(let value): reference == value
            case .debtor(let value): debtorIBAN == value
            }
        }
    }

    func apply(_ reversal: inout BatchImport.Item) async throws {
        guard let amount = reversal.amount else { reversal.outcome = .flagged; return }
        reversal.outcome = .reversal
        guard let key = Key(transactionReference: reversal.transactionReference, reference: reversal.reference?.electronic ?? reversal.referenceText,
                            debtorIBAN: reversal.debtorIBAN) else {
            reversal.outcome = .flagged; reversal.flag = "reversal_unmatched"; return
        }
        var candidates = try await payments(named: key, amount: amount)
        // A return that repeats a bank reference no payment has may still name the payment's reference or account.
        if candidates.isEmpty, case .transaction = key,
           let weaker = Key(transactionReference: nil, reference: reversal.reference?.electronic ?? reversal.referenceText, debtorIBAN: reversal.debtorIBAN) {
            candidates = try await payments(named: weaker, amount: amount)
        }
        let reversedIDs = Set(try await BankPayment.query(on: db).filter(\.$reversesPaymentID ~~ candidates.compactMap(\.id)).all()
            .compactMap(\.reversesPaymentID))
        guard let original = candidates.first(where: { !reversedIDs.contains($0.id!) }) else {
            reversal.outcome = .flagged
            reversal.flag = "reversal_unmatched"
            return
        }
        reversal.reversesPaymentID = original.id
        let effect = try await compensate(original, amount: amount, returnID: reversal.id)
        reversal.outcome = effect.outcome
        reversal.flag = effect.flag
        reversal.organizationID = effect.organizationID
        reversal.invoiceID = effect.invoiceID
    }

    /// Payments (not returns) of `amount` that `key` names, the latest first.
    private func payments(named key: Key, amount: Money) async throws -> [BankPayment] {
        let query = BankPayment.query(on: db).filter(\.$isReversal == false).filter(\.$currencyCode == amount.currency.code)
            .filter(\.$amountMinor == amount.minorUnits)
        switch key {
        case .transaction(let value): query.filter(\.$transactionReference == value)
        case .reference(let value): query.filter(\.$reference == value)
        case .debtor(let value): query.filter(\.$debtorIBAN == value)
        }
        return try await query.sort(\.$createdAt, .descending).all()
    }

    /// Undoes what `original` did: re-opens the invoice it settled, takes back the prepaid credit it made, or takes
    /// it off the staff queue.
    func compensate(_ original: BankPayment, amount: Money, returnID: UUID) async throws -> Effect {
        var effect = Effect(organizationID: original.organizationID, invoiceID: original.invoiceID)
        switch BankPayment.Outcome(rawValue: original.outcome) {
        case .settled?:
            guard let invoiceID = original.invoiceID, let invoice = try await Invoice.find(invoiceID, on: db) else { return effect }
            try await db.lockForUpdate(Organization.self, id: invoice.$organization.id)
            try await InvoiceSettling.settle(invoice, kind: .reversal, amount: -amount.minorUnits, bankPaymentID: returnID, now: now, on: db)
        case .prepaid?:
            guard let organizationID = original.organizationID else { return effect }
            try await takeBack(amount, from: organizationID, returnID: returnID, effect: &effect)
        default:
            try await returnUnbooked(original, amount: amount, returnID: returnID, effect: &effect)
        }
        return effect
    }

    /// Returns recorded before the payment they return (a day's statement imported before the notification that
    /// reported the payment): when that payment arrives, it is taken back at once, as if the files had come in order.
    /// `payments` are this batch's payments, already written. Such returns wait flagged `reversal_unmatched`; the
    /// look-up uses a partial index of them (M082), so a batch with none waiting costs one empty index read.
    func applyWaitingReturns(to payments: [BatchImport.Item]) async throws {
        let sql = db as! any SQLDatabase
        let waiting = try await sql.raw("""
            SELECT id, currency, amount_minor, reference, debtor_iban, transaction_reference FROM bank_payments
            WHERE flag = 'reversal_unmatched' AND reverses_payment_id IS NULL AND is_reversal = \(bind: true) AND amount_minor IS NOT NULL
            ORDER BY created_at
            """).all()
        guard !waiting.isEmpty else { return }
        var used = Set<UUID>()
        for row in waiting {
            let returnID = try row.decode(column: "id", as: UUID.self)
            let currency = try row.decode(column: "currency", as: String.self)
            let amountMinor = try row.decode(column: "amount_minor", as: Int64.self)
            guard let key = Key(transactionReference: try row.decode(column: "transaction_reference", as: String?.self),
                                reference: try row.decode(column: "reference", as: String?.self),
                                debtorIBAN: try row.decode(column: "debtor_iban", as: String?.self)),
                  let payment = payments.last(where: { item in
                      !item.isReversal && !used.contains(item.id) && item.currencyCode == currency && item.amount?.minorUnits == amountMinor
                          && key.names(transactionReference: item.transactionReference, reference: item.reference?.electronic ?? item.referenceText,
                                       debtorIBAN: item.debtorIBAN)
                  }),
                  let original = try await BankPayment.find(payment.id, on: db), let amount = payment.amount else { continue }
            // Claimed before anything moves: the return is matched once, whatever else runs.
            let claimed = try await sql.raw("""
                UPDATE bank_payments SET reverses_payment_id = \(bind: payment.id), outcome = \(bind: BankPayment.Outcome.reversal.rawValue), flag = NULL
                WHERE id = \(bind: returnID) AND reverses_payment_id IS NULL AND flag = 'reversal_unmatched' RETURNING id
                """).first()
            guard claimed != nil else { continue }
            used.insert(payment.id)
            let effect = try await compensate(original, amount: amount, returnID: returnID)
            try await sql.raw("""
                UPDATE bank_payments SET outcome = \(bind: effect.outcome.rawValue), flag = \(bind: effect.flag),
                  organization_id = \(bind: effect.organizationID), invoice_id = \(bind: effect.invoiceID)
                WHERE id = \(bind: returnID)
                """).run()
        }
    }

    /// Takes the returned money back from the prepaid balance it was credited to. Where the customer has spent part
    /// of it already (an invoice paid from it), what is left is taken back and the return is flagged for staff with
    /// the rest: the balance never goes negative, and staff decide about the invoice it paid.
    private func takeBack(_ amount: Money, from organizationID: UUID, returnID: UUID, effect: inout Effect) async throws {
        try await db.lockForUpdate(Organization.self, id: organizationID)
        let balance = try await PrepaidLedger.balance(of: organizationID, currency: amount.currency, on: db)
        let taken = min(balance.minorUnits, amount.minorUnits)
        if taken > 0 {
            _ = try await PrepaidLedger.post(.init(kind: .reversal, amount: Money(minorUnits: -taken, currency: amount.currency), bankPaymentID: returnID),
                                             to: organizationID, now: now, on: db)
        }
        if taken < amount.minorUnits {
            effect.outcome = .flagged
            effect.flag = "reversal_exceeds_balance"
        }
    }

    /// The return of a payment nothing was booked for on import (no customer known, or parked): while it waits in
    /// the staff queue it leaves it as returned, so nobody credits money the bank has sent back; if staff credited
    /// it to a customer meanwhile, that credit is taken back; if staff marked it for refund, the return is flagged
    /// so they check it was not refunded twice.
    private func returnUnbooked(_ original: BankPayment, amount: Money, returnID: UUID, effect: inout Effect) async throws {
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
            effect.outcome = .flagged
            effect.flag = "reversal_of_payment_marked_for_refund"
            return
        }
        // Decided by staff before the return arrived (or at the same moment: their claim won).
        guard let decided = try await BankPayment.find(original.id, on: db) else { return }
        effect.organizationID = decided.organizationID
        if decided.assignment == "organization", let organizationID = decided.organizationID {
            try await takeBack(amount, from: organizationID, returnID: returnID, effect: &effect)
        } else {
            effect.outcome = .flagged
            effect.flag = "reversal_of_refunded_payment"
        }
    }
}

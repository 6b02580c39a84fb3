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

    /// Re-opened invoices, so the rest of the file reads their open amount again instead of the 0 it noted.
    private(set) var reopened: [UUID] = []
    /// Returns recorded earlier that took back a payment of this file (`applyWaitingReturns`).
    private(set) var waitingReturnsApplied = 0
    /// Returns listed earlier in this same file that took back a payment listed after them (`applyWaitingReturns`):
    /// already counted as reversals, and no longer flagged.
    private(set) var earlierInFileApplied = 0

    mutating func apply(_ reversal: inout BatchImport.Item) async throws {
        guard let amount = reversal.amount else { reversal.outcome = .flagged; return }
        reversal.outcome = .reversal
        let facts = reversal.returnFacts
        guard facts.namesAPayment else { reversal.outcome = .flagged; reversal.flag = "reversal_unmatched"; return }
        let candidates = try await unreversedPayments(namedBy: facts, amount: amount)
        guard let index = ReturnMatching.pick(facts, among: candidates.map(\.returnFacts)) else {
            reversal.outcome = .flagged
            reversal.flag = "reversal_unmatched"
            return
        }
        let original = candidates[index]
        reversal.reversesPaymentID = original.id
        let effect = try await compensate(original, amount: amount, returnID: reversal.id)
        reversal.outcome = effect.outcome
        reversal.flag = effect.flag
        reversal.organizationID = effect.organizationID
        reversal.invoiceID = effect.invoiceID
    }

    /// Payments (not returns) of `amount` that anything the return names may find, no return has taken back yet, the
    /// latest first.
    private func unreversedPayments(namedBy facts: ReturnMatching.Facts, amount: Money) async throws -> [BankPayment] {
        let candidates = try await BankPayment.query(on: db).filter(\.$isReversal == false).filter(\.$currencyCode == amount.currency.code)
            .filter(\.$amountMinor == amount.minorUnits)
            // A report another one completed is that one's: counted beside it, one payment was two to choose from.
            .group(.or) { $0.filter(\.$assignment == nil).filter(\.$assignment != BankPayment.completedAssignment) }
            .group(.or) { named in
                if let value = facts.transactionReference { named.filter(\.$transactionReference == value) }
                if let value = facts.reference { named.filter(\.$reference == value) }
                if let value = facts.debtorIBAN { named.filter(\.$debtorIBAN == value) }
            }
            .sort(\.$createdAt, .descending).sort(\.$id, .descending).all()   // ids are time-ordered: within one import too
        let reversed = Set(try await BankPayment.query(on: db).filter(\.$reversesPaymentID ~~ candidates.compactMap(\.id)).all()
            .compactMap(\.reversesPaymentID))
        return candidates.filter { !reversed.contains($0.id!) }
    }

    /// Undoes what `original` did: re-opens the invoice it settled, takes back the prepaid credit it made, or takes
    /// it off the staff queue.
    mutating func compensate(_ original: BankPayment, amount: Money, returnID: UUID) async throws -> Effect {
        var effect = Effect(organizationID: original.organizationID, invoiceID: original.invoiceID)
        switch BankPayment.Outcome(rawValue: original.outcome) {
        case .settled?:
            guard let invoiceID = original.invoiceID, let found = try await Invoice.find(invoiceID, on: db) else { return effect }
            try await db.lockForUpdate(Organization.self, id: found.$organization.id)
            guard let invoice = try await Invoice.find(invoiceID, on: db) else { return effect }
            // The invoice re-opens by what payments now cover of what it is still owed (its total less credit notes).
            // A credit note issued after the payment moved that part of the payment to the prepaid account: the
            // return takes it back from there, and a fully credited invoice stays closed (bank probe round 3).
            let covered = max(0, invoice.totalMinor - invoice.creditedMinor - invoice.openMinor)
            let reopening = min(amount.minorUnits, covered)
            if reopening > 0 {
                try await InvoiceSettling.settle(invoice, kind: .reversal, amount: -reopening, bankPaymentID: returnID, now: now, on: db)
                reopened.append(invoiceID)
                try await ProductSuspension(now: now).invoiceReopened(invoice, on: db)
            }
            if reopening < amount.minorUnits {
                try await takeBack(Money(minorUnits: amount.minorUnits - reopening, currency: amount.currency), from: invoice.$organization.id,
                                   returnID: returnID, effect: &effect)
            }
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
    /// `payments` are this batch's payments, already written. Only a payment booked on or up to
    /// `ReturnMatching.daysReturnMayFollowItsPayment` days before the return's day can be the one returned; a return
    /// staff have dealt with waits no longer. Such returns are flagged `reversal_unmatched`; the look-up uses a partial
    /// index of those nobody dealt with (M082), so a batch costs one empty index read while none waits.
    /// Within a file, a return takes back only a payment listed before it (`BatchImport.apply`), so that "pays,
    /// returns, pays again" ends paid — unless the return repeats the bank's own reference of exactly one payment
    /// listed after it (some banks list a day's debits first): that reference names the payment whatever the order,
    /// as it does across files (bank probe round 9, F8). `importID` is the file being imported.
    mutating func applyWaitingReturns(to payments: [BatchImport.Item], recordedBefore importID: UUID) async throws {
        let sql = db as! any SQLDatabase
        let waiting = try await sql.raw("""
            SELECT id, import_id, currency, amount_minor, reference, debtor_iban, transaction_reference, booking_date, value_date FROM bank_payments
            WHERE flag = 'reversal_unmatched' AND reverses_payment_id IS NULL AND assignment IS NULL
              AND is_reversal = \(bind: true) AND amount_minor IS NOT NULL
            ORDER BY created_at
            """).all()
        guard !waiting.isEmpty else { return }
        // The latest first, as `ReturnMatching.pick` expects.
        var candidates = payments.reversed().filter { !$0.isReversal && $0.amount != nil }
        for row in waiting {
            let returnID = try row.decode(column: "id", as: UUID.self)
            let sameFile = try row.decode(column: "import_id", as: UUID.self) == importID
            let currency = try row.decode(column: "currency", as: String.self)
            let amountMinor = try row.decode(column: "amount_minor", as: Int64.self)
            let returnDay = try row.decode(column: "booking_date", as: String?.self) ?? row.decode(column: "value_date", as: String?.self)
            let facts = ReturnMatching.Facts(transactionReference: try row.decode(column: "transaction_reference", as: String?.self),
                                             reference: try row.decode(column: "reference", as: String?.self),
                                             debtorIBAN: try row.decode(column: "debtor_iban", as: String?.self), day: returnDay)
            let possible = candidates.indices.filter { index in
                let payment = candidates[index]
                return payment.currencyCode == currency && payment.amount?.minorUnits == amountMinor
                    && ReturnMatching.mayBeReturned(paymentDay: payment.bookingDate ?? payment.valueDate, returnDay: returnDay)
            }
            let picked: Int?
            if sameFile {
                // Only the bank's reference of the one payment it names; by payment reference or account, a payment
                // listed after the return is the payer paying again.
                let named = possible.indices.filter { ReturnMatching.namesExactly(facts, candidates[possible[$0]].returnFacts) }
                picked = named.count == 1 ? named[0] : nil
            } else {
                picked = ReturnMatching.pick(facts, among: possible.map { candidates[$0].returnFacts })
            }
            guard let picked else { continue }
            let payment = candidates[possible[picked]]
            guard let original = try await BankPayment.find(payment.id, on: db), let amount = payment.amount else { continue }
            // Claimed before anything moves, with the staff page's own condition: a return someone dealt with meanwhile
            // is left as they left it.
            let claimed = try await sql.raw("""
                UPDATE bank_payments SET reverses_payment_id = \(bind: payment.id), outcome = \(bind: BankPayment.Outcome.reversal.rawValue), flag = NULL
                WHERE id = \(bind: returnID) AND reverses_payment_id IS NULL AND flag = 'reversal_unmatched' AND assignment IS NULL RETURNING id
                """).first()
            guard claimed != nil else { continue }
            candidates.remove(at: possible[picked])
            if sameFile { earlierInFileApplied += 1 } else { waitingReturnsApplied += 1 }
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
    private mutating func takeBack(_ amount: Money, from organizationID: UUID, returnID: UUID, effect: inout Effect) async throws {
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
    private mutating func returnUnbooked(_ original: BankPayment, amount: Money, returnID: UUID, effect: inout Effect) async throws {
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
        } else if decided.assignment == BankPayment.closedAssignment {
            // Closed as nobody's money (the bank's own booking): the bank taking it back leaves nothing to compensate.
            return
        } else {
            effect.outcome = .flagged
            effect.flag = "reversal_of_refunded_payment"
        }
    }
}

extension BatchImport.Item {
    /// What a return names of the payment it takes back, or what a payment offers to be found by.
    var returnFacts: ReturnMatching.Facts {
        ReturnMatching.Facts(transactionReference: transactionReference, reference: recordedReference, debtorIBAN: debtorIBAN,
                             day: bookingDate ?? valueDate)
    }
}

extension BankPayment {
    var returnFacts: ReturnMatching.Facts {
        ReturnMatching.Facts(transactionReference: transactionReference, reference: reference, debtorIBAN: debtorIBAN, day: bookingDate ?? valueDate)
    }
}

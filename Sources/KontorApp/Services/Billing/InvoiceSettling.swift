import Fluent
import Foundation
import KontorDomain

/// Reducing an invoice's open amount: the one place that writes a settlement and keeps `open_minor` / `paid_at`
/// in step with it. Callers hold the organization's lock in the same transaction.
enum InvoiceSettling {
    /// Records `amount` (positive settles, negative re-opens) against the invoice and returns the settlement.
    @discardableResult
    static func settle(_ invoice: Invoice, kind: InvoiceSettlement.Kind, amount: Int64, prepaidEntryID: UUID? = nil,
                       creditNoteID: UUID? = nil, bankPaymentID: UUID? = nil, now: Date, on db: any Database) async throws -> InvoiceSettlement {
        let settlement = InvoiceSettlement(invoiceID: try invoice.requireID(), kind: kind, amountMinor: amount, now: now)
        settlement.prepaidEntryID = prepaidEntryID
        settlement.creditNoteID = creditNoteID
        settlement.bankPaymentID = bankPaymentID
        try await settlement.create(on: db)
        invoice.openMinor -= amount
        let becomesPaid = invoice.paidAt == nil && invoice.openMinor == 0
        invoice.paidAt = invoice.openMinor == 0 ? (invoice.paidAt ?? now) : nil
        try await invoice.save(on: db)
        // Paid now: what was ordered on it starts (issue 13 §1), in this same transaction.
        if becomesPaid {
            try await ProductActivation.invoicePaid(invoice.requireID(), now: now, on: db)
            try await ProductSuspension.invoicesPaid([invoice.requireID()], now: now, on: db)
        }
        return settlement
    }

    /// After `invoiceIDs` were paid as one set operation (the bank import writes `open_minor` / `paid_at` in bulk,
    /// not through `settle`): the same consequences `settle` has for one invoice, in the same transaction.
    static func afterBulkSettlement(paid invoiceIDs: [UUID], now: Date, on db: any Database) async throws {
        try await ProductActivation.invoicesPaid(invoiceIDs, now: now, on: db)
        try await ProductSuspension.invoicesPaid(invoiceIDs, now: now, on: db)
    }

    /// Pays the invoice in full from the organization's prepaid account in the invoice's currency (payments.md:
    /// "settles the invoice only in full and in the same currency"). Two clicks at once pay it once: the second
    /// finds it paid under the lock and is refused.
    static func payFromBalance(invoiceID: UUID, organizationID: UUID, userID: UUID?, now: Date, on db: any Database) async throws -> Invoice {
        try await db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: organizationID)
            guard let invoice = try await Invoice.query(on: db).filter(\.$id == invoiceID).filter(\.$organization.$id == organizationID).first(),
                  !invoice.isCreditNote else {
                throw AppError.notFound
            }
            guard invoice.openMinor > 0 else { throw AppError.conflict(messageKey: "error.billing.already_paid") }
            try await payFromBalance(invoice, userID: userID, now: now, on: db)
            return invoice
        }
    }

    /// The same inside a transaction that already holds the lock (issuing with "pay new invoices from the balance").
    static func payFromBalance(_ invoice: Invoice, userID: UUID?, now: Date, on db: any Database) async throws {
        let entry = try await PrepaidLedger.post(.init(kind: .invoicePayment, amount: invoice.open.negated, invoiceID: invoice.id, userID: userID),
                                                 to: invoice.$organization.id, now: now, on: db)
        try await settle(invoice, kind: .prepaid, amount: invoice.openMinor, prepaidEntryID: entry.id, now: now, on: db)
    }
}

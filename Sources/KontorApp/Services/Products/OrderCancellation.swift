import Fluent
import Foundation
import KontorDomain

/// Cancelling an order before anything was paid on it: the customer changed their mind, or ordered the wrong thing.
/// The invoice, issued and numbered, never changes (payments.md), so a credit note for all of it cancels the debt;
/// the product, which never started, is deleted (its state, kept for the records, as the renewal run deletes). All in
/// one transaction under the organization's lock, the lock a payment takes too: a payment that arrives first wins
/// (the order is then refused as paid), one that arrives after finds the invoice settled and goes to the prepaid
/// account, as any payment of a settled invoice does.
extension OrderService {
    /// The one rule, for the order page's button and for the cancellation itself: waiting for its payment, and
    /// nothing of the invoice paid or credited yet.
    static func isCancellable(_ order: ProductOrder, invoice: Invoice) -> Bool {
        order.status == .awaitingPayment && invoice.openMinor == invoice.totalMinor
    }

    /// Cancels the order; one cancelled before (another click or tab) is left as it is.
    func cancel(_ orderID: UUID, in organizationID: UUID, now: Date,
                audit: @escaping @Sendable (any Database, ProductOrder) async throws -> Void) async throws {
        try await issuer.queued(for: organizationID) { try await db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: organizationID)
            guard let order = try await ProductOrder.query(on: db).filter(\.$id == orderID).filter(\.$organization.$id == organizationID).first() else {
                throw AppError.notFound
            }
            if order.status == .cancelled { return }
            if order.status == .active { throw AppError.conflict(messageKey: "error.orders.cancel_active") }
            guard let invoiceID = order.invoiceID, let invoice = try await Invoice.find(invoiceID, on: db) else { throw AppError.notFound }
            guard Self.isCancellable(order, invoice: invoice) else { throw AppError.conflict(messageKey: "error.orders.cancel_partly_paid") }
            try await cancel(order, invoice: invoice, noteKey: "order.cancelled_note", now: now, on: db)
            try await audit(db, order)
        } }
    }

    /// The end of an order whose invoice reached the reminder ladder's suspension step unpaid (`ReminderRun`, which holds
    /// the organization's lock): cancelled as the customer would, with the credit note saying why, and recorded in the
    /// security log without a user. False when the order is no longer cancellable (paid, partly paid, cancelled):
    /// then it is left to staff, and nothing else of the organization is touched.
    func cancelUnpaid(invoiceID: UUID, in organizationID: UUID, now: Date, on db: any Database) async throws -> Bool {
        guard let order = try await ProductOrder.query(on: db).filter(\.$invoiceID == invoiceID).filter(\.$organization.$id == organizationID).first(),
              let invoice = try await Invoice.find(invoiceID, on: db), Self.isCancellable(order, invoice: invoice) else { return false }
        try await cancel(order, invoice: invoice, noteKey: "order.lapsed_note", now: now, on: db)
        try await SecurityEvent.record(.orderCancelled, organization: organizationID, detail: order.itemName,
                                       ipAddress: "", userAgent: "payment reminders", at: now, on: db)
        return true
    }

    /// Cancels a cancellable order in the caller's transaction: the order and its product that never started first
    /// (settling the invoice below must not start what is being cancelled), then a credit note for the whole invoice.
    private func cancel(_ order: ProductOrder, invoice: Invoice, noteKey: String, now: Date, on db: any Database) async throws {
        let invoiceID = try invoice.requireID()
        order.statusRaw = ProductOrder.Status.cancelled.rawValue
        try await order.save(on: db)
        // Only a product of the order's own organization: one held elsewhere is never this organization's to delete.
        if let product = try await Product.find(order.$product.id, on: db), product.isPending, product.$organization.id == order.$organization.id {
            product.statusRaw = ProductState.deleted.rawValue
            product.stateChangedAt = now
            try await product.save(on: db)
            try await BundledProducts.follow(product, on: db)
            try await HostingProvisioning.release(try product.requireID(), on: db)
        }
        let lines = try await InvoiceLine.query(on: db).filter(\.$invoice.$id == invoiceID).sort(\.$position).all()
        let language = Language(rawValue: invoice.language) ?? defaultLanguage
        _ = try await issuer.issueCreditNote(
            for: invoiceID,
            lines: lines.map { .init(description: $0.description, quantity: $0.quantity, unitPrice: Money(minorUnits: $0.unitMinor, currency: invoice.currency),
                                     vatRate: VATRate(basisPoints: $0.vatBasisPoints), productID: $0.productID) },
            staffID: nil, note: localizer.text(noteKey, language, ["number": invoice.number]), now: now, on: db)
    }
}

import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Billing's reminder ladder suspends an organization's running products through the same state as an expired
/// product (`suspended`, reason `unpaid`, naming the invoice), and paying that invoice, by any path, lifts it:
/// `InvoiceSettling` calls `invoicesPaid` in the transaction that pays.
struct ProductSuspension: SuspensionHook {
    let now: Date

    func suspend(organizationID: UUID, because invoice: Invoice, on db: any Database) async throws {
        try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$statusRaw ~~ [ProductState.active.rawValue, ProductState.grace.rawValue])
            .set(\.$statusRaw, to: ProductState.suspended.rawValue).set(\.$suspensionReasonRaw, to: SuspensionReason.unpaid.rawValue)
            .set(\.$suspendedByInvoiceID, to: try invoice.requireID()).set(\.$stateChangedAt, to: now).update()
    }

    /// The products these just-paid invoices suspended run again (the renewal run puts an expired one in grace).
    static func invoicesPaid(_ invoiceIDs: [UUID], now: Date, on db: any Database) async throws {
        guard !invoiceIDs.isEmpty else { return }
        // One statement, the ids as one JSON bind (see `ProductActivation.invoicesPaid`).
        let sql = db as! any SQLDatabase
        let ids = BulkRows.list(invoiceIDs.map(TimeOrderedID.text), on: sql, as: "uuid")
        try await sql.raw("""
            UPDATE products SET status = \(bind: ProductState.active.rawValue), suspension_reason = NULL, suspended_by_invoice_id = NULL,
              state_changed_at = \(bind: now)
            WHERE status = \(bind: ProductState.suspended.rawValue) AND suspended_by_invoice_id IN (\(ids.query))
            """).run()
    }
}

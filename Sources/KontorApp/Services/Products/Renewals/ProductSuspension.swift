import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Billing's reminder ladder suspends an organization's running products through the same state as an expired
/// product (`suspended`, reason `unpaid`), and they stay suspended while any open invoice of the organization has
/// reached the ladder's suspension step: paying one of two such invoices does not lift it, paying (or crediting) the
/// last one does. What is stored is only what happened — the step in `payment_reminders`, the open amount on the
/// invoice — so the suspension is worked out from them whenever an invoice is paid, never kept as a second truth.
/// `suspended_by_invoice_id` names one invoice that still holds it (the oldest due), for the staff page.
///
/// Concurrency: `ReminderRun` takes the step under the organization's lock with its open invoices locked
/// (`lockOpenInvoices`); every payment writes the invoice it pays, so a payment and the step never interleave.
struct ProductSuspension: SuspensionHook {
    let now: Date

    func suspend(organizationID: UUID, because invoice: Invoice, on db: any Database) async throws {
        try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$statusRaw ~~ [ProductState.active.rawValue, ProductState.grace.rawValue])
            .set(\.$statusRaw, to: ProductState.suspended.rawValue).set(\.$suspensionReasonRaw, to: SuspensionReason.unpaid.rawValue)
            .set(\.$suspendedByInvoiceID, to: try invoice.requireID()).set(\.$stateChangedAt, to: now).update()
    }

    /// After these invoices were paid or credited: their organizations' products suspended for an unpaid invoice run
    /// again when no open invoice of the organization is at the suspension step any more (the renewal run puts an
    /// expired one in grace); otherwise they stay suspended, naming an invoice that still holds them.
    static func invoicesPaid(_ invoiceIDs: [UUID], now: Date, on db: any Database) async throws {
        guard !invoiceIDs.isEmpty else { return }
        // One statement, the ids as one JSON bind (see `ProductActivation.invoicesPaid`); almost always finds nothing.
        let sql = db as! any SQLDatabase
        let ids = BulkRows.list(invoiceIDs.map(TimeOrderedID.text), on: sql, as: "uuid")
        let (suspended, unpaid) = (ProductState.suspended.rawValue, SuspensionReason.unpaid.rawValue)
        let organizationIDs = try await sql.raw("""
            SELECT DISTINCT p.organization_id FROM products p
            WHERE p.status = \(bind: suspended) AND p.suspension_reason = \(bind: unpaid)
              AND p.organization_id IN (SELECT i.organization_id FROM invoices i WHERE i.id IN (\(ids.query)))
            """).all().map { try $0.decode(column: "organization_id", as: UUID.self) }
        guard !organizationIDs.isEmpty else { return }
        try await sql.raw("""
            UPDATE products SET suspended_by_invoice_id = (\(holdingInvoice(on: sql)))
            WHERE status = \(bind: suspended) AND suspension_reason = \(bind: unpaid) AND organization_id IN (\(binds: organizationIDs))
            """).run()
        try await sql.raw("""
            UPDATE products SET status = \(bind: ProductState.active.rawValue), suspension_reason = NULL, state_changed_at = \(bind: now)
            WHERE status = \(bind: suspended) AND suspension_reason = \(bind: unpaid) AND suspended_by_invoice_id IS NULL
              AND organization_id IN (\(binds: organizationIDs))
            """).run()
    }

    /// A return re-opened `invoice`: if its reminders had reached the suspension step, the organization's running
    /// products stop again, as when the step was taken — paid, they had run again, and the money then went back to the
    /// payer while the ladder, its last step recorded, would never take it again (money probe round 5). An order's
    /// invoice holds no suspension (its end is the order cancelled).
    func invoiceReopened(_ invoice: Invoice, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let holds = try await sql.raw("""
            SELECT i.id FROM invoices i WHERE i.id = \(bind: try invoice.requireID()) AND i.open_minor > 0 AND \(Self.holdsSuspension("i"))
            """).first()
        guard holds != nil else { return }
        try await suspend(organizationID: invoice.$organization.id, because: invoice, on: db)
    }

    /// The oldest open invoice of the product's organization that reached the suspension step, for an
    /// `UPDATE products`.
    private static func holdingInvoice(on sql: any SQLDatabase) -> SQLQueryString {
        """
        SELECT i.id FROM invoices i
        WHERE i.organization_id = products.organization_id AND i.open_minor > 0 AND \(holdsSuspension("i"))
        ORDER BY i.due_on, i.id LIMIT 1
        """
    }

    /// Whether the invoice `alias` names holds a suspension while open: its reminders reached the suspension step, and it
    /// is no order's invoice (`ReminderRun`: an unpaid order's end is the order cancelled, never the services suspended).
    private static func holdsSuspension(_ alias: String) -> SQLQueryString {
        """
        EXISTS (SELECT 1 FROM payment_reminders r WHERE r.invoice_id = \(unsafeRaw: alias).id AND r.step = \(bind: DunningLadder.Step.suspension.rawValue))
          AND NOT EXISTS (SELECT 1 FROM product_orders o WHERE o.invoice_id = \(unsafeRaw: alias).id AND o.status = \(bind: ProductOrder.Status.awaitingPayment.rawValue))
        """
    }

    /// Locks the organization's open invoices, as the suspension step is taken: a payment writes the invoice it pays,
    /// so one arriving meanwhile either finished before (the invoice is then not open any more) or waits for the step
    /// and then sees it. Answers their open amounts.
    static func lockOpenInvoices(of organizationID: UUID, on db: any Database) async throws -> [UUID: Int64] {
        struct Row: Decodable { let id: UUID; let open_minor: Int64 }
        let rows = try await (db as! any SQLDatabase).select().columns("id", "open_minor").from("invoices")
            .where("organization_id", .equal, organizationID).where("series", .equal, DocumentSeries.invoice.rawValue)
            .where("open_minor", .greaterThan, Int64(0)).orderBy("id").for(.update).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.open_minor) }, uniquingKeysWith: { first, _ in first })
    }
}

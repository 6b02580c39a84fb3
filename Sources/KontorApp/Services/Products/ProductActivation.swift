import Fluent
import Foundation
import KontorDomain
import SQLKit

/// An ordered product starts when its invoice is paid, by whatever path pays it: from the prepaid balance (a click,
/// or automatically at issue), a bank statement, a credit note by staff — or at once for an organization staff
/// allow to pay later. Called inside the transaction that pays, so an invoice is never paid with its product still
/// waiting.
enum ProductActivation {
    /// The orders `invoiceID` pays that still wait: active from now.
    static func invoicePaid(_ invoiceID: UUID, now: Date, on db: any Database) async throws {
        try await invoicesPaid([invoiceID], now: now, on: db)
    }

    /// The orders these just-paid invoices pay that still wait: one look-up for a whole batch of the bank import,
    /// which settles invoices as set operations rather than one by one.
    static func invoicesPaid(_ invoiceIDs: [UUID], now: Date, on db: any Database) async throws {
        guard !invoiceIDs.isEmpty else { return }
        // The ids as one JSON bind: a Fluent `IN` of 2,000 binds encoded each UUID through `snprintf` and was
        // most of this look-up, which for a bank import almost always finds nothing.
        let sql = db as! any SQLDatabase
        let ids = BulkRows.list(invoiceIDs.map(TimeOrderedID.text), on: sql, as: "uuid")
        let waitingIDs = try await sql.raw("""
            SELECT id FROM product_orders WHERE status = \(bind: ProductOrder.Status.awaitingPayment.rawValue) AND invoice_id IN (\(ids.query))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !waitingIDs.isEmpty else { return }
        for order in try await ProductOrder.query(on: db).filter(\.$id ~~ waitingIDs).all() { try await activate(order, now: now, on: db) }
    }

    /// Starts the order's product: active from today for one period (what its renewal date counts from), and for
    /// Premium Support the organization's VIP code.
    static func activate(_ order: ProductOrder, now: Date, on db: any Database) async throws {
        guard order.status == .awaitingPayment else { return }
        order.statusRaw = ProductOrder.Status.active.rawValue
        order.activatedAt = now
        try await order.save(on: db)
        // Only a product of the order's own organization: a payment here never starts one another organization holds.
        guard let product = try await Product.find(order.$product.id, on: db), product.isPending,
              product.$organization.id == order.$organization.id else { return }
        try await start(product, period: BillingPeriod(months: order.periodMonths), now: now, on: db)
    }

    /// A product runs from `now` for `period`.
    static func start(_ product: Product, period: BillingPeriod?, now: Date, on db: any Database) async throws {
        product.statusRaw = Product.Status.active.rawValue
        product.activatedAt = now
        // Its periods count from today: today's day of the month is its renewal anchor (ordered on 31 January for a
        // month, it runs to 28 February, then to 31 March).
        let today = ProductService.utcDay(of: now)
        if let period, let end = period.end(startingOn: today), let renews = ProductService.day(end) {
            product.renewsAt = renews
            product.renewalAnchorDay = RenewalAnchor.day(of: today)
        }
        try await product.save(on: db)
        try await BundledProducts.follow(product, on: db)
        if product.kind == .premiumSupport, let organization = try await Organization.find(product.$organization.id, on: db) {
            try await ProductService.assignVIPCode(organization, on: db)
        }
    }
}

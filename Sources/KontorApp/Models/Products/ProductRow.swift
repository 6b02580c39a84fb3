import Foundation
import KontorDomain
import SQLKit

/// A `products` row as plain values, for the renewal run's 100,000 rows: the run decides, prices, invoices and
/// confirms on these, and only a product that takes the per-product path becomes a `Product` model (`product`).
/// Fluent reflects every model it decodes and reaches each field through a property wrapper with generic metadata
/// looked up on every access; for the run that was more than SQLite's own work. What both derive from their columns
/// is written once, in `ProductFacts` and `ProductStanding`, so both answer the renewal rules alike.
struct ProductRow: ProductFacts, Sendable {
    var id: UUID
    var organizationID: UUID
    var kindRaw: String
    var name: String
    var createdAt: Date
    var renewsAt: Date
    var renewalWarranty: Bool
    var mysqlServerPrefix: String?
    var billingAddressID: UUID?
    var statusRaw: String
    var automaticRenewal: Bool
    var suspensionReasonRaw: String?
    var suspendedByInvoiceID: UUID?
    var automaticRenewalFailedOn: String?
    var stateChangedAt: Date?
    var expirySuspendedOn: String?
    var catalogItemID: UUID?
    var periodMonths: Int?
    var activatedAt: Date?
    var suiteUsers: Int?
    var suiteStorageGB: Int?
    var bundledInProductID: UUID?
    var renewalAnchorDay: Int?

    /// The same product as a model, marked as existing like one Fluent read: for the per-product path.
    var product: Product {
        let product = Product()
        product.id = id
        product.$organization.id = organizationID
        product.kindRaw = kindRaw
        product.name = name
        product.createdAt = createdAt
        product.renewsAt = renewsAt
        product.renewalWarranty = renewalWarranty
        product.mysqlServerPrefix = mysqlServerPrefix
        product.$billingAddress.id = billingAddressID
        product.statusRaw = statusRaw
        product.automaticRenewal = automaticRenewal
        product.suspensionReasonRaw = suspensionReasonRaw
        product.suspendedByInvoiceID = suspendedByInvoiceID
        product.automaticRenewalFailedOn = automaticRenewalFailedOn
        product.stateChangedAt = stateChangedAt
        product.expirySuspendedOn = expirySuspendedOn
        product.$catalogItem.id = catalogItemID
        product.periodMonths = periodMonths
        product.activatedAt = activatedAt
        product.suiteUsers = suiteUsers
        product.suiteStorageGB = suiteStorageGB
        product.$bundledIn.id = bundledInProductID
        product.renewalAnchorDay = renewalAnchorDay
        product.$id.exists = true
        return product
    }

    /// The products with these ids as stored now, by id, 500 ids per statement; one deleted meanwhile is missing.
    static func current(_ ids: [UUID], on db: any SQLDatabase) async throws -> [UUID: ProductRow] {
        var rows: [UUID: ProductRow] = [:]
        rows.reserveCapacity(ids.count)
        for chunk in ids.chunked(500) {
            for row in try await db.select().column("*").from(Product.schema).where("id", .in, Array(chunk)).all() {
                let product = try ProductRow(row)
                rows[product.id] = product
            }
        }
        return rows
    }
}

extension ProductRow {
    /// Column by column rather than through `Decodable`: SQLKit's row decoder casts every value to find its
    /// conversion and wraps each optional in a decoder of its own. What decides a renewal is read as the due list
    /// reads it (`DueProduct`), then the rest of the row.
    init(_ row: any SQLRow) throws {
        let due = try DueProduct(row)
        (id, organizationID, kindRaw, renewsAt, renewalWarranty) = (due.id, due.organizationID, due.kindRaw, due.renewsAt, due.renewalWarranty)
        (statusRaw, automaticRenewal, suspensionReasonRaw) = (due.statusRaw, due.automaticRenewal, due.suspensionReasonRaw)
        (automaticRenewalFailedOn, bundledInProductID, expirySuspendedOn) = (due.automaticRenewalFailedOn, due.bundledInProductID, due.expirySuspendedOn)
        name = try row.decode(column: "name", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        mysqlServerPrefix = try row.optional("mysql_server_prefix", as: String.self)
        billingAddressID = try row.optional("billing_address_id", as: UUID.self)
        suspendedByInvoiceID = try row.optional("suspended_by_invoice_id", as: UUID.self)
        stateChangedAt = try row.optional("state_changed_at", as: Date.self)
        catalogItemID = try row.optional("catalog_item_id", as: UUID.self)
        periodMonths = try row.optional("period_months", as: Int.self)
        activatedAt = try row.optional("activated_at", as: Date.self)
        suiteUsers = try row.optional("suite_users", as: Int.self)
        suiteStorageGB = try row.optional("suite_storage_gb", as: Int.self)
        renewalAnchorDay = try row.optional("renewal_anchor_day", as: Int.self)
    }
}

extension Product {
    /// This model as plain values, for what the renewal run shares between its two paths (pricing, drafting, notices).
    var row: ProductRow {
        get throws {
            var row = ProductRow(id: try requireID(), organizationID: $organization.id, kindRaw: kindRaw, name: name, createdAt: createdAt,
                                 renewsAt: renewsAt, renewalWarranty: renewalWarranty, billingAddressID: $billingAddress.id,
                                 statusRaw: statusRaw, automaticRenewal: automaticRenewal)
            (row.mysqlServerPrefix, row.suspensionReasonRaw, row.suspendedByInvoiceID) = (mysqlServerPrefix, suspensionReasonRaw, suspendedByInvoiceID)
            (row.automaticRenewalFailedOn, row.stateChangedAt, row.catalogItemID) = (automaticRenewalFailedOn, stateChangedAt, $catalogItem.id)
            (row.periodMonths, row.activatedAt, row.suiteUsers) = (periodMonths, activatedAt, suiteUsers)
            (row.suiteStorageGB, row.bundledInProductID, row.expirySuspendedOn) = (suiteStorageGB, $bundledIn.id, expirySuspendedOn)
            row.renewalAnchorDay = renewalAnchorDay
            return row
        }
    }
}

/// Where a product stands, from its stored columns: what the renewal rules decide by. The `Product` model, a whole
/// `ProductRow` and the renewal run's light `DueProduct` all answer it alike.
protocol ProductStanding {
    var kindRaw: String { get }
    var renewalWarranty: Bool { get }
    var statusRaw: String { get }
    var suspensionReasonRaw: String? { get }
    var renewsAt: Date { get }
    var bundledInProductID: UUID? { get }
    var automaticRenewal: Bool { get }
    var automaticRenewalFailedOn: String? { get }
    var expirySuspendedOn: String? { get }
}

extension ProductStanding {
    /// nil for a kind this version does not know (written by a newer one): listed as stored, offering no settings.
    var kind: ProductKind? { ProductKind(rawValue: kindRaw) }
    var status: ProductState { ProductState(rawValue: statusRaw) ?? .active }
    var suspensionReason: SuspensionReason? { suspensionReasonRaw.flatMap(SuspensionReason.init) }
    /// The day it expires (`renews_at`, midnight UTC), as the renewal rules read it.
    var expiresOn: String { ProductService.utcDay(of: renewsAt) }
    var isBundledInSuite: Bool { bundledInProductID != nil }
    /// A product bundled in a kSuite has none of its own: it is renewed with the suite, under the suite's warranty.
    var offersRenewalWarranty: Bool { !isBundledInSuite && (kind?.offersRenewalWarranty ?? false) }
    /// Ordered and waiting for its invoice to be paid: no renewal date yet.
    var isPending: Bool { status == .pending }

    /// What the renewal rules decide by.
    var renewalFacts: RenewalFacts {
        RenewalFacts(state: status, expiresOn: expiresOn, automaticRenewal: automaticRenewal, renewalWarranty: renewalWarranty,
                     offersRenewalWarranty: offersRenewalWarranty, automaticRenewalFailed: automaticRenewalFailedOn == expiresOn,
                     suspensionReason: suspensionReason, suspendedForExpiryOn: expirySuspendedOn)
    }
}

/// What a product's stored columns say about it, the same for the `Product` model and a plain `ProductRow`.
protocol ProductFacts: ProductStanding {
    var name: String { get }
    var mysqlServerPrefix: String? { get }
    var periodMonths: Int? { get }
    var renewalAnchorDay: Int? { get }
}

extension ProductFacts {
    var period: BillingPeriod? { periodMonths.flatMap { BillingPeriod(months: $0) } }
    /// The catalog period it renews for; 12 months for products provisioned without one.
    var renewalPeriod: BillingPeriod { period ?? BillingPeriod(months: 12)! }
    /// The expiry a renewal for `period` from `start` (its expiry) leads to: on its anchor day (`RenewalAnchor`). The
    /// one computation of every path that extends a product — the run's set-based chunks and its per-product path,
    /// "renew now", a catch-up period by period — so they agree, and the invoice's line names this day.
    func renewalEnd(of period: BillingPeriod, from start: String) -> String? {
        period.end(startingOn: start, anchorDay: renewalAnchorDay)
    }
    var serverPrefix: MySQLServerPrefix? { mysqlServerPrefix.flatMap(MySQLServerPrefix.init) }
    var hasMySQLPrefixOption: Bool { (kind?.hasMySQLPrefixOption ?? false) && serverPrefix != nil }
}

import Foundation
import KontorDomain
import SQLKit

/// A product on the renewal run's due list: only what decides which way it goes (the rules, and whether the set-based
/// chunk takes it). Whoever renews or moves one reads its whole row again under its locks (`RenewalBatch`, or the
/// per-product path), so a whole row here was read twice and carried through the run for nothing: ten columns of
/// 100,000 products take two thirds of the time of all twenty-one (docs/benchmarks.md, renewal run).
struct DueProduct: ProductStanding, Sendable {
    var id: UUID
    var organizationID: UUID
    var kindRaw: String
    var renewsAt: Date
    var renewalWarranty: Bool
    var statusRaw: String
    var automaticRenewal: Bool
    var suspensionReasonRaw: String?
    var automaticRenewalFailedOn: String?
    var bundledInProductID: UUID?
    var expirySuspendedOn: String?

    /// Running products (active, in grace, suspended) expiring before `tomorrow`, in the order they expire. A suite's
    /// bundled products follow the suite (`BundledProducts`): never renewed or expired on their own.
    static func list(before tomorrow: Date, on db: any SQLDatabase) async throws -> [DueProduct] {
        let running = [ProductState.active, .grace, .suspended].map(\.rawValue)
        return try await db.select()
            .columns("id", "organization_id", "kind", "renews_at", "renewal_warranty", "status", "automatic_renewal", "suspension_reason",
                     "automatic_renewal_failed_on", "bundled_in_product_id", "expiry_suspended_on")
            .from(Product.schema)
            .where("status", .in, running).where("renews_at", .lessThan, tomorrow).where("bundled_in_product_id", .is, SQLLiteral.null)
            .orderBy("renews_at").orderBy("id")
            .all().map(DueProduct.init)
    }

    /// The due-list entry of a product as read whole (for a chunk renewed on its own, as tests do).
    init(_ row: ProductRow) {
        (id, organizationID, kindRaw, renewsAt, renewalWarranty) = (row.id, row.organizationID, row.kindRaw, row.renewsAt, row.renewalWarranty)
        (statusRaw, automaticRenewal, suspensionReasonRaw) = (row.statusRaw, row.automaticRenewal, row.suspensionReasonRaw)
        (automaticRenewalFailedOn, bundledInProductID, expirySuspendedOn) = (row.automaticRenewalFailedOn, row.bundledInProductID, row.expirySuspendedOn)
    }

    /// Column by column, as `ProductRow` reads its own.
    init(_ row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        organizationID = try row.decode(column: "organization_id", as: UUID.self)
        kindRaw = try row.decode(column: "kind", as: String.self)
        renewsAt = try row.decode(column: "renews_at", as: Date.self)
        renewalWarranty = try row.decode(column: "renewal_warranty", as: Bool.self)
        statusRaw = try row.decode(column: "status", as: String.self)
        automaticRenewal = try row.decode(column: "automatic_renewal", as: Bool.self)
        suspensionReasonRaw = try row.optional("suspension_reason", as: String.self)
        automaticRenewalFailedOn = try row.optional("automatic_renewal_failed_on", as: String.self)
        bundledInProductID = try row.optional("bundled_in_product_id", as: UUID.self)
        expirySuspendedOn = try row.optional("expiry_suspended_on", as: String.self)
    }
}

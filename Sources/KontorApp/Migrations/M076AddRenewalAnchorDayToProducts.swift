import Fluent
import Foundation
import KontorDomain
import SQLKit

/// `products.renewal_anchor_day`: the day of the month a product's periods end on (`RenewalAnchor`), so a monthly
/// product expiring on the 31st renews to 28 February and then to 31 March again, not to 28 March. Backfilled for
/// every product as the latest day of the month its periods are known to have begun or ended on: its expiry, its
/// renewals' starts and ends, and for an ordered product the day it was activated (its first period counted from
/// then). A product that already drifted to the 28th gets its 31st back at its next renewal (two more days, never
/// fewer); one with no history keeps its expiry's day.
struct M076AddRenewalAnchorDayToProducts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("products").field("renewal_anchor_day", .int).update()
        try await Self.backfill(on: database)
    }

    /// Every product without an anchor gets the one its history shows.
    static func backfill(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        struct ProductDay: Decodable { let id: UUID; let renews_at: Date }
        struct Period: Decodable { let product_id: UUID; let period_start: String; let period_end: String }
        struct Activation: Decodable { let product_id: UUID; let activated_at: Date }
        let products = try await sql.select().columns("id", "renews_at").from("products")
            .where("renewal_anchor_day", .is, SQLLiteral.null).all(decoding: ProductDay.self)
        guard !products.isEmpty else { return }
        var periodDays: [UUID: [String]] = [:]
        for period in try await sql.select().columns("product_id", "period_start", "period_end").from("product_renewals").all(decoding: Period.self) {
            periodDays[period.product_id, default: []] += [period.period_start, period.period_end]
        }
        var activatedOn: [UUID: String] = [:]
        for order in try await sql.select().columns("product_id", "activated_at").from("product_orders")
            .where("status", .equal, "active").where("activated_at", .isNot, SQLLiteral.null).all(decoding: Activation.self) {
            let day = ProductService.utcDay(of: order.activated_at)
            activatedOn[order.product_id] = min(activatedOn[order.product_id] ?? day, day)
        }
        var byAnchor: [Int: [UUID]] = [:]
        for product in products {
            guard let anchor = RenewalAnchor.backfill(expiry: ProductService.utcDay(of: product.renews_at), periodDays: periodDays[product.id] ?? [],
                                                      activatedOn: activatedOn[product.id]) else { continue }
            byAnchor[anchor, default: []].append(product.id)
        }
        for (anchor, ids) in byAnchor {
            for chunk in ids.chunked(500) {
                try await sql.update("products").set("renewal_anchor_day", to: anchor).where("id", .in, Array(chunk)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("products").deleteField("renewal_anchor_day").update()
    }
}

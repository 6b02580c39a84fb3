import Fluent
import Foundation
import SQLKit

/// Every product's `renews_at` at midnight UTC, as the renewal rules read it. Products created from an instant
/// (Premium Support switched on by staff: "a year from now"; an order waiting for payment: "now") kept a time of
/// day; on SQLite that double never read back as itself, so the renewal run's conditional update never matched and
/// such a product never expired. New products are stored as days (`Product.init`); this moves the existing ones.
struct M067ProductExpiriesAreDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        struct Row: Decodable { let id: UUID; let renews_at: Date }
        let rows = try await (database as! any SQLDatabase).select().columns("id", "renews_at").from("products").all(decoding: Row.self)
        for row in rows {
            let day = ProductService.startOfUTCDay(row.renews_at)
            guard day != row.renews_at else { continue }
            try await (database as! any SQLDatabase).update("products").set("renews_at", to: day).where("id", .equal, row.id).run()
        }
    }

    func revert(on database: any Database) async throws {}
}

import Fluent
import Foundation
import SQLKit

/// Premium Support was a flag (a VIP code on the organization) until products existed; each organization that has
/// a VIP code now holds the Premium Support product too, renewing a year from the upgrade. Written in SQL against
/// the columns of this moment, so later changes to the models cannot break it.
struct M026PremiumSupportProducts: AsyncMigration {
    struct Holder: Decodable { let id: UUID }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let now = Date()
        let renews = Calendar(identifier: .gregorian).date(byAdding: .year, value: 1, to: now) ?? now
        let holders = try await sql.raw("""
            SELECT id FROM organizations o WHERE vip_code IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM products p WHERE p.organization_id = o.id AND p.kind = 'premium_support')
            """).all(decoding: Holder.self)
        for holder in holders {
            try await sql.insert(into: "products")
                .columns("id", "organization_id", "kind", "name", "created_at", "renews_at", "renewal_warranty")
                .values(SQLBind(UUID()), SQLBind(holder.id), SQLBind("premium_support"), SQLBind("Premium Support"),
                        SQLBind(now), SQLBind(renews), SQLBind(false))
                .run()
        }
    }
    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM products WHERE kind = 'premium_support'").run()
    }
}

import Fluent
import Foundation
import KontorDomain

/// Premium Support was a flag (a VIP code on the organization) until products existed; each organization that has
/// a VIP code now holds the Premium Support product too, renewing a year from the upgrade.
struct M026PremiumSupportProducts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let now = Date()
        let renews = Calendar(identifier: .gregorian).date(byAdding: .year, value: 1, to: now) ?? now
        let holders = try await Organization.query(on: database).filter(\.$vipCode != nil).all()
        for organization in holders {
            let id = try organization.requireID()
            let has = try await Product.query(on: database).filter(\.$organization.$id == id)
                .filter(\.$kindRaw == ProductKind.premiumSupport.rawValue).first() != nil
            if !has {
                try await Product(organizationID: id, kind: .premiumSupport, name: "Premium Support", renewsAt: renews, createdAt: now).create(on: database)
            }
        }
    }
    func revert(on database: any Database) async throws {
        try await Product.query(on: database).filter(\.$kindRaw == ProductKind.premiumSupport.rawValue).delete()
    }
}

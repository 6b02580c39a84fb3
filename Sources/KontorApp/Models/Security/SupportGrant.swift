import Fluent
import Foundation
import KontorDomain

/// Temporary access for the provider's support staff to one organization or one of its products (seed guide
/// "code support": "conceder un acceso temporal a sus servicios"), read-only unless the customer allowed changes.
final class SupportGrant: Model, @unchecked Sendable {
    static let schema = "support_grants"
    static let durations: [Int] = [1, 4, 24, 72, 168]

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "granted_by_user_id") var grantedBy: User
    /// The one product the access covers; nil for the whole organization.
    @OptionalParent(key: "product_id") var product: Product?
    @Field(key: "can_change") var canChange: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $organization, $grantedBy, $product, $canChange, $createdAt, $expiresAt, $revokedAt] }

    init() {}

    init(organizationID: UUID, productID: UUID? = nil, grantedBy: UUID, canChange: Bool, hours: Int, now: Date) {
        $organization.id = organizationID
        $product.id = productID
        $grantedBy.id = grantedBy
        self.canChange = canChange
        createdAt = now
        expiresAt = now.addingTimeInterval(TimeInterval(hours * 3600))
    }

    func isLive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }

    var scope: SupportAccessScope { SupportAccessScope(productID: $product.id) }

    /// Whether staff under this grant may see `product`.
    func covers(_ product: Product) -> Bool {
        guard let id = product.id else { return false }
        return scope.covers(product: id, of: product.$organization.id, grantOrganization: $organization.id)
    }

    /// The grant a staff request may use: live at this very moment, checked on every request (ASVS 8.3.2).
    static func live(_ id: UUID, on db: any Database, now: Date) async throws -> SupportGrant? {
        try await SupportGrant.query(on: db).filter(\.$id == id).filter(\.$revokedAt == nil).filter(\.$expiresAt > now)
            .with(\.$organization).with(\.$product).first()
    }

    /// Ends the live grants `userID` gave in the organization, when they stop being someone who may give one (they
    /// leave, are removed, close their account or become a plain user): a grant is its giver's decision and must not
    /// outlive their say in the organization (security.md: removing a member takes effect on the very next request).
    /// The organization's remaining managers can grant again. Returns how many ended.
    @discardableResult
    static func endGiven(by userID: UUID, in organizationID: UUID, now: Date, on db: any Database) async throws -> Int {
        let live = try await SupportGrant.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$grantedBy.$id == userID)
            .filter(\.$revokedAt == nil).filter(\.$expiresAt > now).all()
        for grant in live {
            grant.revokedAt = now
            try await grant.save(on: db)
        }
        return live.count
    }
}

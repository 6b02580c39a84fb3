import Fluent
import Foundation

/// A plain user of the organization who may manage one product (`ProductAccess`).
final class ProductMemberGrant: Model, @unchecked Sendable {
    static let schema = "product_member_grants"

    @ID(key: .id) var id: UUID?
    @Parent(key: "product_id") var product: Product
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "granted_by_user_id") var grantedBy: User?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $product, $user, $grantedBy, $createdAt] }

    init() {}

    init(productID: UUID, userID: UUID, grantedBy: UUID, now: Date) {
        $product.id = productID
        $user.id = userID
        $grantedBy.id = grantedBy
        createdAt = now
    }
}

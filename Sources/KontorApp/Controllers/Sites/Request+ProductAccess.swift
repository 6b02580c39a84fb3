import Fluent
import Foundation
import KontorDomain
import Vapor

extension Request {
    /// Whether the caller may change `product`'s settings (`ProductAccess`): a legal representative or administrator
    /// of its organization, or a plain user given access to this one product.
    func mayManage(_ product: Product) async throws -> Bool {
        let membership = try membership()
        guard membership.$organization.id == product.$organization.id else { return false }
        if membership.role.canManageOrganization { return true }
        return ProductAccess.mayManage(role: membership.role,
                                       hasProductGrant: try await ProductGrants(db: db).hasGrant(user: membership.$user.id, product: try product.requireID()))
    }

    /// Records a customer's change to a product in the security log, in the caller's log and the organization's.
    func recordProductChange(_ action: GrantAction, on db: any Database) async throws {
        let membership = try membership()
        try await record(.productSettingChanged, user: membership.$user.id, organization: membership.$organization.id,
                         detail: String(decoding: try JSONEncoder().encode(action), as: UTF8.self), on: db)
    }
}

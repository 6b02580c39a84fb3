import Fluent
import Foundation
import KontorDomain

/// Plain users given access to one product (`ProductAccess`): listed, given and taken back on the product page by the
/// organization's legal representatives and administrators.
struct ProductGrants {
    let db: any Database

    func hasGrant(user userID: UUID, product productID: UUID) async throws -> Bool {
        try await ProductMemberGrant.query(on: db).filter(\.$user.$id == userID).filter(\.$product.$id == productID).first() != nil
    }

    func grants(of productID: UUID) async throws -> [ProductMemberGrant] {
        try await ProductMemberGrant.query(on: db).filter(\.$product.$id == productID).with(\.$user).all()
            .sorted { $0.user.name.localizedCaseInsensitiveCompare($1.user.name) == .orderedAscending }
    }

    /// Gives `member` (a plain user of the product's organization) access; giving it twice, or twice at once, leaves one.
    func grant(_ product: Product, to member: Membership, by granter: UUID, now: Date,
               audit: @escaping @Sendable (any Database) async throws -> Void) async throws {
        guard member.$organization.id == product.$organization.id else { throw AppError.notFound }
        guard ProductAccess.mayReceiveGrant(role: member.role) else {
            throw ValidationFailure([FieldError(field: "member", messageKey: "error.products.grant_not_needed")])
        }
        let productID = try product.requireID(), userID = member.$user.id
        do {
            try await db.transaction { db in
                // Under the organization's lock, as removing a member and changing a role are: a grant never outlives
                // the membership it was given for, and is never given to someone promoted (who needs none) meanwhile.
                try await db.lockForUpdate(Organization.self, id: product.$organization.id)
                // Moved to another organization since it was read (a move locks both organizations): not ours to give.
                _ = try await ProductService(db: db).product(productID, in: product.$organization.id)
                guard let current = try await Membership.find(member.requireID(), on: db) else {
                    throw ValidationFailure([FieldError(field: "member", messageKey: "error.products.member_unknown")])
                }
                guard ProductAccess.mayReceiveGrant(role: current.role) else {
                    throw ValidationFailure([FieldError(field: "member", messageKey: "error.products.grant_not_needed")])
                }
                guard try await ProductGrants(db: db).hasGrant(user: userID, product: productID) == false else { return }
                try await ProductMemberGrant(productID: productID, userID: userID, grantedBy: granter, now: now).create(on: db)
                try await audit(db)
            }
        } catch where ConcurrentChange(error) == .conflict {
            // Given at the same moment by another click: it stands.
        }
    }

    /// Takes access back; one already taken back is not an error.
    func revoke(_ product: Product, from userID: UUID, audit: @escaping @Sendable (any Database) async throws -> Void) async throws {
        let productID = try product.requireID()
        try await db.transaction { db in
            guard let grant = try await ProductMemberGrant.query(on: db).filter(\.$user.$id == userID).filter(\.$product.$id == productID).first() else { return }
            guard try await db.deleteOnce(ProductMemberGrant.self, id: grant.requireID()) else { return }
            try await audit(db)
        }
    }

    /// A member who leaves or is removed keeps no product access for a later return.
    static func revokeAll(user userID: UUID, organization organizationID: UUID, on db: any Database) async throws {
        let products = try await Product.query(on: db).filter(\.$organization.$id == organizationID).all().compactMap(\.id)
        guard !products.isEmpty else { return }
        try await ProductMemberGrant.query(on: db).filter(\.$user.$id == userID).filter(\.$product.$id ~~ products).delete()
    }
}

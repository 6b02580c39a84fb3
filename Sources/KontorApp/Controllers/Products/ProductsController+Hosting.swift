import Fluent
import Foundation
import KontorDomain
import Vapor

/// A web hosting's page: its sites (each opening its own page), its databases and database users, and the plain users
/// given access to manage it (`ProductAccess`).
extension ProductsController {
    struct HostingSection: Encodable {
        struct SiteLink: Encodable {
            let domain: String
            let path: String
            let phpVersion: String
            let mysqlPrefixEnabled: Bool
            let migrated: Bool
        }
        struct Grant: Encodable {
            let name: String
            let email: String
            let revokeAction: String
        }
        struct Candidate: Encodable {
            let memberID: String
            let label: String
        }
        let sites: [SiteLink]
        let databases: [String]
        let databaseUsers: [String]
        let canManageAccess: Bool
        let grants: [Grant]
        let candidates: [Candidate]
        let grantAction: String
    }
    struct AccessForm: Content { var member: UUID? }

    func hostingSection(_ request: Request, _ product: Product) async throws -> HostingSection {
        let membership = try request.membership()
        let organizationID = membership.$organization.id, productID = try product.requireID()
        let sites = try await SiteService(db: request.db).sites(of: productID)
        let names = try await SiteService(db: request.db).mysqlNames(of: productID)
        let prefix = product.serverPrefix
        let full = { (name: MySQLObjectName) -> String in prefix.map { name.fullName(prefix: $0) } ?? name.value }
        let grants = try await ProductGrants(db: request.db).grants(of: productID)
        let members = membership.role.canManageOrganization ? try await Membership.members(of: organizationID, on: request.db) : []
        let granted = Set(grants.map { $0.$user.id })
        return HostingSection(
            sites: sites.map { .init(domain: $0.domainName, path: SiteRoute.site(organizationID, site: $0.id!).path, phpVersion: $0.phpVersion,
                                     mysqlPrefixEnabled: $0.mysqlPrefixEnabled, migrated: $0.migratedFromOlderOffer) },
            databases: names.filter { $0.kind == .database }.map(full), databaseUsers: names.filter { $0.kind == .user }.map(full),
            canManageAccess: membership.role.canManageOrganization,
            grants: grants.compactMap { grant in
                guard let member = members.first(where: { $0.$user.id == grant.$user.id }) else { return nil }
                return .init(name: grant.user.name, email: grant.user.email,
                             revokeAction: SiteRoute.productAccessRevoke(organizationID, product: productID, member: member.id!).path)
            },
            candidates: members.filter { ProductAccess.mayReceiveGrant(role: $0.role) && !granted.contains($0.$user.id) }
                .map { .init(memberID: $0.id!.uuidString, label: "\($0.user.name) <\($0.user.email)>") },
            grantAction: SiteRoute.productAccess(organizationID, product: productID).path)
    }

    /// Gives a plain user access to manage this one product.
    func grantAccess(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let organizationID = membership.$organization.id
        let product = try await ProductService(db: request.db).product(try request.id("productID"), in: organizationID)
        guard let memberID = try request.content.decode(AccessForm.self).member else {
            throw ValidationFailure([FieldError(field: "member", messageKey: "error.required")])
        }
        guard let member = try await Membership.query(on: request.db).filter(\.$id == memberID).filter(\.$organization.$id == organizationID)
            .with(\.$user).first() else { throw ValidationFailure([FieldError(field: "member", messageKey: "error.products.member_unknown")]) }
        try await ProductGrants(db: request.db).grant(product, to: member, by: membership.$user.id, now: request.now) { db in
            try await request.recordProductChange(GrantAction(action: "product_access_granted", to: member.user.email, product: product.name), on: db)
        }
        return request.redirect(to: .organizationProduct(organizationID, product: try product.requireID()), notice: "product_access_granted")
    }

    /// Takes it back; already taken back is not an error.
    func revokeAccess(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let organizationID = membership.$organization.id
        let product = try await ProductService(db: request.db).product(try request.id("productID"), in: organizationID)
        guard let member = try await Membership.query(on: request.db).filter(\.$id == (try request.id("memberID")))
            .filter(\.$organization.$id == organizationID).with(\.$user).first() else { throw AppError.notFound }
        try await ProductGrants(db: request.db).revoke(product, from: member.$user.id) { db in
            try await request.recordProductChange(GrantAction(action: "product_access_revoked", to: member.user.email, product: product.name), on: db)
        }
        return request.redirect(to: .organizationProduct(organizationID, product: try product.requireID()), notice: "product_access_revoked")
    }
}

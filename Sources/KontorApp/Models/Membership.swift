import Fluent
import FluentSQL
import Foundation
import SQLKit
import KontorDomain

/// A user's place in an organization, with their role.
final class Membership: Model, @unchecked Sendable {
    static let schema = "memberships"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var roleValue: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $organization, $user, $roleValue, $createdAt] }

    init() {}

    init(organizationID: UUID, userID: UUID, role: OrganizationRole, createdAt: Date) {
        self.$organization.id = organizationID
        self.$user.id = userID
        self.roleValue = role.rawValue
        self.createdAt = createdAt
    }

    var role: OrganizationRole {
        get { OrganizationRole(rawValue: roleValue) ?? .user }
        set { roleValue = newValue.rawValue }
    }
}

extension Membership {
    /// The caller's membership of one organization, or nil: the single gate of every organization-scoped route.
    static func find(user userID: UUID, organization organizationID: UUID, on db: any Database) async throws -> Membership? {
        try await Membership.query(on: db)
            .filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID)
            .with(\.$organization).first()
    }

    /// A user's memberships with their organizations.
    private enum OfUser: PreparedSelect {
        static let name = "memberships_of_user"
        static let select = JoinedSelect.sql(Membership.self, as: "m", joining: Organization.self, as: "o", prefix: "o__",
                                             on: "o.\"id\" = m.\"organization_id\"")
        static let column = "m.\"user_id\""
    }

    /// Every organization the user belongs to, by organization name.
    static func all(of userID: UUID, on db: any Database) async throws -> [Membership] {
        // One hand-written join instead of Fluent's query and eager load: this runs on every signed-in page.
        try await OfUser.rows(on: db, where: userID).map { row in
            let membership = try row.decode(fluentModel: Membership.self)
            membership.$organization.value = try PrefixedRow(row: row, prefix: "o__").decode(fluentModel: Organization.self)
            return membership
        }
        .sorted { $0.organization.name.localizedCaseInsensitiveCompare($1.organization.name) == .orderedAscending }
    }

    /// Where `user` lands after signing in (`OrganizationLanding`): the organization used last, else her own company.
    static func landing(of user: User, on db: any Database) async throws -> UUID? {
        let memberships = try await all(of: user.requireID(), on: db)
        return OrganizationLanding.choose(among: memberships.map { .init(id: $0.$organization.id, role: $0.role) }, lastUsed: user.lastOrganizationID)
    }

    /// Every member of an organization with their user loaded.
    static func members(of organizationID: UUID, on db: any Database) async throws -> [Membership] {
        try await Membership.query(on: db).filter(\.$organization.$id == organizationID).with(\.$user).all()
            .sorted { ($0.role, $0.user.name) < ($1.role, $1.user.name) }
    }
}

import Fluent
import Vapor

/// The gate of every organization-scoped route: the caller must be a member of `:orgID`, else 404 —
/// the same answer as for an organization that does not exist, so nothing leaks (ASVS 8.2–8.4).
struct OrganizationScope: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let identity = try request.customer()
        let organizationID = try request.id("orgID")
        guard let membership = try await request.ownMemberships().first(where: { $0.$organization.id == organizationID }) else {
            try await request.record(.accessDenied, user: identity.userID, organization: organizationID, detail: request.path)
            throw AppError.notFound
        }
        request.storage[MembershipKey.self] = membership
        return try await next.respond(to: request)
    }
}

private struct MembershipKey: StorageKey { typealias Value = Membership }
private struct OwnMembershipsKey: StorageKey { typealias Value = [Membership] }

extension Request {
    /// Every membership of the signed-in customer with its organization, loaded once per request: the scope check
    /// and the page frame (organization switcher) both need them, and loading them twice was two extra queries on
    /// every console page. Write paths that change memberships redirect, so a page never renders a stale list.
    func ownMemberships() async throws -> [Membership] {
        if let cached = storage[OwnMembershipsKey.self] { return cached }
        guard let userID = auth.get(CustomerIdentity.self)?.userID else { return [] }
        let loaded = try await Membership.all(of: userID, on: db)
        storage[OwnMembershipsKey.self] = loaded
        return loaded
    }

    /// The caller's membership of the organization in the path (set by `OrganizationScope`).
    func membership() throws -> Membership {
        guard let membership = storage[MembershipKey.self] else { throw AppError.notFound }
        return membership
    }

    /// The caller's membership, refusing callers whose role may not change the organization.
    func managingMembership() throws -> Membership {
        let membership = try membership()
        guard membership.role.canManageOrganization else { throw AppError.membershipRefused(.notPermitted) }
        return membership
    }
}

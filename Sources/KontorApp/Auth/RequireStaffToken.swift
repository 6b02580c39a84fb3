import Vapor

/// A caller of the staff API: a staff token and the member it belongs to, with the member's current role.
struct StaffTokenIdentity: Authenticatable {
    let staff: StaffMember
    let token: StaffAPIToken
}

/// The staff API's door: `Authorization: Bearer kst_…` only — no cookie, no customer token. An unknown, revoked or
/// expired token, or one of a disabled member, is 401. A token acts with the lesser of its scope (the role it was made
/// with) and the member's current role: the route must admit both, else 403 (and logged), so a promotion never widens
/// an old token and a demotion narrows it on the next call. A member who still has the password an administrator
/// chose is 403 `password_change_required` until they choose their own in the console.
struct RequireStaffToken: AsyncMiddleware {
    var roles: Set<StaffRole>

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token,
              let (token, staff) = try await request.staffTokens.authenticate(bearer) else {
            throw AppError.unauthenticated
        }
        guard !staff.mustChangePassword else {
            try await request.record(.accessDenied, staff: staff.id, detail: "staff API \(request.method) \(request.path): password change required")
            throw AppError.refused(messageKey: "error.staff.password_change_required")
        }
        guard roles.contains(staff.role), roles.contains(token.scope) else {
            try await request.record(.accessDenied, staff: staff.id,
                                     detail: "staff API \(request.method) \(request.path) as \(staff.roleValue), token made as \(token.scopeValue)")
            throw AppError.forbidden
        }
        request.auth.login(StaffTokenIdentity(staff: staff, token: token))
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The staff member behind the staff API token of this request.
    func staffTokenIdentity() throws -> StaffTokenIdentity {
        guard let identity = auth.get(StaffTokenIdentity.self) else { throw AppError.unauthenticated }
        return identity
    }
}

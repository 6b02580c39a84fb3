import Fluent
import KontorDomain
import Vapor

/// Resolves who is calling: on `/api/` a bearer token (API session or personal token), elsewhere a session cookie.
/// Each counts only where it belongs: a page needs a browser session, so a personal token sent to a form (which a
/// browser never does) opens nothing there — the token's limits, such as adding no sign-in method, hold on pages too.
struct SessionAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization?.token { try await authenticate(bearer: bearer, request) }
        } else {
            let cookies = request.sessionCookies
            if let token = request.cookies[cookies.customer]?.string,
               let session = try await request.sessionStore.findWithUser(token: token), session.channel == AuthSession.Channel.browser.rawValue,
               let user = try await session.$user.get(on: request.db), user.disabledAt == nil {
                // Password given, second factor not yet: the session grants only the second-factor pages.
                if session.isSecondFactorPending {
                    request.pendingSecondFactor = PendingSecondFactor(user: user, session: session)
                    // Her second step, SMS page and identity check speak the language she chose, like the console
                    // right after (a `?lang=` link, read next by `LanguageMiddleware`, still wins).
                    if let language = Language(rawValue: user.language) { request.language = language }
                } else {
                    request.auth.login(CustomerIdentity(user: user, session: session, apiToken: nil))
                }
            }
            if let token = request.cookies[cookies.staff]?.string,
               let session = try await request.sessionStore.find(token: token),
               let staff = try await session.$staffMember.get(on: request.db), staff.isActive {
                // Staff must pass the authenticator app: until then the session opens only its pages.
                if session.isSecondFactorPending {
                    request.pendingStaffSecondFactor = PendingStaffSecondFactor(staff: staff, session: session)
                } else {
                    request.auth.login(StaffIdentity(staff: staff, session: session))
                }
            }
            // A form whose cookie opened nothing: was it renewed by another copy of the form a moment ago?
            if request.method == .POST, !request.auth.has(CustomerIdentity.self), !request.auth.has(StaffIdentity.self) {
                let cookie = request.path.hasPrefix("/staff") ? cookies.staff : cookies.customer
                if let token = request.cookies[cookie]?.string, try await SessionRotation.renewedMoments(ago: token, request) {
                    request.renewedMeanwhile = true
                }
            }
        }
        let response = try await next.respond(to: request)
        // Re-authenticated in a browser: a new session ID once the change succeeded (`SessionRotation`).
        let reauthenticated = request.reauthenticated
        if !request.isAPI, !reauthenticated.isEmpty {
            if reauthenticated.contains(.customer), let session = request.auth.get(CustomerIdentity.self)?.session {
                try await SessionRotation.rotate(session, cookie: request.sessionCookies.customer, on: response, request)
            }
            if reauthenticated.contains(.staff), let session = request.auth.get(StaffIdentity.self)?.session {
                try await SessionRotation.rotate(session, cookie: request.sessionCookies.staff, on: response, request)
            }
        }
        return response
    }

    private func authenticate(bearer token: String, _ request: Request) async throws {
        // A staff token is no customer: it counts only on the staff API, whose routes check it (`RequireStaffToken`).
        if token.hasPrefix(StaffTokens.prefix) { return }
        if token.hasPrefix(PersonalTokens.prefix) {
            guard let apiToken = try await APIToken.query(on: request.db).filter(\.$tokenHash == SecretToken.hash(token)).with(\.$user).first(),
                  apiToken.expiresAt.map({ $0 > request.now }) ?? true, apiToken.user.disabledAt == nil else { return }
            if apiToken.lastUsedAt.map({ request.now.timeIntervalSince($0) > 60 }) ?? true {
                apiToken.lastUsedAt = request.now
                try await apiToken.save(on: request.db)
            }
            request.auth.login(CustomerIdentity(user: apiToken.user, session: nil, apiToken: apiToken))
        } else if let session = try await request.sessionStore.find(token: token),
                  session.channel == AuthSession.Channel.api.rawValue, !session.isSecondFactorPending,
                  let user = try await session.$user.get(on: request.db), user.disabledAt == nil {
            request.auth.login(CustomerIdentity(user: user, session: session, apiToken: nil))
        }
    }
}

/// Routes for signed-in customers: browsers are sent to the sign-in page, API callers get 401.
struct RequireCustomer: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(CustomerIdentity.self) else {
            if request.isAPI { throw AppError.unauthenticated }
            return request.redirect(to: SiteRoute.signIn.path + "?next=" + (request.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        }
        return try await next.respond(to: request)
    }
}

/// Routes for signed-in staff, optionally of given roles. A member whose password an administrator chose reaches only
/// the password page and sign-out until they have chosen their own: pages lead there, JSON callers get 403
/// `password_change_required`.
struct RequireStaff: AsyncMiddleware {
    var roles: Set<StaffRole> = Set(StaffRole.allCases)
    /// The paths open to a member who must still choose their own password.
    static let openBeforeOwnPassword: Set<String> = [SiteRoute.staffPassword.path, SiteRoute.staffSignOut.path]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let identity = request.auth.get(StaffIdentity.self) else {
            return request.redirect(to: SiteRoute.staffSignIn.path)
        }
        if identity.staff.mustChangePassword, !Self.openBeforeOwnPassword.contains(request.path) {
            if request.answersInJSON { throw AppError.refused(messageKey: "error.staff.password_change_required") }
            return request.redirect(to: SiteRoute.staffPassword.path)
        }
        guard roles.contains(identity.staff.role) else { throw AppError.forbidden }
        return try await next.respond(to: request)
    }
}

import Fluent
import Vapor

/// Starting and ending browser sessions: a new session ID at every sign-in (ASVS 7.2.4), the old one deleted.
enum SignInFlow {
    /// After the password: the console, or first the second-factor page when the user has 2FA on. Either way a
    /// new session ID is issued, and again when the second factor is passed.
    static func startBrowserSession(for user: User, _ request: Request, redirectTo next: String?,
                                    secondFactor: SecondFactorState = .notUsed) async throws -> Response {
        let cookies = request.sessionCookies
        if let old = request.cookies[cookies.customer]?.string {
            try await AuthSession.query(on: request.db).filter(\.$tokenHash == SecretToken.hash(old)).delete()
        }
        var state = secondFactor
        if state == .notUsed, try await TwoFactorService(request: request).isEnabled(for: user.requireID()) { state = .pending }
        if state == .passed { try await closeIdentityCheck(of: user, request) }
        let (token, _) = try await request.sessionStore.create(
            user: user, channel: .browser, organizationID: try await Membership.landing(of: user, on: request.db),
            ipAddress: request.clientAddress, userAgent: request.userAgentSummary, secondFactor: state)
        let target = state == .pending
            ? SiteRoute.signInSecondFactor.path + SecondFactorSignInController.nextQuery(next, request)
            : request.signInDestination(next) ?? SiteRoute.console.path
        let response = request.redirect(to: target, redirectType: .normal)
        response.cookies[cookies.customer] = cookies.value(token)
        // Known once signed in, not after the password alone: a second factor still owed proves nothing about the browser.
        // A cookie this account no longer knows (forgotten with a new password, or another account's) is replaced.
        let accounts = AccountService(request: request)
        if state != .pending, try await !accounts.knownDevice(request.cookies[cookies.device]?.string, for: user) {
            let device = try await accounts.rememberDevice(for: user)
            response.cookies[cookies.device] = cookies.value(device, maxAge: 365 * 24 * 3600)
        }
        return response
    }

    /// A customer who passed the second factor is back in: an identity check they sent meanwhile is closed, and
    /// their security log says so.
    static func closeIdentityCheck(of user: User, _ request: Request) async throws {
        let userID = try user.requireID()
        if try await IdentityVerificationService.closePending(of: userID, now: request.now, on: request.db) {
            try await request.record(.identityRequestClosed, user: userID)
        }
    }

    static func endBrowserSession(_ request: Request) async throws -> Response {
        if let identity = request.auth.get(CustomerIdentity.self), let session = identity.session {
            try await session.delete(on: request.db)
            try await request.record(.signOut, user: identity.userID)
        }
        let response = request.redirect(to: .signIn, notice: "signed_out")
        response.cookies[request.sessionCookies.customer] = request.sessionCookies.expired
        return response
    }
}

import Fluent
import Foundation
import Vapor

/// The link mailed when someone keeps guessing an account's password: opened by the owner, it makes this browser a
/// known device, which the per-account guessing delay never slows. A page with a button, not a GET that acts, so a
/// mail scanner that follows links cannot use it up.
struct SignInUnlockController {
    struct Page: Encodable {
        let layout: LayoutModel
        let action: String
        let isUsable: Bool
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.signInUnlock(token: ""), use: show)
        routes.post(.signInUnlock(token: ""), use: unlock)
    }

    func show(_ request: Request) async throws -> View {
        let token = request.parameters.get("token") ?? ""
        let usable = try await EmailLinks(db: request.db, now: request.now).isUsable(token, purpose: .unlockSignIn)
        return try await request.view.render("Accounts/SignInUnlock", Page(
            layout: await request.layout(title: request.t("unlock.title")), action: SiteRoute.signInUnlock(token: token).path, isUsable: usable))
    }

    func unlock(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let link = try await EmailLinks(db: request.db, now: request.now).use(token, purpose: .unlockSignIn)
        let device = try await AccountService(request: request).rememberDevice(for: link.user)
        try await request.record(.signInUnlocked, user: link.user.id)
        let response = request.redirect(to: .signIn, notice: "sign_in_unlocked")
        response.cookies[request.sessionCookies.device] = request.sessionCookies.value(device, maxAge: 365 * 24 * 3600)
        return response
    }
}

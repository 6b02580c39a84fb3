import Foundation
import KontorDomain
import Vapor

/// The page a new sign-in address's link opens. Opening it changes nothing: the change needs the button, so a mail
/// scanner that follows every link cannot make an address the sign-in address of someone else's account.
struct SignInEmailController {
    struct ConfirmPage: Encodable {
        let layout: LayoutModel
        let email: String?
        let name: String?
        let action: String
    }

    func register(public routes: any RoutesBuilder) {
        routes.get(.confirmSignInEmail(token: ""), use: show)
        routes.post(.confirmSignInEmail(token: ""), use: confirm)
    }

    func show(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let preview = try await SignInEmailChange(request: request).preview(token)
        let page = ConfirmPage(layout: await request.layout(title: request.t("sign_in_email.confirm.title")), email: preview?.email,
                               name: preview?.name, action: SiteRoute.confirmSignInEmail(token: token).path)
        return try await request.view.render("Accounts/ConfirmSignInEmail", page)
            .encodeResponse(status: preview == nil ? .gone : .ok, for: request)
    }

    func confirm(_ request: Request) async throws -> Response {
        try await SignInEmailChange(request: request).confirm(request.parameters.get("token") ?? "")
        let target: SiteRoute = request.auth.has(CustomerIdentity.self) ? .profile : .signIn
        return request.redirect(to: target, notice: "sign_in_email_changed")
    }
}

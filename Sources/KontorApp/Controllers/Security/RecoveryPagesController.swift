import Fluent
import Foundation
import KontorDomain
import Vapor

/// "Forgot your password?", the reset link, and the recovery address (set in Security, confirmed by link).
struct RecoveryPagesController {
    struct ForgotPage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let action: String
        let sent: Bool
    }
    struct ResetPage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let action: String
        let isUsable: Bool
        let minimumLength: Int
        let recommendedLength: Int
    }
    struct EmailForm: Content { var email: String? }
    struct ResetForm: Content { var new_password: String? }
    struct RecoveryForm: Content {
        var recovery_email: String?
        var password: String?
    }

    func register(public routes: any RoutesBuilder, customer: any RoutesBuilder) {
        routes.get(.forgotPassword, use: forgotForm)
        routes.post(.forgotPassword, use: forgot)
        routes.get(.resetPassword(token: ""), use: resetForm)
        routes.post(.resetPassword(token: ""), use: reset)
        routes.get(.confirmRecoveryEmail(token: ""), use: confirmRecoveryPage)
        routes.post(.confirmRecoveryEmail(token: ""), use: confirmRecovery)
        customer.post(.securityRecoveryEmail, use: changeRecovery)
    }

    func forgotForm(_ request: Request) async throws -> View {
        try await renderForgot(request, form: FormState(), sent: false)
    }

    /// The same page whether or not the address has an account.
    func forgot(_ request: Request) async throws -> Response {
        let form = try request.content.decode(EmailForm.self)
        do {
            try await RecoveryService(request: request).requestPasswordReset(email: form.email)
            return try await renderForgot(request, form: FormState(), sent: true).encodeResponse(for: request)
        } catch let failure as ValidationFailure {
            return try await renderForgot(request, form: FormState(failure: failure, values: ["email": form.email ?? ""], request: request), sent: false)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    /// A used, expired or unknown link shows why, as 410 Gone like the other e-mailed links.
    func resetForm(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let isUsable = try await RecoveryService(request: request).isUsableResetLink(token)
        return try await renderReset(request, token: token, form: FormState(), isUsable: isUsable).encodeResponse(status: isUsable ? .ok : .gone, for: request)
    }

    func reset(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let form = try request.content.decode(ResetForm.self)
        do {
            try await RecoveryService(request: request).resetPassword(token: token, newPassword: form.new_password)
            return request.redirect(to: .signIn, notice: "password_reset")
        } catch let failure as ValidationFailure {
            return try await renderReset(request, token: token, form: FormState(failure: failure, values: [:], request: request), isUsable: true)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    struct ConfirmRecoveryPage: Encodable {
        let layout: LayoutModel
        let email: String?
        let action: String
    }

    /// The page the confirmation link opens. Opening it changes nothing: the button does, so a mail scanner that
    /// follows every link cannot confirm an address (as for the sign-in address).
    func confirmRecoveryPage(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let email = try await EmailLinks(db: request.db, now: request.now).usable(token, purpose: .confirmRecoveryEmail)?.pendingEmail
        let page = ConfirmRecoveryPage(layout: await request.layout(title: request.t("recovery.confirm.title")), email: email,
                                       action: SiteRoute.confirmRecoveryEmail(token: token).path)
        return try await request.view.render("Security/ConfirmRecoveryEmail", page).encodeResponse(status: email == nil ? .gone : .ok, for: request)
    }

    func confirmRecovery(_ request: Request) async throws -> Response {
        try await RecoveryService(request: request).confirmRecoveryEmail(token: request.parameters.get("token") ?? "")
        let target: SiteRoute = request.auth.has(CustomerIdentity.self) ? .security : .signIn
        return request.redirect(to: target, notice: "recovery_email_confirmed")
    }

    func changeRecovery(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let form = try request.content.decode(RecoveryForm.self)
        do {
            try await RecoveryService(request: request).requestRecoveryEmailChange(by: identity, to: form.recovery_email, password: form.password)
            return request.redirect(to: .security, notice: "recovery_email_sent")
        } catch let failure as ValidationFailure {
            return try await SecurityController().renderOverview(request, form: FormState(failure: failure, values: ["recovery_email": form.recovery_email ?? "", "form": "recovery"], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func renderForgot(_ request: Request, form: FormState, sent: Bool) async throws -> View {
        try await request.view.render("Security/ForgotPassword", ForgotPage(
            layout: await request.layout(title: request.t("recovery.forgot.title")), form: form, action: SiteRoute.forgotPassword.path, sent: sent))
    }

    private func renderReset(_ request: Request, token: String, form: FormState, isUsable: Bool) async throws -> View {
        try await request.view.render("Security/ResetPassword", ResetPage(
            layout: await request.layout(title: request.t("recovery.reset.title")), form: form,
            action: SiteRoute.resetPassword(token: token).path, isUsable: isUsable,
            minimumLength: PasswordPolicy.minimumLength, recommendedLength: PasswordPolicy.recommendedLength))
    }
}

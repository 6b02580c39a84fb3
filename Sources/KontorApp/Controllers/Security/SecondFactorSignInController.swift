import Fluent
import KontorDomain
import Vapor

/// The second step of signing in: a code from the authenticator app, or one of the backup codes.
/// Only a browser whose password step succeeded gets here; passing issues a brand-new session (ASVS 7.2.4).
struct SecondFactorSignInController {
    struct ChallengePage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let action: String
        let alternativePath: String
        let next: String?
        let isBackupCode: Bool
    }
    struct CodeForm: Content {
        var code: String?
        var next: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.signInSecondFactor, use: { try await show($0, backup: false) })
        routes.post(.signInSecondFactor, use: { try await submit($0, backup: false) })
        routes.get(.signInBackupCode, use: { try await show($0, backup: true) })
        routes.post(.signInBackupCode, use: { try await submit($0, backup: true) })
    }

    func show(_ request: Request, backup: Bool) async throws -> Response {
        guard request.pendingSecondFactor != nil else { return request.redirect(to: .signIn) }
        return try await render(request, form: FormState(), backup: backup, next: request.query[String.self, at: "next"])
            .encodeResponse(for: request)
    }

    func submit(_ request: Request, backup: Bool) async throws -> Response {
        guard let pending = request.pendingSecondFactor, let userID = pending.user.id else { return request.redirect(to: .signIn) }
        let form = try request.content.decode(CodeForm.self)
        let passed: Bool
        do {
            passed = try await TwoFactorService(request: request)
                .attempt(form.code ?? "", method: backup ? .backupCode : .authenticatorApp, for: userID, channel: "browser")
        } catch AppError.rateLimited(let retry) {
            return try await render(request, form: FormState(message: request.t("error.rate_limited", ["minutes": String((retry + 59) / 60)]), values: [:]),
                                    backup: backup, next: form.next).encodeResponse(status: .tooManyRequests, for: request)
        }
        guard passed else {
            let failure = ValidationFailure([FieldError(field: "code", messageKey: backup ? "error.two_factor.backup_code_wrong" : "error.two_factor.code_wrong")])
            return try await render(request, form: FormState(failure: failure, values: [:], request: request), backup: backup, next: form.next)
                .encodeResponse(status: .unauthorized, for: request)
        }
        return try await SignInFlow.startBrowserSession(for: pending.user, request, redirectTo: form.next, secondFactor: .passed)
    }

    private func render(_ request: Request, form: FormState, backup: Bool, next: String?) async throws -> View {
        try await request.view.render("Security/SecondFactor", ChallengePage(
            layout: await request.layout(title: request.t(backup ? "two_factor.backup.title" : "two_factor.challenge.title")), form: form,
            action: (backup ? SiteRoute.signInBackupCode : SiteRoute.signInSecondFactor).path,
            alternativePath: (backup ? SiteRoute.signInSecondFactor : SiteRoute.signInBackupCode).path, next: next, isBackupCode: backup))
    }
}

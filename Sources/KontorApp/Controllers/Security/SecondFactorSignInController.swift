import Fluent
import KontorDomain
import Vapor

/// The second step of signing in: a code from the authenticator app, a backup code, or a code by SMS, and
/// "ask for help" (an identity check) when none of them is at hand. Only a browser whose password step
/// succeeded gets here; passing issues a brand-new session (ASVS 7.2.4).
struct SecondFactorSignInController {
    enum Mode: String, Encodable {
        case app, backup, sms

        var titleKey: String {
            switch self {
            case .app: "two_factor.challenge.title"
            case .backup: "two_factor.backup.title"
            case .sms: "two_factor.sms.title"
            }
        }
    }
    struct OtherMethod: Encodable {
        let id: String
        let href: String
        let labelKey: String
    }
    struct ChallengePage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let mode: Mode
        let action: String
        let next: String?
        let otherMethods: [OtherMethod]
        /// SMS: the masked number, whether a code is waiting, and where to ask for one.
        let maskedPhone: String?
        let smsCodeSent: Bool
        let smsSendAction: String
        let helpPath: String
        /// Set once codes are no longer checked (`SecondFactorLockout`): the way back is a new password.
        var forgotPasswordPath: String? = nil
    }
    struct CodeForm: Content {
        var code: String?
        var next: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.signInSecondFactor, use: { try await show($0, mode: .app) })
        routes.post(.signInSecondFactor, use: { try await submit($0, mode: .app) })
        routes.get(.signInBackupCode, use: { try await show($0, mode: .backup) })
        routes.post(.signInBackupCode, use: { try await submit($0, mode: .backup) })
        routes.get(.signInSMS, use: { try await show($0, mode: .sms) })
        routes.post(.signInSMS, use: { try await submit($0, mode: .sms) })
        routes.post(.signInSMSSend, use: sendSMS)
    }

    func show(_ request: Request, mode: Mode) async throws -> Response {
        guard request.pendingSecondFactor != nil else { return request.redirect(to: .signIn) }
        return try await render(request, form: FormState(), mode: mode, next: request.query[String.self, at: "next"])
            .encodeResponse(for: request)
    }

    func sendSMS(_ request: Request) async throws -> Response {
        guard let pending = request.pendingSecondFactor else { return request.redirect(to: .signIn) }
        let form = try request.content.decode(CodeForm.self)
        do {
            _ = try await PhoneFactorService(request: request).sendSignInCode(for: pending.user, session: pending.session)
        } catch let error as AppError where error != .notFound {
            return try await render(request, form: FormState(message: request.t(error.messageKey, error.messageArguments), values: [:]),
                                    mode: .sms, next: form.next).encodeResponse(status: error.status, for: request)
        }
        return request.redirect(to: SiteRoute.signInSMS.path + Self.nextQuery(form.next, request), redirectType: .normal)
    }

    func submit(_ request: Request, mode: Mode) async throws -> Response {
        guard let pending = request.pendingSecondFactor, let userID = pending.user.id else { return request.redirect(to: .signIn) }
        let form = try request.content.decode(CodeForm.self)
        let method: TwoFactorService.Method = switch mode {
        case .app: .authenticatorApp
        case .backup: .backupCode
        case .sms: .sms(pending.session)
        }
        let outcome: TwoFactorService.Outcome
        do {
            outcome = try await TwoFactorService(request: request).attemptOutcome(form.code ?? "", method: method, for: userID, channel: "browser")
        } catch AppError.rateLimited(let retry) {
            let limited = AppError.rateLimited(retryAfterSeconds: retry)
            return try await render(request, form: FormState(message: request.t(limited.messageKey, limited.messageArguments), values: [:]),
                                    mode: mode, next: form.next).encodeResponse(status: .tooManyRequests, headers: limited.headers, for: request)
        } catch AppError.refused(let messageKey) {
            return try await render(request, form: FormState(message: request.t(messageKey), values: [:]), mode: mode, next: form.next,
                                    locked: messageKey == SecondFactorLockout.messageKey)
                .encodeResponse(status: .forbidden, for: request)
        }
        switch outcome {
        case .passed:
            return try await SignInFlow.startBrowserSession(for: pending.user, request, redirectTo: form.next, secondFactor: .passed)
        case .attemptEnded:
            let response = request.redirect(to: .signIn, notice: "sign_in_attempt_ended")
            response.cookies[request.sessionCookies.customer] = request.sessionCookies.expired
            return response
        case .alreadyUsed:
            // The form sent twice: the other request signs this browser in (its answer sets the session cookie); this
            // one leaves the cookies alone and goes where a signed-in browser goes.
            return request.redirect(to: .console)
        case .wrong, .codeExpired:
            let key = switch (mode, outcome) {
            case (.sms, .codeExpired): "error.sms.code_expired"
            case (.sms, _): "error.sms.code_wrong"
            case (.backup, _): "error.two_factor.backup_code_wrong"
            case (.app, _): "error.two_factor.code_wrong"
            }
            let failure = ValidationFailure([FieldError(field: "code", messageKey: key)])
            return try await render(request, form: FormState(failure: failure, values: [:], request: request), mode: mode, next: form.next)
                .encodeResponse(status: .unauthorized, for: request)
        }
    }

    private func render(_ request: Request, form: FormState, mode: Mode, next: String?, locked: Bool = false) async throws -> View {
        guard let pending = request.pendingSecondFactor else { throw AppError.unauthenticated }
        let phones = PhoneFactorService(request: request)
        let phone = try await phones.verifiedPhone(of: pending.user.requireID())
        let next = request.signInDestination(next)
        let query = Self.nextQuery(next, request)
        var others: [OtherMethod] = []
        if mode != .app { others.append(.init(id: "use-app", href: SiteRoute.signInSecondFactor.path + query, labelKey: "two_factor.use_app")) }
        if mode != .sms, phone != nil {
            others.append(.init(id: "use-sms", href: SiteRoute.signInSMS.path + query, labelKey: "two_factor.use_sms"))
        }
        if mode != .backup { others.append(.init(id: "use-backup-code", href: SiteRoute.signInBackupCode.path + query, labelKey: "two_factor.use_backup_code")) }
        let action: SiteRoute = switch mode {
        case .app: .signInSecondFactor
        case .backup: .signInBackupCode
        case .sms: .signInSMS
        }
        return try await request.view.render("Security/SecondFactor", ChallengePage(
            layout: await request.layout(title: request.t(mode.titleKey)), form: form, mode: mode,
            action: action.path, next: next, otherMethods: others, maskedPhone: phone?.masked,
            smsCodeSent: mode == .sms ? try await phones.hasLiveSignInCode(session: pending.session) : false,
            smsSendAction: SiteRoute.signInSMSSend.path, helpPath: SiteRoute.identityCheck.path,
            forgotPasswordPath: locked ? SiteRoute.forgotPassword.path : nil))
    }

    /// `?next=…` to carry a sign-in's destination on, when it may go there (`SignInDestination`); else nothing.
    static func nextQuery(_ next: String?, _ request: Request) -> String {
        guard let next = request.signInDestination(next) else { return "" }
        return "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
}

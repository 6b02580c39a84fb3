import Fluent
import KontorDomain
import Vapor

/// The profile: name, language, sign-in address, support code, password; sessions and personal API tokens.
struct ProfileController {
    struct ProfilePage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let passwordForm: FormState
        let emailForm: FormState
        let email: String
        /// A new sign-in address waiting for its confirmation, and until when its link works.
        let pendingEmail: String?
        let pendingEmailUntil: Date?
        let supportCode: String
        let languages: [LayoutModel.LanguageLink]
        /// The provider's zone first (the default), then every zone by name.
        let timeZones: [SelectOption]
        let actions: [String: String]
    }
    struct SessionsPage: Encodable {
        struct Row: Encodable {
            let device: String
            let ipAddress: String
            let channel: String
            let createdAt: Date
            let lastSeenAt: Date
            let isCurrent: Bool
            let endPath: String
        }
        let layout: LayoutModel
        let sessions: [Row]
        /// Shown while a session other than this one exists.
        let endOthersPath: String?
    }
    struct TokensPage: Encodable {
        struct Row: Encodable {
            let name: String
            let prefix: String
            let createdAt: Date
            let lastUsedAt: Date?
            let expiresAt: Date?
            let isExpired: Bool
            let revokePath: String
        }
        struct Lifetime: Encodable {
            let days: Int
            let label: String
            let isSelected: Bool
        }
        let layout: LayoutModel
        let tokens: [Row]
        let newToken: String?
        let form: FormState
        let action: String
        let lifetimes: [Lifetime]
    }
    struct ProfileForm: Content {
        var name: String?
        var language: String?
        var time_zone: String?
    }
    struct PasswordForm: Content {
        var current_password: String?
        var new_password: String?
    }
    struct EmailForm: Content {
        var new_email: String?
        var password: String?
    }
    struct TokenForm: Content {
        var name: String?
        var expires_in_days: String?
        var password: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.profile, use: show)
        routes.post(.profile, use: update)
        routes.post(.profilePassword, use: changePassword)
        routes.post(.profileEmail, use: changeEmail)
        routes.post(.profileSupportCode, use: regenerateSupportCode)
        routes.get(.sessions, use: sessions)
        routes.post(.endSession(SiteRoute.anyID), use: endSession)
        routes.post(.endOtherSessions, use: endOtherSessions)
        routes.get(.apiTokens, use: tokens)
        routes.post(.apiTokens, use: createToken)
        routes.post(.revokeAPIToken(SiteRoute.anyID), use: revokeToken)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, form: FormState(), passwordForm: FormState())
    }

    private func render(_ request: Request, form: FormState, passwordForm: FormState, emailForm: FormState = FormState()) async throws -> View {
        let user = try request.customer().user
        let pending = try await SignInEmailChange(request: request).pending(for: user)
        let layout = await request.layout(title: request.t("profile.title"))
        var values = form.values
        values["name"] = values["name"] ?? user.name
        var form = form
        form.values = values
        return try await request.view.render("Accounts/Profile", ProfilePage(
            layout: layout, form: form, passwordForm: passwordForm, emailForm: emailForm, email: user.email,
            pendingEmail: pending?.email, pendingEmailUntil: pending?.until,
            supportCode: SupportCodeFormatting.formatted(user.supportCode),
            languages: Language.allCases.map { .init(code: $0.rawValue, name: $0.nativeName, isCurrent: $0.rawValue == user.language) },
            timeZones: [.init(value: "", label: request.t("profile.time_zone.provider", ["zone": request.kontor.config.billing.timeZone.identifier]),
                              isSelected: (form.values["time_zone"] ?? user.timeZone ?? "").isEmpty)]
                + TimeZoneChoice.offered.map { zone in
                    .init(value: zone, label: zone.replacingOccurrences(of: "_", with: " "), isSelected: zone == (form.values["time_zone"] ?? user.timeZone))
                },
            actions: ["profile": SiteRoute.profile.path, "password": SiteRoute.profilePassword.path, "email": SiteRoute.profileEmail.path,
                      "supportCode": SiteRoute.profileSupportCode.path, "close": SiteRoute.closeAccount.path]))
    }

    func update(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ProfileForm.self)
        do {
            let user = try request.customer().user
            try await AccountService(request: request).updateProfile(of: user, name: form.name, language: form.language, timeZone: form.time_zone)
            let response = request.redirect(to: .profile, notice: "profile_saved")
            // The pages follow the language chosen here, whatever the footer said before in this browser.
            response.cookies[LanguageCookie.name] = LanguageCookie.value(user.language)
            return response
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: ["name": form.name ?? "", "time_zone": form.time_zone ?? ""], request: request),
                                    passwordForm: FormState())
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    func changePassword(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PasswordForm.self)
        let identity = try request.customer()
        do {
            try await AccountService(request: request).changePassword(
                of: identity.user, current: form.current_password, new: form.new_password, keepingSession: identity.session?.id)
            return request.redirect(to: .profile, notice: "password_changed")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(), passwordForm: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let error as AppError {
            // Changed in another tab at the same moment: said beside the current password, which is no longer the one typed.
            guard case .conflict(let key, _) = error else { throw error }
            let failure = ValidationFailure([FieldError(field: "current_password", messageKey: key)])
            return try await render(request, form: FormState(), passwordForm: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .conflict, for: request)
        }
    }

    /// Mails a confirmation link to the new address; the address changes only when it is confirmed there.
    func changeEmail(_ request: Request) async throws -> Response {
        let form = try request.content.decode(EmailForm.self)
        do {
            try await SignInEmailChange(request: request).start(for: try request.customer().user, to: form.new_email, password: form.password)
            return request.redirect(to: .profile, notice: "sign_in_email_sent")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(), passwordForm: FormState(),
                                    emailForm: FormState(failure: failure, values: ["new_email": form.new_email ?? ""], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    func regenerateSupportCode(_ request: Request) async throws -> Response {
        try await AccountService(request: request).regenerateSupportCode(of: try request.customer().user)
        return request.redirect(to: .profile, notice: "support_code_regenerated")
    }

    func sessions(_ request: Request) async throws -> View {
        let identity = try request.customer()
        let sessions = try await AuthSession.query(on: request.db).filter(\.$user.$id == identity.userID)
            .sort(\.$lastSeenAt, .descending).all()
        let rows = sessions.map { session in
            SessionsPage.Row(
                device: request.device(session.userAgent), ipAddress: session.ipAddress, channel: request.t("sessions.channel.\(session.channel)"),
                createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, isCurrent: session.id == identity.session?.id,
                endPath: SiteRoute.endSession(session.id!).path)
        }
        return try await request.view.render("Accounts/Sessions", SessionsPage(
            layout: await request.layout(title: request.t("sessions.title")), sessions: rows,
            endOthersPath: rows.contains { !$0.isCurrent } ? SiteRoute.endOtherSessions.path : nil))
    }

    func endSession(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let id = try request.id("sessionID")
        // Filtering by owner makes another user's session id a 404, like an unknown one.
        guard let session = try await AuthSession.query(on: request.db).filter(\.$id == id).filter(\.$user.$id == identity.userID).first() else {
            throw AppError.notFound
        }
        try await session.delete(on: request.db)
        try await request.record(.sessionEnded, user: identity.userID)
        if session.id == identity.session?.id { return try await SignInFlow.endBrowserSession(request) }
        return request.redirect(to: .sessions, notice: "session_ended")
    }

    /// "Sign out everywhere else": every session but this browser's ends at once; personal API tokens stay.
    func endOtherSessions(_ request: Request) async throws -> Response {
        _ = try await request.endOtherSessions()
        return request.redirect(to: .sessions, notice: "other_sessions_ended")
    }

    func tokens(_ request: Request) async throws -> View {
        try await renderTokens(request, newToken: nil, form: FormState())
    }

    private func renderTokens(_ request: Request, newToken: String?, form: FormState) async throws -> View {
        let tokens = try await PersonalTokens(request: request).list()
        return try await request.view.render("Accounts/APITokens", TokensPage(
            layout: await request.layout(title: request.t("tokens.title")),
            tokens: tokens.map { .init(name: $0.name, prefix: $0.tokenPrefix, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt,
                                       expiresAt: $0.expiresAt, isExpired: $0.expiresAt.map { $0 <= request.now } ?? false,
                                       revokePath: SiteRoute.revokeAPIToken($0.id!).path) },
            newToken: newToken, form: form, action: SiteRoute.apiTokens.path,
            lifetimes: [7, 30, PersonalTokens.defaultLifetimeDays, 366].map { days in
                .init(days: days, label: request.t("tokens.days", ["count": String(days)]),
                      isSelected: (form.values["expires_in_days"].flatMap { Int($0) } ?? PersonalTokens.defaultLifetimeDays) == days)
            }))
    }

    func createToken(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TokenForm.self)
        do {
            let days = form.expires_in_days.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? (form.expires_in_days == nil ? nil : 0)
            let (token, _) = try await PersonalTokens(request: request).create(name: form.name, lifetimeDays: days, password: form.password,
                                                                               checkPassword: true)
            return try await renderTokens(request, newToken: token, form: FormState()).encodeResponse(status: .created, for: request)
        } catch let failure as ValidationFailure {
            let values = ["name": form.name ?? "", "expires_in_days": form.expires_in_days ?? ""]
            return try await renderTokens(request, newToken: nil, form: FormState(failure: failure, values: values, request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    func revokeToken(_ request: Request) async throws -> Response {
        try await PersonalTokens(request: request).revoke(try request.id("tokenID"))
        return request.redirect(to: .apiTokens, notice: "token_revoked")
    }
}

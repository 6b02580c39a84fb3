import Fluent
import KontorDomain
import Vapor

/// The staff console: its own sign-in, a home page, and staff management for administrators.
struct StaffController {
    struct SignInPage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let action: String
    }
    struct HomePage: Encodable {
        let layout: LayoutModel
        let role: String
        let customerCount: Int
        let organizationCount: Int
        let isAdministrator: Bool
        /// What waits for a person, for this role (`StaffWorkList`); empty when nothing does.
        let work: [StaffWorkList.Item]
    }
    struct MembersPage: Encodable {
        struct Row: Encodable {
            let name: String
            let email: String
            let role: String
            let isActive: Bool
            let rolePath: String
            let deactivatePath: String
            let reactivatePath: String
            let hasTwoFactor: Bool
            /// Still on the password an administrator chose (`mustChangePassword`): the member has not signed in and
            /// chosen their own yet, which the administrator who handed it over needs to know.
            let awaitsOwnPassword: Bool
            let resetTwoFactorPath: String
        }
        let layout: LayoutModel
        let staff: [Row]
        /// Each role's value and its name in the staff member's language.
        struct Choice: Encodable { let value: String; let label: String }
        let roles: [Choice]
        let form: FormState
        let action: String
        let createKey: String
    }
    struct SignInForm: Content {
        var email: String?
        var password: String?
    }
    struct CreateForm: Content {
        var name: String?
        var email: String?
        var password: String?
        var role: String?
        /// Rendered into the form so that sending it twice makes one member (`FormSubmissions`).
        var idempotency_key: String?
    }

    func register(public routes: any RoutesBuilder, staff: any RoutesBuilder, administrators: any RoutesBuilder) {
        routes.get(.staffSignIn, use: signInForm)
        routes.post(.staffSignIn, use: signIn)
        staff.post(.staffSignOut, use: signOut)
        staff.get(.staffHome, use: home)
        administrators.get(.staffMembers, use: members)
        administrators.post(.staffMembers, use: create)
        administrators.post(.staffMemberRole(SiteRoute.anyID), use: changeRole)
        administrators.post(.staffMemberDeactivate(SiteRoute.anyID), use: deactivate)
        administrators.post(.staffMemberReactivate(SiteRoute.anyID), use: reactivate)
        administrators.post(.staffMemberResetTwoFactor(SiteRoute.anyID), use: resetTwoFactor)
    }

    func signInForm(_ request: Request) async throws -> View {
        try await renderSignIn(request, form: FormState())
    }

    private func renderSignIn(_ request: Request, form: FormState) async throws -> View {
        try await request.view.render("Staff/SignIn", SignInPage(
            layout: await request.layout(title: request.t("staff.signin.title")), form: form, action: SiteRoute.staffSignIn.path))
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmingWhitespace().lowercased()
        let key = "staff-signin:" + SecretToken.hash(email + "|" + request.clientAddress)
        if case .limited(let retry) = try await request.rateLimiter.hit(key, limit: ThrottlePolicy.signInPerAccountAndAddress) {
            let limited = AppError.rateLimited(retryAfterSeconds: retry)
            return try await renderSignIn(request, form: FormState(message: request.t(limited.messageKey, limited.messageArguments), values: ["email": email]))
                .encodeResponse(status: .tooManyRequests, headers: limited.headers, for: request)
        }
        // Per account too, as for customers (security.md 6.3.1): guesses spread over many addresses are slowed after ten,
        // progressively, up to 15 minutes between tries. Staff always give an authenticator code after the password, so
        // the delay protects a password that opens nothing alone; the attempts are in the security log.
        let accountKey = "staff-signin:account:" + SecretToken.hash(email)
        let staff = try await StaffMember.query(on: request.db).filter(\.$email == email).first()
        if case .limited(let retry) = try await request.rateLimiter.attempt(accountKey, delay: ThrottlePolicy.signInAccountDelay).decision {
            try await request.record(.staffSignInThrottled, staff: staff?.id, detail: email)
            let limited = AppError.rateLimited(retryAfterSeconds: retry)
            return try await renderSignIn(request, form: FormState(message: request.t(limited.messageKey, limited.messageArguments), values: ["email": email]))
                .encodeResponse(status: .tooManyRequests, headers: limited.headers, for: request)
        }
        let matches = try await request.kontor.hasher.verify(form.password ?? "", against: staff?.passwordHash ?? PasswordHasher.dummyHash)
        guard let staff, matches, staff.isActive else {
            try await request.record(.staffSignInFailed, staff: staff?.id, detail: email)
            return try await renderSignIn(request, form: FormState(message: request.t("error.invalid_credentials"), values: ["email": email]))
                .encodeResponse(status: .unauthorized, for: request)
        }
        try await request.rateLimiter.reset(key)
        try await request.rateLimiter.reset(accountKey)
        // The password is only the first step: staff always give an authenticator code, and set the app up first.
        return try await Self.startSession(for: staff, request, secondFactor: .pending)
    }

    /// A new staff session (new ID at each step, ASVS 7.2.4): pending until the authenticator code is given.
    static func startSession(for staff: StaffMember, _ request: Request, secondFactor: SecondFactorState) async throws -> Response {
        if let old = request.cookies[request.sessionCookies.staff]?.string {
            try await AuthSession.query(on: request.db).filter(\.$tokenHash == SecretToken.hash(old)).delete()
        }
        let (token, _) = try await request.sessionStore.create(staff: staff, channel: .browser, organizationID: nil,
                                                               ipAddress: request.clientAddress, userAgent: request.userAgentSummary,
                                                               secondFactor: secondFactor)
        let target: SiteRoute
        if secondFactor == .pending {
            target = staff.totpConfirmedAt == nil ? .staffTwoFactorSetup : .staffSignInSecondFactor
        } else {
            try await request.record(.staffSignIn, staff: staff.id)
            // A password an administrator chose is replaced first: every other page would lead there anyway.
            target = staff.mustChangePassword ? .staffPassword : .staffHome
        }
        let response = request.redirect(to: target)
        response.cookies[request.sessionCookies.staff] = request.sessionCookies.value(token)
        return response
    }

    func signOut(_ request: Request) async throws -> Response {
        try await request.staff().session.delete(on: request.db)
        let response = request.redirect(to: .staffSignIn)
        response.cookies[request.sessionCookies.staff] = request.sessionCookies.expired
        return response
    }

    func home(_ request: Request) async throws -> View {
        let staff = try request.staff().staff
        let language = request.language
        let work = try await StaffWorkList(db: request.db, role: staff.role, now: request.now, billing: request.kontor.config.billing)
            .items(text: { request.t($0, $1) }, day: { DayFormatting.format($0, language) })
        return try await request.view.render("Staff/Home", HomePage(
            layout: await request.layout(title: request.t("staff.home.title")), role: request.t("staff.role.\(staff.roleValue)"),
            customerCount: try await User.query(on: request.db).count(),
            organizationCount: try await Organization.query(on: request.db).count(),
            isAdministrator: staff.role == .administrator, work: work))
    }

    func members(_ request: Request) async throws -> View {
        try await renderMembers(request, form: FormState(values: ["role": StaffRole.support.rawValue]))
    }

    private func renderMembers(_ request: Request, form: FormState) async throws -> View {
        let staff = try await StaffMember.query(on: request.db).sort(\.$name).all()
        return try await request.view.render("Staff/Members", MembersPage(
            layout: await request.layout(title: request.t("staff.members.title")),
            staff: staff.map { .init(name: $0.name, email: $0.email, role: $0.roleValue, isActive: $0.isActive,
                                     rolePath: SiteRoute.staffMemberRole($0.id!).path,
                                     deactivatePath: SiteRoute.staffMemberDeactivate($0.id!).path,
                                     reactivatePath: SiteRoute.staffMemberReactivate($0.id!).path,
                                     hasTwoFactor: $0.totpConfirmedAt != nil, awaitsOwnPassword: $0.mustChangePassword,
                                     resetTwoFactorPath: SiteRoute.staffMemberResetTwoFactor($0.id!).path) },
            roles: StaffRole.allCases.map { MembersPage.Choice(value: $0.rawValue, label: request.t("staff.role." + $0.rawValue)) }, form: form, action: SiteRoute.staffMembers.path,
            createKey: form.values["idempotency_key"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString))
    }

    /// Makes a member with the password the administrator chose (replaced at the member's first sign-in). The form
    /// carries a key: sent again (a double click, a resend, two tabs) it makes nothing more and answers as the first
    /// copy did, with one audit entry; sent again with other values it is refused and the first member stands.
    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(CreateForm.self)
        var values = ["name": form.name ?? "", "email": form.email ?? "", "role": form.role ?? ""]
        guard let key = try? IdempotencyKey.validated(form.idempotency_key, field: "idempotency_key", messageKey: "staff.form_expired") else {
            return try await renderMembers(request, form: FormState(message: request.t("staff.form_expired"), values: values))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        let actor = try request.staff().staff
        let kontor = request.kontor, now = request.now
        // The password counts among the values compared: the same form sent back with another password is another request.
        let compared = values.merging(["password": FormSubmissions.secret(form.password ?? "", secretKey: kontor.config.secretKey)]) { $1 }
        do {
            _ = try await FormSubmissions(db: request.db).run(scope: "staff:\(try actor.requireID())", key: key, values: compared, now: now) { db in
                let member = try await StaffService(database: db, hasher: kontor.hasher, policy: kontor.passwordPolicy, now: now)
                    .create(name: form.name, email: form.email, password: form.password, role: form.role, mustChangePassword: true)
                try await request.record(.staffCreated, staff: actor.id, detail: member.email, on: db)
                return try member.requireID()
            }
            return request.redirect(to: .staffMembers, notice: "staff_created")
        } catch let failure as ValidationFailure {
            values["idempotency_key"] = key   // nothing was made: the same form may be sent again once corrected
            return try await renderMembers(request, form: FormState(failure: failure, values: values, request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch is FormSubmissions.OtherValues {
            return try await renderMembers(request, form: FormState(message: request.t("staff.form_used"), values: values))
                .encodeResponse(status: .conflict, for: request)
        }
    }

    /// Who gets or loses a role is in the staff audit trail: the actor, the member, the role before and after, and the
    /// staff API tokens the new role ended (`StaffService.changeRole`), of which the member is told by mail.
    func changeRole(_ request: Request) async throws -> Response {
        struct RoleForm: Content { var role: String? }
        let actor = try request.staff().staff
        let id = try request.id("staffID")
        guard let role = StaffRole(rawValue: try request.content.decode(RoleForm.self).role ?? "") else {
            throw ValidationFailure([FieldError(field: "role", messageKey: "error.role.unknown")])
        }
        try await request.staffService.changeRole(of: id, to: role) { db, member, old, ended in
            let tokens = ended.map { "\($0.name) (\($0.tokenPrefix)…)" }.joined(separator: ", ")
            try await request.record(.staffRoleChanged, staff: actor.id,
                                     detail: "\(member.email): \(old.rawValue) → \(role.rawValue)" + (ended.isEmpty ? "" : "; staff API tokens ended: \(tokens)"), on: db)
            // A provider system of theirs stops working: the member learns why, and that new tokens can be made.
            if !ended.isEmpty {
                try await request.mail(staff: member, subjectKey: "mail.staff_tokens_ended.subject", paragraphs: ["mail.staff_tokens_ended.body"],
                                       arguments: ["actor": actor.name, "tokens": ended.map { "“\($0.name)”" }.joined(separator: ", ")], on: db)
            }
        }
        return request.redirect(to: .staffMembers, notice: "staff_saved")
    }

    func deactivate(_ request: Request) async throws -> Response {
        let actor = try request.staff().staff
        try await request.staffService.deactivate(try request.id("staffID")) { db, member in
            try await request.record(.staffDeactivated, staff: actor.id, detail: "\(member.email) (\(member.roleValue))", on: db)
        }
        return request.redirect(to: .staffMembers, notice: "staff_saved")
    }

    /// Undoes a deactivation (a mistaken one used to mean a new account); the member signs in as before.
    func reactivate(_ request: Request) async throws -> Response {
        let actor = try request.staff().staff
        try await request.staffService.reactivate(try request.id("staffID")) { db, member in
            try await request.record(.staffReactivated, staff: actor.id, detail: "\(member.email) (\(member.roleValue))", on: db)
        }
        return request.redirect(to: .staffMembers, notice: "staff_saved")
    }

    /// For a member of staff who lost the authenticator app (`StaffService.resetTwoFactor`); never one's own.
    func resetTwoFactor(_ request: Request) async throws -> Response {
        let actor = try request.staff().staff
        let id = try request.id("staffID")
        guard id != actor.id else { throw AppError.conflict(messageKey: "error.staff.reset_own_two_factor") }
        try await request.staffService.resetTwoFactor(of: id) { db, member in
            try await request.record(.staffTwoFactorReset, staff: actor.id, detail: member.email, on: db)
            // Told by mail (ASVS 6.3.7): whoever knows the password can now set up a new app and sign in as the member.
            try await request.mail(staff: member, subjectKey: "mail.staff_two_factor_reset.subject",
                                   paragraphs: ["mail.staff_two_factor_reset.body", "mail.staff.not_you"], arguments: ["actor": actor.name], on: db)
        }
        return request.redirect(to: .staffMembers, notice: "staff_saved")
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

/// The recovery e-mail address and password reset (seed guide "modificar la dirección de correo electrónico …
/// recuperar el acceso"; security.md "Recovery"): links are single use, short-lived, stored as hashes, and a newer
/// link kills the older one. A reset never signs in and never removes the second factor.
struct RecoveryService {
    static let recoveryLinkLifetime: TimeInterval = 24 * 3600
    static let resetLinkLifetime: TimeInterval = 3600

    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }

    /// Asks to change the recovery address: needs the current password and a session (the address is where password
    /// resets go, so a personal API token cannot redirect them); the new address confirms by link, and the address that
    /// receives resets today is told. Errors about the address name `addressField` (the page's form field, or the API's
    /// `email`).
    func requestRecoveryEmailChange(by identity: CustomerIdentity, to rawAddress: String?, password: String?,
                                    addressField: String = "recovery_email") async throws {
        try identity.requireSession("error.recovery.not_with_personal_token")
        let user = identity.user
        var errors: [FieldError] = []
        let address = EmailAddress.parse(rawAddress)
        switch address {
        case .failure(let error): errors.append(FieldError(field: addressField, messageKey: error.messageKey))
        case .success(let value) where value.value == user.email:
            errors.append(FieldError(field: addressField, messageKey: "error.recovery.same_as_sign_in"))
        case .success: break
        }
        if let error = try await request.currentPasswordError(password, of: user) { errors.append(error) }
        try ValidationFailure.check(errors)
        // 40 confirmation mails to a third party's address in 5 s went through before (security probe round 6).
        if case .limited(let retry) = try await request.rateLimiter.hit("recovery-email:\(try user.requireID())",
                                                                        limit: ThrottlePolicy.recoveryAddressChangesPerAccount) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        let newAddress = try address.get().value
        try await db.transaction { db in
            let token = try await EmailLinks(db: db, now: now).issue(.confirmRecoveryEmail, for: user, lifetime: Self.recoveryLinkLifetime, pendingEmail: newAddress)
            let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
            let url = SiteRoute.confirmRecoveryEmail(token: token).url(base: request.kontor.config.publicURL)
            let confirm = request.mailComposer.compose(
                language: language, subjectKey: "mail.recovery_confirm.subject", paragraphs: ["mail.greeting", "mail.recovery_confirm.body", "mail.verify.ignore"],
                action: (request.kontor.localizer.text("mail.recovery_confirm.action", language), url), arguments: ["name": user.name])
            try await Outbox(database: db, now: now).enqueue(to: newAddress, subject: confirm.subject, text: confirm.text, html: confirm.html)
            let notice = request.mailComposer.compose(
                language: language, subjectKey: "mail.recovery_changing.subject", paragraphs: ["mail.greeting", "mail.recovery_changing.body", "mail.security.not_you"],
                action: nil, arguments: ["name": user.name])
            try await Outbox(database: db, now: now).enqueue(to: user.recoveryEmail ?? user.email, subject: notice.subject, text: notice.text, html: notice.html)
            try await request.record(.recoveryEmailRequested, user: user.id, on: db)
        }
    }

    /// Opens a recovery-address link: the address becomes the recovery address.
    func confirmRecoveryEmail(token: String) async throws {
        try await db.transaction { db in
            let record = try await EmailLinks(db: db, now: now).use(token, purpose: .confirmRecoveryEmail)
            let user = record.user
            // Checked again: the sign-in address may have moved to this one since the link was sent, and the two must differ.
            if let pending = record.pendingEmail, pending == user.email {
                throw AppError.conflict(messageKey: "error.recovery.same_as_sign_in")
            }
            user.recoveryEmail = record.pendingEmail
            try await user.save(on: db)
            try await request.record(.recoveryEmailChanged, user: user.id, on: db)
            try await PendingChanges.withdrawMailedLinks(of: user.requireID(), now: now, on: db)
        }
    }

    /// "Forgot password": mails a reset link to the recovery address (the sign-in address if none). Unknown
    /// addresses get the very same answer, and nothing is written for them (ASVS 6.3.8).
    func requestPasswordReset(email rawEmail: String?) async throws {
        guard case .success(let email) = EmailAddress.parse(rawEmail) else {
            throw ValidationFailure([FieldError(field: "email", messageKey: "error.email.invalid")])
        }
        // Everything that depends on whether the address is known runs after the answer (BackgroundWork).
        let request = request
        await request.kontor.backgroundWork.start({
            try await RecoveryService(request: request).sendResetLink(to: email)
        }, onError: { error in request.logger.report(error: error) })
    }

    private func sendResetLink(to email: EmailAddress) async throws {
        let limiter = request.rateLimiter
        guard case .allowed = try await limiter.hit("reset-mail:" + SecretToken.hash(email.value), limit: ThrottlePolicy.resetMailsPerAccount) else { return }
        guard let user = try await User.find(email: email.value, on: db), user.isEmailVerified, user.disabledAt == nil else { return }
        try await db.transaction { db in
            let token = try await EmailLinks(db: db, now: now).issue(.resetPassword, for: user, lifetime: Self.resetLinkLifetime)
            let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
            let url = SiteRoute.resetPassword(token: token).url(base: request.kontor.config.publicURL)
            let mail = request.mailComposer.compose(
                language: language, subjectKey: "mail.reset.subject", paragraphs: ["mail.greeting", "mail.reset.body", "mail.verify.ignore"],
                action: (request.kontor.localizer.text("mail.reset.action", language), url), arguments: ["name": user.name])
            try await Outbox(database: db, now: now).enqueue(to: user.recoveryEmail ?? user.email, subject: mail.subject, text: mail.text, html: mail.html)
            try await request.record(.passwordResetRequested, user: user.id, on: db)
        }
    }

    /// Whether a reset link can still be used, to show its form (or say it has expired).
    func isUsableResetLink(_ token: String) async throws -> Bool {
        try await EmailLinks(db: db, now: now).isUsable(token, purpose: .resetPassword)
    }

    /// Sets the new password from a reset link, ends every session and revokes every personal API token: a reset is
    /// how an owner evicts whoever took the account. It does not sign in: the user signs in as usual afterwards,
    /// second factor included (ASVS 6.4.3).
    func resetPassword(token: String, newPassword: String?) async throws {
        try await db.transaction { db in
            let record = try await EmailLinks(db: db, now: now).use(token, purpose: .resetPassword)
            let user = record.user
            let context = [request.kontor.config.providerName, "kontor", user.email, user.name]
                + (try await AccountService.organizationNames(of: user.requireID(), on: db))
            if let error = request.kontor.passwordPolicy.check(newPassword, contextWords: context, field: "new_password") {
                throw ValidationFailure([error])
            }
            user.passwordHash = try await request.kontor.hasher.hash(newPassword ?? "")
            try await user.save(on: db)
            try await SessionStore(database: db, config: request.kontor.config, now: now).endAll(userID: user.requireID())
            // Every other browser is forgotten; the one the owner reset from (the link proved her mailbox, as the unlock link
            // does) stays known, and the guesses made against the old password no longer slow her new one.
            try await KnownDevice.forget(of: user.requireID(), keeping: request.cookies[request.sessionCookies.device]?.string, on: db)
            try await RateLimiter(database: db, now: { self.now }).reset("signin:account:" + SecretToken.hash(user.email))
            try await SecondFactorLockout.release(user.requireID(), on: db)
            try await request.record(.passwordReset, user: user.id, on: db)
            try await request.revokePersonalTokens(of: user.requireID(), on: db)
            try await PendingChanges.withdraw(of: user.requireID(), now: now, on: db)
            try await PendingChanges.withdrawInvitations(sentBy: user.requireID(), now: now, on: db)
            let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
            let notice = request.mailComposer.compose(
                language: language, subjectKey: "mail.password_reset_done.subject", paragraphs: ["mail.greeting", "mail.password_reset_done.body", "mail.security.not_you"],
                action: nil, arguments: ["name": user.name])
            try await Outbox(database: db, now: now).enqueue(to: user.email, subject: notice.subject, text: notice.text, html: notice.html)
        }
    }
}

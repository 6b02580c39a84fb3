import Fluent
import Foundation
import KontorDomain
import Vapor

/// Changing the address a customer signs in with (the profile's "Sign-in e-mail address", as in Keycloak's account
/// console): the current password asks, the new mailbox confirms with a button behind a single-use link, and the
/// address in use is told twice, when the change is asked for and when it is done. Nothing changes before the
/// confirmation, and then only if no other account has taken the address meanwhile.
///
/// An address that already belongs to another account gets the same answer and the same "waiting for confirmation"
/// as any other (no link goes to it: its owner is told instead), so the form never says which addresses have an
/// account. The recovery address stays what
/// it is: it is how the owner gets back in if someone else changed the sign-in address.
struct SignInEmailChange {
    static let linkLifetime: TimeInterval = 24 * 3600

    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }

    /// Asks to change `user`'s sign-in address; errors about the address name `addressField` (`new_email` on the
    /// page, `email` in the API).
    func start(for user: User, to rawAddress: String?, password: String?, addressField: String = "new_email") async throws {
        var errors: [FieldError] = []
        let address = EmailAddress.parse(rawAddress, field: addressField)
        switch address {
        case .failure(let error): errors.append(error)
        case .success(let value) where value.value == user.email:
            errors.append(FieldError(field: addressField, messageKey: "error.sign_in_email.same"))
        case .success(let value) where value.value == user.recoveryEmail:
            errors.append(FieldError(field: addressField, messageKey: "error.sign_in_email.is_recovery"))
        case .success: break
        }
        if let error = try await request.currentPasswordError(password, of: user) { errors.append(error) }
        try ValidationFailure.check(errors)
        if case .limited(let retry) = try await request.rateLimiter.hit("sign-in-email:\(try user.requireID())", limit: ThrottlePolicy.verificationMailsPerAccount) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        let newAddress = try address.get().value
        let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
        try await db.transaction { db in
            let outbox = Outbox(database: db, now: now)
            // A link is made either way, so the profile shows the same "waiting for confirmation" and the same work is
            // done whether or not the address has an account; for a taken address it is never sent, so it can never
            // be confirmed.
            let token = try await EmailLinks(db: db, now: now).issue(.changeSignInEmail, for: user, lifetime: Self.linkLifetime, pendingEmail: newAddress)
            // A sign-up of the address that was never confirmed holds nothing: whoever confirms this link owns the mailbox.
            if let owner = try await User.find(email: newAddress, on: db), owner.isEmailVerified {
                let ownerLanguage = Language(rawValue: owner.language) ?? language
                let notice = request.mailComposer.compose(
                    language: ownerLanguage, subjectKey: "mail.sign_in_email_taken.subject",
                    paragraphs: ["mail.greeting", "mail.sign_in_email_taken.body", "mail.verify.ignore"], action: nil, arguments: ["name": owner.name])
                try await outbox.enqueue(to: newAddress, subject: notice.subject, text: notice.text, html: notice.html)
            } else {
                let url = SiteRoute.confirmSignInEmail(token: token).url(base: request.kontor.config.publicURL)
                let confirm = request.mailComposer.compose(
                    language: language, subjectKey: "mail.sign_in_email_confirm.subject",
                    paragraphs: ["mail.greeting", "mail.sign_in_email_confirm.body", "mail.verify.ignore"],
                    action: (request.kontor.localizer.text("mail.sign_in_email_confirm.action", language), url), arguments: ["name": user.name])
                try await outbox.enqueue(to: newAddress, subject: confirm.subject, text: confirm.text, html: confirm.html)
            }
            let notice = request.mailComposer.compose(
                language: language, subjectKey: "mail.sign_in_email_changing.subject",
                paragraphs: ["mail.greeting", "mail.sign_in_email_changing.body", "mail.security.not_you"], action: nil, arguments: ["name": user.name])
            try await outbox.enqueue(to: user.email, subject: notice.subject, text: notice.text, html: notice.html)
            try await request.record(.signInEmailRequested, user: user.id, on: db)
        }
    }

    /// The address waiting for its confirmation, and until when its link works.
    func pending(for user: User) async throws -> (email: String, until: Date)? {
        let record = try await EmailToken.query(on: db).filter(\.$user.$id == user.requireID())
            .filter(\.$purpose == EmailToken.Purpose.changeSignInEmail.rawValue).filter(\.$usedAt == nil).filter(\.$expiresAt > now)
            .sort(\.$createdAt, .descending).first()
        guard let record, let email = record.pendingEmail else { return nil }
        return (email, record.expiresAt)
    }

    /// What a link would change, to show it before it is confirmed; nil for a link that can no longer be used.
    func preview(_ token: String) async throws -> (email: String, name: String)? {
        guard let record = try await EmailLinks(db: db, now: now).usable(token, purpose: .changeSignInEmail),
              let email = record.pendingEmail else { return nil }
        return (email, record.user.name)
    }

    /// Confirms a link: the account signs in with the new address from now on, and the old address is told.
    @discardableResult
    func confirm(_ token: String) async throws -> User {
        do {
            return try await db.transaction { db in
                let record = try await EmailLinks(db: db, now: now).use(token, purpose: .changeSignInEmail)
                let user = record.user
                guard let newAddress = record.pendingEmail else { throw AppError.invitationUnusable }
                if let owner = try await User.find(email: newAddress, on: db), owner.id != user.id {
                    guard !owner.isEmailVerified else { throw AppError.conflict(messageKey: "error.sign_in_email.taken") }
                    // Confirmed from the mailbox: an unconfirmed sign-up of it gives the address up.
                    try await AbandonedSignUps.release(owner, now: now, on: db)
                }
                guard newAddress != user.recoveryEmail else { throw AppError.conflict(messageKey: "error.sign_in_email.is_recovery") }
                let oldAddress = user.email
                user.email = newAddress
                user.emailVerifiedAt = user.emailVerifiedAt ?? now
                try await user.save(on: db)
                let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
                let notice = request.mailComposer.compose(
                    language: language, subjectKey: "mail.sign_in_email_changed.subject",
                    paragraphs: ["mail.greeting", "mail.sign_in_email_changed.body", "mail.sign_in_email_changed.not_you"], action: nil,
                    arguments: ["name": user.name, "email": newAddress])
                try await Outbox(database: db, now: now).enqueue(to: oldAddress, subject: notice.subject, text: notice.text, html: notice.html)
                try await request.record(.signInEmailChanged, user: user.id, on: db)
                try await PendingChanges.withdrawMailedLinks(of: user.requireID(), now: now, on: db)
                return user
            }
        } catch let error where ConcurrentChange(error) == .conflict {
            // Another account took the address between the check above and the write.
            throw AppError.conflict(messageKey: "error.sign_in_email.taken")
        }
    }
}

import Crypto
import Fluent
import Foundation
import KontorDomain
import Vapor

/// What someone typed into the sign-up form or sent to `POST /api/v1/accounts`.
struct SignUpInput: Content {
    var name: String?
    var email: String?
    var password: String?
    var language: String?
}

/// Account rules shared by the pages and the JSON API: sign-up, confirmation, sign-in, profile, password.
struct AccountService {
    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }

    /// Validates a sign-up and answers the same way whether or not the address has an account (ASVS 6.3.8):
    /// a new address gets a confirmation link, a known one gets a note that someone tried to sign up.
    func signUp(_ input: SignUpInput) async throws {
        let (name, email, language, password) = try validateNewAccount(input)
        if case .limited(let retry) = try await request.rateLimiter.hit("signup:ip:\(request.clientAddress)", limit: ThrottlePolicy.signUpPerAddress) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        let passwordHash = try await request.kontor.hasher.hash(password)
        let hashed = ContinuousClock.now
        // The same address signed up twice at the same instant (a double click): on PostgreSQL the second insert meets
        // the first's unique address and rolls back; tried again, it finds the account as any later sign-up does.
        try await ConcurrentChange.retryingOnce { try await signUp(name: name, email: email, language: language, passwordHash: passwordHash) }
        // Known address or new, the answer comes after the same time (`AppConfig.signUpAnswerFloor`).
        let remaining = request.kontor.config.signUpAnswerFloor - (ContinuousClock.now - hashed)
        if remaining > .zero { try await Task.sleep(for: remaining) }
    }

    private func signUp(name: DisplayName, email: EmailAddress, language: Language, passwordHash: String) async throws {
        try await db.transaction { db in
            if let existing = try await User.find(email: email.value, on: db) {
                if existing.isEmailVerified {
                    try await mailAccountExists(to: existing, on: db)
                } else {
                    try await sendConfirmation(to: existing, name: name.value, language: language, passwordHash: passwordHash, on: db)
                }
                return
            }
            let user = User(name: name.value, email: email.value, passwordHash: PasswordHasher.dummyHash,
                            language: language.rawValue, supportCode: try await uniqueSupportCode(on: db), createdAt: now)
            try await user.create(on: db)
            try await OrganizationService(request: request).createOwnOrganization(for: user, on: db)
            try await sendConfirmation(to: user, name: name.value, language: language, passwordHash: passwordHash, on: db)
            try await request.record(.signUp, user: user.id, on: db)
        }
    }

    /// `organizations`: the names of the organizations the account joins (an invitation's), refused as passwords too.
    func validateNewAccount(_ input: SignUpInput, email fixedEmail: EmailAddress? = nil, organizations: [String] = []) throws -> (DisplayName, EmailAddress, Language, String) {
        var errors: [FieldError] = []
        let name = DisplayName.parse(input.name)
        let email = fixedEmail.map { Result<EmailAddress, FieldError>.success($0) } ?? EmailAddress.parse(input.email)
        let language = Language.parse(input.language ?? request.language.rawValue)
        for case .failure(let error) in [name.map { _ in () }, email.map { _ in () }, language.map { _ in () }] { errors.append(error) }
        let context = [request.kontor.config.providerName, "kontor", input.email ?? fixedEmail?.value ?? "", input.name ?? ""] + organizations
        if let passwordError = request.kontor.passwordPolicy.check(input.password, contextWords: context) { errors.append(passwordError) }
        try ValidationFailure.check(errors)
        return (try name.get(), try email.get(), try language.get(), input.password!)
    }

    /// Confirms an address from its link, applying the name, language and password of that sign-up — only for whoever
    /// types that sign-up's password. Anyone may sign up with any address, and each sign-up mails its own link: without
    /// the password, the owner who confirmed the newest mail in her inbox activated a stranger's sign-up, with the
    /// stranger's password (account pre-hijacking).
    func confirmEmail(token: String, password: String?) async throws -> User {
        let pending = try await EmailToken.query(on: db).filter(\.$tokenHash == SecretToken.hash(token))
            .filter(\.$purpose == EmailToken.Purpose.verifyEmail.rawValue).first()
        if let pending, pending.usedAt == nil, pending.expiresAt > now, let hash = pending.pendingPasswordHash {
            guard let password, !password.isEmpty else { throw ValidationFailure([FieldError(field: "password", messageKey: "error.required")]) }
            if case .limited(let retry) = try await request.rateLimiter.hit("confirm-sign-up:" + SecretToken.hash(token), limit: ThrottlePolicy.signInPerAccountAndAddress) {
                throw AppError.rateLimited(retryAfterSeconds: retry)
            }
            guard try await request.kontor.hasher.verify(String(password.prefix(PasswordPolicy.maximumLength * 4)), against: hash) else {
                throw ValidationFailure([FieldError(field: "password", messageKey: "signup.confirm.password_wrong")])
            }
        }
        return try await db.transaction { db in
            guard let record = try await EmailToken.query(on: db).filter(\.$tokenHash == SecretToken.hash(token))
                    .filter(\.$purpose == EmailToken.Purpose.verifyEmail.rawValue).with(\.$user).first(),
                  record.usedAt == nil, record.expiresAt > now else { throw AppError.invitationUnusable }
            record.usedAt = now
            try await record.save(on: db)
            let user = record.user
            if !user.isEmailVerified, let hash = record.pendingPasswordHash {
                user.passwordHash = hash
                user.name = record.pendingName ?? user.name
                user.language = record.pendingLanguage ?? user.language
                user.emailVerifiedAt = now
                try await user.save(on: db)
                try await request.record(.emailVerified, user: user.id, on: db)
            }
            return user
        }
    }

    /// Checks a password sign-in under the throttle. Counting happens before the password is checked, in one
    /// statement per key, so parallel guesses cannot slip past the limit.
    /// `ownerProof` is asked only while the account's guessing delay is on and the password is right: a second
    /// factor given with the password (the API's `otp`) lets the owner through the delay an attacker caused.
    func signIn(email rawEmail: String?, password: String?, deviceToken: String?,
                ownerProof: (@Sendable (User) async throws -> Bool)? = nil) async throws -> User {
        var errors: [FieldError] = []
        if (rawEmail ?? "").trimmingWhitespace().isEmpty { errors.append(FieldError(field: "email", messageKey: "error.required")) }
        if (password ?? "").isEmpty { errors.append(FieldError(field: "password", messageKey: "error.required")) }
        try ValidationFailure.check(errors)
        let email = EmailAddress(rawEmail!)?.value ?? rawEmail!.lowercased()
        let password = String(password!.prefix(PasswordPolicy.maximumLength * 4))
        let accountKey = "signin:account:" + SecretToken.hash(email)
        let user = try await User.find(email: email, on: db)
        let isKnownDevice = try await knownDevice(deviceToken, for: user)
        let limiter = request.rateLimiter

        let perSource = isKnownDevice
            ? try await limiter.hit("signin:device:" + SecretToken.hash(deviceToken!), limit: ThrottlePolicy.signInPerKnownDevice)
            : try await limiter.hit("signin:account-ip:" + SecretToken.hash(email + "|" + request.clientAddress), limit: ThrottlePolicy.signInPerAccountAndAddress)
        if case .limited(let retry) = perSource {
            try await request.record(.signInThrottled, user: user?.id, detail: email)
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        // A device the owner signed in from before is never slowed by guesses made elsewhere.
        if !isKnownDevice {
            let (perAccount, attempts) = try await limiter.attempt(accountKey, delay: ThrottlePolicy.signInAccountDelay)
            if attempts == ThrottlePolicy.signInAccountDelay.freeAttempts, case .allowed = perAccount, let user {
                try await mailUnlockLink(to: user, attempts: attempts)
            }
            if case .limited(let retry) = perAccount {
                let started = ContinuousClock.now
                // The password first: checking the second factor first let anyone spend the owner's second-factor
                // allowance (10 per 15 minutes, shared with her sign-in pages) without knowing the password.
                guard let user, let ownerProof, user.disabledAt == nil, user.isEmailVerified,
                      try await request.kontor.hasher.verify(password, against: user.passwordHash), try await ownerProof(user) else {
                    try await request.record(.signInThrottled, user: user?.id, detail: email)
                    // With a second factor offered, the password was checked past the delay, and a right one costs the
                    // factor's check on top (up to ten argon2 hashes for a backup code): a 429 that came later told a
                    // guesser spread over many addresses that the password was right (probe round 4). Every such
                    // refusal answers after the same time; the plain 429 checks nothing and needs none.
                    if ownerProof != nil {
                        let remaining = request.kontor.config.throttledSignInAnswerFloor - (ContinuousClock.now - started)
                        if remaining > .zero { try await Task.sleep(for: remaining) }
                    }
                    throw AppError.rateLimited(retryAfterSeconds: retry)
                }
            }
        }

        let hasher = request.kontor.hasher
        let matches = try await hasher.verify(password, against: user?.passwordHash ?? PasswordHasher.dummyHash)
        guard let user, matches, user.disabledAt == nil else {
            try await request.record(.signInFailed, user: user?.id, detail: email)
            throw AppError.invalidCredentials
        }
        guard user.isEmailVerified else { throw AppError.emailNotVerified }
        try await limiter.reset(accountKey)
        try await limiter.reset("signin:account-ip:" + SecretToken.hash(email + "|" + request.clientAddress))
        if hasher.needsRehash(user.passwordHash) {
            // Only over the hash it checked: a password changed or reset meanwhile is not put back.
            let upgraded = try await hasher.hash(password)
            try await User.query(on: db).filter(\.$id == user.requireID()).filter(\.$passwordHash == user.passwordHash)
                .set(\.$passwordHash, to: upgraded).update()
            user.passwordHash = upgraded
        }
        // With 2FA on, the password is only the first step: "signed in" is logged once the second factor is given.
        let needsSecondFactor = try await TwoFactorService(request: request).isEnabled(for: user.requireID())
        try await request.record(needsSecondFactor ? .passwordAccepted : .signIn, user: user.id, detail: "password")
        return user
    }

    /// Tells the owner that someone is guessing, with a link that makes the browser it is opened in a known device
    /// (which the delay never slows); at most one such mail an hour.
    private func mailUnlockLink(to user: User, attempts: Int) async throws {
        guard user.isEmailVerified, user.disabledAt == nil,
              case .allowed = try await request.rateLimiter.hit("unlock-mail:" + user.requireID().uuidString, limit: ThrottlePolicy.unlockMailsPerAccount)
        else { return }
        try await db.transaction { db in
            let token = try await EmailLinks(db: db, now: now).issue(.unlockSignIn, for: user, lifetime: 24 * 3600)
            let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
            let url = SiteRoute.signInUnlock(token: token).url(base: request.kontor.config.publicURL)
            let mail = request.mailComposer.compose(
                language: language, subjectKey: "mail.unlock.subject", paragraphs: ["mail.greeting", "mail.unlock.body", "mail.unlock.not_you"],
                action: (request.kontor.localizer.text("mail.unlock.action", language), url),
                arguments: ["name": user.name, "attempts": String(attempts)])
            try await Outbox(database: db, now: now).enqueue(to: user.email, subject: mail.subject, text: mail.text, html: mail.html)
        }
    }

    /// Remembers this browser as one the user signs in from; returns the cookie value.
    func rememberDevice(for user: User) async throws -> String {
        let token = SecretToken.generate()
        let device = KnownDevice()
        device.$user.id = user.id!
        device.tokenHash = SecretToken.hash(token)
        device.createdAt = now
        try await device.create(on: db)
        // At most so many: each is a way around the guessing delay.
        let older = try await KnownDevice.query(on: db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending)
            .all(\.$id).dropFirst(KnownDevice.maximumPerUser)
        if !older.isEmpty { try await KnownDevice.query(on: db).filter(\.$id ~~ Array(older)).delete() }
        return token
    }

    func knownDevice(_ token: String?, for user: User?) async throws -> Bool {
        guard let token, let userID = user?.id else { return false }
        return try await KnownDevice.query(on: db).filter(\.$tokenHash == SecretToken.hash(token)).filter(\.$user.$id == userID)
            .filter(\.$createdAt > now.addingTimeInterval(-KnownDevice.lifetime)).first() != nil
    }

    /// Changes the password after checking the current one (ASVS 6.2.3), ends the user's other sessions and revokes
    /// their personal API tokens, but the session or token the change is made with: a new password is how an owner
    /// who fears a leak shuts every other door.
    ///
    /// Several changes at once (two tabs, a double click, a change in flight while the password is reset) take turns
    /// under the user's row lock, as staff changes do, and one wins: a change checked against a password changed
    /// meanwhile is 409 (`error.password.changed_meanwhile`), one from a session or token another change ended is 401.
    /// Before, each was told its password was now set, the last write won, and each ended the other's session.
    /// The names of the organizations `userID` belongs to (the first 50): security.md's context words, which a password
    /// must not be made of, as the user's own name (security probe round 8).
    static func organizationNames(of userID: UUID, on db: any Database) async throws -> [String] {
        try await Membership.query(on: db).filter(\.$user.$id == userID).join(Organization.self, on: \Membership.$organization.$id == \Organization.$id)
            .limit(50).all().compactMap { try? $0.joined(Organization.self).name }
    }

    func changePassword(of user: User, current: String?, new: String?, keepingSession session: UUID?, keepingToken token: UUID? = nil) async throws {
        guard let current, try await request.verifyCurrentPassword(current, of: user) else {
            throw ValidationFailure([FieldError(field: "current_password", messageKey: "error.password.current_wrong")])
        }
        let organizations = try await Self.organizationNames(of: user.requireID(), on: request.db)
        if let error = request.kontor.passwordPolicy.check(new, replacing: current, contextWords: [request.kontor.config.providerName, user.email, user.name] + organizations,
                                                           field: "new_password") {
            throw ValidationFailure([error])
        }
        let hash = try await request.kontor.hasher.hash(new!)
        let id = try user.requireID(), checkedHash = user.passwordHash
        try await db.transaction { db in
            try await db.lockForUpdate(User.self, id: id)
            guard let locked = try await User.find(id, on: db) else { throw AppError.unauthenticated }
            if let session, try await AuthSession.query(on: db).filter(\.$id == session).filter(\.$user.$id == id).count() == 0 {
                throw AppError.unauthenticated
            }
            if let token, try await APIToken.query(on: db).filter(\.$id == token).filter(\.$user.$id == id).count() == 0 {
                throw AppError.unauthenticated
            }
            guard locked.passwordHash == checkedHash else { throw AppError.conflict(messageKey: "error.password.changed_meanwhile") }
            locked.passwordHash = hash
            try await locked.save(on: db)
            try await SessionStore(database: db, config: request.kontor.config, now: now).endAll(userID: id, except: session)
            try await KnownDevice.forget(of: id, keeping: request.cookies[request.sessionCookies.device]?.string, on: db)
            try await request.record(.passwordChanged, user: id, on: db)
            try await request.revokePersonalTokens(of: id, except: token, on: db)
            try await PendingChanges.withdraw(of: id, keepingSession: session, now: now, on: db)
            try await PendingChanges.withdrawMailedLinks(of: id, now: now, on: db)
            try await SecondFactorLockout.release(id, on: db)
        }
        user.passwordHash = hash
    }

    /// Updates name and language (the sign-in address changes through the security capability).
    /// `rawTimeZone` nil leaves the zone as it is; "" chooses the provider's.
    func updateProfile(of user: User, name rawName: String?, language rawLanguage: String?, timeZone rawTimeZone: String? = nil) async throws {
        var errors: [FieldError] = []
        let name = DisplayName.parse(rawName ?? user.name)
        let language = Language.parse(rawLanguage ?? user.language)
        let zone = rawTimeZone.map { TimeZoneChoice.parse($0) }
        if case .failure(let error) = name { errors.append(error) }
        if case .failure(let error) = language { errors.append(error) }
        if case .failure(let error)? = zone { errors.append(error) }
        try ValidationFailure.check(errors)
        user.name = try name.get().value
        user.language = try language.get().rawValue
        if let zone { user.timeZone = try zone.get() }
        try await user.save(on: db)
        try await request.record(.profileChanged, user: user.id)
    }

    /// Replaces the support code with a new random one.
    func regenerateSupportCode(of user: User) async throws {
        user.supportCode = try await uniqueSupportCode(on: db)
        try await user.save(on: db)
        try await request.record(.supportCodeRegenerated, user: user.id)
    }

    func uniqueSupportCode(on db: any Database) async throws -> String {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let code = SupportCode.generate(using: &random).value
            if try await User.query(on: db).filter(\.$supportCode == code).count() == 0 { return code }
        }
        throw Abort(.internalServerError, reason: "No free support code after 20 tries")
    }

    private func sendConfirmation(to user: User, name: String, language: Language, passwordHash: String, on db: any Database) async throws {
        if case .limited = try await request.limiter(on: db).hit("verify-mail:\(user.id!)", limit: ThrottlePolicy.verificationMailsPerAccount) {
            return
        }
        let token = SecretToken.generate()
        let record = EmailToken()
        record.$user.id = user.id!
        record.purpose = EmailToken.Purpose.verifyEmail.rawValue
        record.tokenHash = SecretToken.hash(token)
        record.createdAt = now
        record.expiresAt = now.addingTimeInterval(24 * 3600)
        record.pendingName = name
        record.pendingLanguage = language.rawValue
        record.pendingPasswordHash = passwordHash
        try await record.create(on: db)
        let url = SiteRoute.verifyEmail(token: token).url(base: request.kontor.config.publicURL)
        let mail = request.mailComposer.compose(
            language: language, subjectKey: "mail.verify.subject", paragraphs: ["mail.greeting", "mail.verify.body", "mail.verify.ignore"],
            action: (request.kontor.localizer.text("mail.verify.action", language), url), arguments: ["name": name])
        try await Outbox(database: db, now: now).enqueue(to: user.email, subject: mail.subject, text: mail.text, html: mail.html)
    }

    private func mailAccountExists(to user: User, on db: any Database) async throws {
        if case .limited = try await request.limiter(on: db).hit("verify-mail:\(user.id!)", limit: ThrottlePolicy.verificationMailsPerAccount) {
            return
        }
        let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
        let url = SiteRoute.signIn.url(base: request.kontor.config.publicURL)
        let mail = request.mailComposer.compose(
            language: language, subjectKey: "mail.exists.subject", paragraphs: ["mail.greeting", "mail.exists.body", "mail.verify.ignore"],
            action: (request.kontor.localizer.text("mail.exists.action", language), url), arguments: ["name": user.name])
        try await Outbox(database: db, now: now).enqueue(to: user.email, subject: mail.subject, text: mail.text, html: mail.html)
    }
}

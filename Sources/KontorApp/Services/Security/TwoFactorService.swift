import Fluent
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// The authenticator-app factor and backup codes: enrolment, confirmation, verification at sign-in without
/// replay, single-use backup codes, and switching it all off.
struct TwoFactorService {
    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }
    static let sealingPurpose = "kontor second factor v1"
    var sealing: SecretSealing { SecretSealing(secretKey: request.kontor.config.secretKey, purpose: Self.sealingPurpose) }

    /// Whether the user must give a second factor when signing in.
    func isEnabled(for userID: UUID, on database: (any Database)? = nil) async throws -> Bool {
        try await SecondFactor.query(on: database ?? db).filter(\.$user.$id == userID).filter(\.$confirmedAt != nil).first() != nil
    }

    /// Whether the authenticator app is set up (SMS can only be added next to it).
    func hasAuthenticatorApp(_ userID: UUID) async throws -> Bool {
        try await SecondFactor.query(on: db).filter(\.$user.$id == userID).filter(\.$kindValue == SecondFactorKind.authenticatorApp.rawValue)
            .filter(\.$confirmedAt != nil).first() != nil
    }

    /// The secret the authenticator page offers this session: derived from the secret key, the account and the
    /// session's token, not stored, so opening the page writes nothing (security.md 3.5). It wrote a pending factor, and
    /// opening the page in a second session replaced the first one's key, which then failed (security probe round 7).
    /// Each session is offered its own (a stolen session never learns the key the owner turns on, round 6), the same on
    /// every visit, and another after any change confirmed with the password (the token changes: `SessionRotation`),
    /// such as switching the app off. Only for a session: a personal API token may not read it.
    func offeredSecret(to identity: CustomerIdentity) throws -> [UInt8] {
        try identity.requireSession()
        guard let session = identity.session else { throw AppError.refused(messageKey: "error.two_factor.not_with_personal_token") }
        let key = KeyedHash(secretKey: request.kontor.config.secretKey, purpose: "kontor authenticator offer v1")
        return Array(key.bytes(try identity.user.requireID().uuidString + "|" + session.tokenHash).prefix(TOTPSecret.byteCount))
    }

    /// The factor being confirmed in this session and its secret — the one this session was offered (`offeredSecret`):
    /// written when the code is sent, not when the page is opened. A factor another session left unconfirmed is
    /// replaced, so only the key the confirming session was shown can be turned on.
    func enrolment(by identity: CustomerIdentity) async throws -> (factor: SecondFactor, secret: [UInt8]) {
        let secret = try offeredSecret(to: identity)
        let userID = try identity.user.requireID()
        let sessionID = identity.session?.id
        if let pending = try await SecondFactor.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$kindValue == SecondFactorKind.authenticatorApp.rawValue).first(), !pending.isConfirmed {
            if pending.enrolmentSessionID != nil, pending.enrolmentSessionID == sessionID, (try? sealing.open(pending.secretSealed)) == secret {
                return (pending, secret)
            }
            // Only while still unconfirmed: a confirmation meanwhile (the owner in the other session) is left alone.
            let replaced = try await (db as! any SQLDatabase).raw("""
                UPDATE second_factors SET secret_sealed = \(bind: try sealing.seal(secret)), enrolment_session_id = \(bind: sessionID),
                  created_at = \(bind: now)
                WHERE id = \(bind: pending.requireID()) AND confirmed_at IS NULL RETURNING id
                """).all()
            guard !replaced.isEmpty, let factor = try await SecondFactor.find(pending.id, on: db) else { throw AppError.conflict(messageKey: "error.two_factor.enabled_meanwhile") }
            return (factor, secret)
        }
        let factor = SecondFactor(userID: userID, kind: .authenticatorApp, secretSealed: try sealing.seal(secret), now: now)
        factor.enrolmentSessionID = sessionID
        try await factor.create(on: db)
        return (factor, secret)
    }

    /// Turns 2FA on once the user typed a valid code and the current password; returns the new backup codes, shown
    /// once. Only for a session. The password, as for every other change of how one signs in: without it, whoever
    /// holds a stolen session would put their own app in front of the account and lock the owner out.
    ///
    /// Every other session ends, and the address changes they asked for with it, as after a password change: they
    /// were opened with the password alone, and someone who switches 2FA on may fear exactly that it leaked. One such
    /// session had gone on minting API tokens and changing the addresses and the password (security probe round 8).
    /// This session proved the new factor, so it may later switch 2FA off without signing in again.
    func confirm(_ factor: SecondFactor, code: String?, password: String?, by identity: CustomerIdentity) async throws -> [String] {
        try identity.requireSession()
        let user = identity.user
        try await request.requireCurrentPassword(password, of: user)
        let secret = try sealing.open(factor.secretSealed)
        guard let step = TOTPVerifier().verify(code: code ?? "", secret: secret, at: now, lastAcceptedStep: nil) else {
            throw ValidationFailure([FieldError(field: "code", messageKey: "error.two_factor.code_wrong")])
        }
        let codes = try await newBackupCodes(of: user)
        return try await db.transaction { db in
            try await replaceBackupCodes(of: user, with: codes, on: db)
            factor.confirmedAt = now
            factor.lastUsedStep = Int64(step)
            try await factor.save(on: db)
            try await request.record(.twoFactorEnabled, user: user.id, detail: "authenticator app", on: db)
            if let session = identity.session {
                session.secondFactorAt = now
                try await session.save(on: db)
                let userID = try user.requireID()
                let ended = try await SessionStore(database: db, config: request.application.kontor.config, now: now).endAll(userID: userID, except: session.id)
                try await PendingChanges.withdraw(of: userID, keepingSession: session.id, now: now, on: db)
                if ended > 0 { try await request.record(.otherSessionsEnded, user: userID, detail: String(ended), on: db) }
            }
            try await request.mail(user, subjectKey: "mail.two_factor_on.subject", paragraphs: ["mail.two_factor_on.body", "mail.security.not_you"], on: db)
            return codes.shown
        }
    }

    /// Checks a code at sign-in. The time step is stored with a conditional update, so the same code
    /// (or an older one) is refused even when two requests carry it at the same moment.
    func verify(code: String, for userID: UUID) async throws -> Bool {
        guard let factor = try await SecondFactor.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$kindValue == SecondFactorKind.authenticatorApp.rawValue).filter(\.$confirmedAt != nil).first(),
              let id = factor.id else { return false }
        let secret = try sealing.open(factor.secretSealed)
        guard let step = TOTPVerifier().verify(code: code, secret: secret, at: now, lastAcceptedStep: nil) else { return false }
        guard let sql = db as? any SQLDatabase else { return false }
        return try await TOTPStepClaim.claim(step, for: id, in: .customerFactor, on: sql)
    }

    /// Uses a backup code: each works exactly once, even if sent twice at the same moment. Codes carry about
    /// 50 bits, below the 112 bits at which a keyed hash would do, so each is stored as an argon2id hash
    /// (security.md, ASVS 6.5.2) and the typed code is checked against the user's unused ones.
    func useBackupCode(_ typed: String, for userID: UUID) async throws -> Bool {
        guard let normalized = BackupCodes.normalize(typed), let sql = db as? any SQLDatabase else { return false }
        let unused = try await BackupCode.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).all()
        for code in unused where try await request.kontor.hasher.verify(normalized, against: code.codeHash) {
            let claimed = try await sql.raw("""
                UPDATE backup_codes SET used_at = \(bind: now) WHERE id = \(bind: code.requireID()) AND used_at IS NULL RETURNING id
                """).all()
            return !claimed.isEmpty
        }
        return false
    }

    /// How the second factor is given.
    enum Method: Sendable {
        case authenticatorApp, backupCode
        /// A code texted for the pending session.
        case sms(AuthSession)

        var label: String {
            switch self {
            case .authenticatorApp: "authenticator app"
            case .backupCode: "backup code"
            case .sms: "SMS"
            }
        }
    }

    /// How a second-factor attempt went.
    enum Outcome: Equatable {
        case passed
        case wrong
        /// SMS only: the code's 10 minutes are over; a new one can be sent.
        case codeExpired
        /// SMS only: five wrong codes; this sign-in attempt is over and starts again from the password.
        case attemptEnded
        /// SMS only: the right code, used a moment before by another request of this attempt, which signs in.
        case alreadyUsed
    }

    /// One second-factor attempt at sign-in, under the per-account limit shared by the pages and the API:
    /// counted before the code is checked, logged either way. Throws `rateLimited` past the limit.
    func attempt(_ code: String, method: Method, for userID: UUID, channel: String) async throws -> Bool {
        try await attemptOutcome(code, method: method, for: userID, channel: channel) == .passed
    }

    /// `attempt`, with the SMS-specific outcomes. An ended attempt deletes its pending session.
    func attemptOutcome(_ code: String, method: Method, for userID: UUID, channel: String) async throws -> Outcome {
        let key = "second-factor:" + userID.uuidString
        if case .limited(let retry) = try await request.rateLimiter.hit(key, limit: ThrottlePolicy.secondFactorPerAccount) {
            try await request.record(.signInThrottled, user: userID, detail: "second factor, \(channel)")
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        let fillsRun = try await SecondFactorLockout.join(userID, request)
        let outcome: Outcome
        switch method {
        case .authenticatorApp: outcome = try await verify(code: code, for: userID) ? .passed : .wrong
        case .backupCode: outcome = try await useBackupCode(code, for: userID) ? .passed : .wrong
        case .sms(let session):
            switch try await PhoneFactorService(request: request).checkSignInCode(code, session: session) {
            case .accepted: outcome = .passed
            case .wrong: outcome = .wrong
            case .expired: outcome = .codeExpired
            case .exhausted: outcome = .attemptEnded
            case .alreadyUsed: outcome = .alreadyUsed
            }
        }
        let label = "\(method.label), \(channel)"
        switch outcome {
        case .passed:
            try await request.rateLimiter.reset(key)
            try await SecondFactorLockout.end(userID, request)
            if case .backupCode = method {
                try await request.record(.backupCodeUsed, user: userID, detail: label)
            } else {
                try await request.record(.secondFactorPassed, user: userID, detail: label)
            }
        case .wrong, .codeExpired:
            try await request.record(.secondFactorFailed, user: userID, detail: label)
        case .alreadyUsed:
            break   // the request that used the code records the sign-in (and ends the run)
        case .attemptEnded:
            try await request.record(.signInAttemptEnded, user: userID, detail: label)
            if case .sms(let session) = method {
                try await SMSChallengeRecord.query(on: db).filter(\.$attemptID == PhoneFactorService.attemptID(signIn: session.requireID())).delete()
                try await session.delete(on: db)
            }
        }
        if fillsRun, outcome != .passed, outcome != .alreadyUsed { try await SecondFactorLockout.filled(userID, request) }
        return outcome
    }

    /// For sign-ins that cannot show a second page (the API): the code comes with the password.
    @discardableResult
    func requireSecondFactor(_ otp: String?, for user: User) async throws -> SecondFactorState {
        let userID = try user.requireID()
        guard try await isEnabled(for: userID) else { return .notUsed }
        guard let otp, !otp.isEmpty else { throw AppError.secondFactorRequired }
        let method: Method = BackupCodes.normalize(otp) != nil ? .backupCode : .authenticatorApp
        // Said plainly: only a caller who gave the right password gets here (a wrong one was refused before), and the
        // attempt was counted and logged under the second-factor limit all the same.
        guard try await attempt(otp, method: method, for: userID, channel: "api") else { throw AppError.secondFactorInvalid }
        return .passed
    }

    func remainingBackupCodes(for userID: UUID) async throws -> Int {
        try await BackupCode.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).count()
    }

    /// What the security page and `GET /me/two-factor` show.
    struct Status: Sendable {
        let isEnabled: Bool
        /// The confirmed factors' kinds (`totp`, …), then `backup_codes` while any are left.
        let methods: [String]
        let remainingBackupCodes: Int
    }

    func status(for userID: UUID) async throws -> Status {
        let kinds = Set(try await SecondFactor.query(on: db).filter(\.$user.$id == userID).filter(\.$confirmedAt != nil).all().map(\.kindValue))
        let remaining = try await remainingBackupCodes(for: userID)
        return Status(isEnabled: !kinds.isEmpty, methods: kinds.sorted() + (!kinds.isEmpty && remaining > 0 ? ["backup_codes"] : []),
                      remainingBackupCodes: remaining)
    }

    static let notEnabledKey = "error.two_factor.not_enabled"

    /// New backup codes after the current password; the old ones stop working. Fresh codes are a second factor,
    /// so only a session that passed 2FA can mint them, never a personal API token.
    func regenerateBackupCodes(by identity: CustomerIdentity, password: String?) async throws -> [String] {
        try identity.requireSession()
        guard try await isEnabled(for: identity.userID) else { throw AppError.conflict(messageKey: Self.notEnabledKey) }
        // Fresh codes are a new second factor: only from a session that gave one (as for switching it off). Said in
        // its own words: the refusal had named switching 2FA off.
        guard mayDisable(identity) else { throw AppError.refused(messageKey: "error.backup_codes.session_without_second_factor") }
        try await request.requireCurrentPassword(password, of: identity.user)
        let user = identity.user
        let codes = try await newBackupCodes(of: user)
        return try await db.transaction { db in
            try await replaceBackupCodes(of: user, with: codes, on: db)
            try await request.record(.backupCodesRegenerated, user: user.id, on: db)
            return codes.shown
        }
    }

    /// Removes every second factor of a user: app, phone, backup codes and codes in flight (switching off,
    /// an approved identity check).
    static func removeAllFactors(of userID: UUID, on db: any Database) async throws {
        try await SecondFactor.query(on: db).filter(\.$user.$id == userID).delete()
        try await BackupCode.query(on: db).filter(\.$user.$id == userID).delete()
        try await SMSChallengeRecord.query(on: db).filter(\.$user.$id == userID).delete()
    }

    /// Whether this caller may switch 2FA off: only a session that passed 2FA, never a personal API token.
    func mayDisable(_ identity: CustomerIdentity) -> Bool {
        identity.apiToken == nil && identity.session?.secondFactorAt != nil
    }

    /// Switches 2FA off: only from a session that passed 2FA, and only with the current password.
    func disable(by identity: CustomerIdentity, password: String?) async throws {
        try identity.requireSession()
        guard mayDisable(identity) else { throw AppError.refused(messageKey: "error.two_factor.session_without_second_factor") }
        let user = identity.user
        try await request.requireCurrentPassword(password, of: user)
        let userID = try user.requireID()
        try await db.transaction { db in
            try await db.lockForUpdate(User.self, id: userID)
            // Switched off by another request at this moment (two tabs, a double click): done once, logged and told once.
            guard try await SecondFactor.query(on: db).filter(\.$user.$id == userID).first() != nil else { return }
            try await Self.removeAllFactors(of: userID, on: db)
            try await request.record(.twoFactorDisabled, user: userID, on: db)
            try await request.mail(user, subjectKey: "mail.two_factor_off.subject", paragraphs: ["mail.two_factor_off.body", "mail.security.not_you"], on: db)
        }
    }

    /// Codes replaced by another request between reading them and replacing them (`replaceBackupCodes`).
    static let codesReplacedKey = "error.two_factor.codes_replaced_meanwhile"

    /// Ten fresh codes to replace `user`'s present ones: as the page shows them, their hashes, and the ids of the codes
    /// they replace. Hashed before any transaction, so that the user's row is locked for the writes only.
    private func newBackupCodes(of user: User) async throws -> NewBackupCodes {
        let replacing = try await BackupCode.query(on: db).filter(\.$user.$id == user.requireID()).all().compactMap(\.id)
        var random = SystemRandomNumberGenerator()
        let codes = BackupCodes.generate(using: &random)
        var hashes: [String] = []
        for code in codes { hashes.append(try await request.kontor.hasher.hash(BackupCodes.normalize(code) ?? code)) }
        return NewBackupCodes(shown: codes.map { BackupCodes.display(BackupCodes.normalize($0) ?? $0) }, hashes: hashes, replacing: Set(replacing))
    }

    struct NewBackupCodes: Sendable {
        let shown: [String]
        let hashes: [String]
        let replacing: Set<UUID>
    }

    /// The user's codes become exactly these, under the user's row lock, and only if they are still the ones read
    /// before: two requests at once (a double click on "new codes") once each deleted what they could see, and on
    /// PostgreSQL neither saw the other's new rows, which left twenty valid codes. Taking turns alone would let the
    /// later commit delete the codes the browser shows, if the answer it keeps committed first; so the later one is
    /// refused (409) instead, and the codes shown are always the codes that work.
    private func replaceBackupCodes(of user: User, with codes: NewBackupCodes, on db: any Database) async throws {
        let userID = try user.requireID()
        try await db.lockForUpdate(User.self, id: userID)
        let present = try await BackupCode.query(on: db).filter(\.$user.$id == userID).all().compactMap(\.id)
        guard Set(present) == codes.replacing else { throw AppError.conflict(messageKey: Self.codesReplacedKey) }
        try await BackupCode.query(on: db).filter(\.$user.$id == userID).delete()
        for hash in codes.hashes { try await BackupCode(userID: userID, codeHash: hash, now: now).create(on: db) }
    }
}

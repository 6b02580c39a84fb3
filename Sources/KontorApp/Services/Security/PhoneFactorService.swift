import Crypto
import Fluent
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// SMS as a second method (security.md "SMS codes"): a verified phone number, codes bound to their attempt,
/// dead after 10 minutes, five wrong tries per attempt. The phone number is sealed like a TOTP secret; the
/// code is kept only as an HMAC under a key derived from the secret key, so a database copy cannot reveal it
/// by trying the million possible codes.
struct PhoneFactorService {
    let request: Request
    /// The stored form of codes, keyed once per service.
    private let codeKey: KeyedHash

    init(request: Request) {
        self.request = request
        codeKey = KeyedHash(secretKey: request.kontor.config.secretKey, purpose: "kontor sms code v1")
    }
    var db: any Database { request.db }
    var now: Date { request.now }
    static let sealingPurpose = "kontor phone number v1"
    var sealing: SecretSealing { SecretSealing(secretKey: request.kontor.config.secretKey, purpose: Self.sealingPurpose) }

    /// The user's phone factor (confirmed, or waiting for its code) and its number.
    func phone(of userID: UUID, on database: (any Database)? = nil) async throws -> (factor: SecondFactor, number: PhoneNumber)? {
        guard let factor = try await SecondFactor.query(on: database ?? db).filter(\.$user.$id == userID)
            .filter(\.$kindValue == SecondFactorKind.sms.rawValue).first(),
              let number = try number(of: factor) else { return nil }
        return (factor, number)
    }

    /// The number a phone factor holds, unsealed.
    private func number(of factor: SecondFactor) throws -> PhoneNumber? {
        PhoneNumber(String(decoding: try sealing.open(factor.secretSealed), as: UTF8.self))
    }

    /// The confirmed number that sign-in codes go to, if any.
    func verifiedPhone(of userID: UUID) async throws -> PhoneNumber? {
        guard let phone = try await phone(of: userID), phone.factor.isConfirmed else { return nil }
        return phone.number
    }

    // MARK: Adding and removing the number

    /// What `startVerification` did: texted a code, or found one texted to the same number a moment ago.
    enum Verification: Equatable {
        case codeSent(PhoneNumber)
        /// The form sent again (a double click, a resend after a timeout, two tabs): nothing more is texted.
        case codeJustSent(PhoneNumber)

        var number: PhoneNumber {
            switch self { case .codeSent(let number), .codeJustSent(let number): number }
        }
    }

    /// How long the same number entered again counts as the same request rather than as a wish for a new code.
    static let sameRequestWindow: TimeInterval = 60

    /// Starts adding `rawNumber` (after the current password): stores it unconfirmed and texts it a code. SMS is
    /// a second method, so the authenticator app has to be set up first (it also gives the backup codes). Only from a
    /// session: a personal API token adds no sign-in method, whichever route it came through.
    ///
    /// The same number sent again within `sameRequestWindow` texts nothing more: before, each copy replaced the
    /// number it had just stored and texted a code of its own, so the phone got two codes and the one that arrived
    /// first was often the dead one. The copies take turns under the user's row lock; a first code that could not be
    /// sent takes its number back with it, so a number found waiting is one whose code is on its way — except while
    /// that first send is still failing: a copy arriving in those moments answers "sent a moment ago" for a code that
    /// never leaves (the first copy answers "not sent"). Entering the number again then finds no number waiting and
    /// texts a code; telling the copies apart would mean holding the lock across the gateway call.
    func startVerification(of rawNumber: String?, password: String?, by identity: CustomerIdentity) async throws -> Verification {
        try identity.requireSession()
        try requirePassedSecondFactor(identity)
        let user = identity.user
        let userID = try user.requireID()
        var errors: [FieldError] = []
        let parsed = PhoneNumber.parse(rawNumber)
        if case .failure(let error) = parsed { errors.append(error) }
        if let error = try await request.currentPasswordError(password, of: user) { errors.append(error) }
        guard errors.isEmpty, case .success(let number) = parsed else { throw ValidationFailure(errors) }
        guard try await TwoFactorService(request: request).hasAuthenticatorApp(userID) else {
            throw AppError.conflict(messageKey: "error.phone.app_first")
        }
        let stored: SecondFactor? = try await db.transaction { [self] db in
            try await db.lockForUpdate(User.self, id: userID)
            let existing = try await SecondFactor.query(on: db).filter(\.$user.$id == userID)
                .filter(\.$kindValue == SecondFactorKind.sms.rawValue).first()
            // A confirmed number stays in use until the new one is proven; only an unconfirmed one is replaced.
            if let existing, existing.isConfirmed { throw AppError.conflict(messageKey: "error.phone.already_set") }
            if let existing, now.timeIntervalSince(existing.createdAt) < Self.sameRequestWindow, (try? self.number(of: existing))?.e164 == number.e164 {
                return nil
            }
            try await existing?.delete(on: db)
            let factor = SecondFactor(userID: userID, kind: .sms, secretSealed: try sealing.seal(Array(number.e164.utf8)), now: now)
            try await factor.create(on: db)
            return factor
        }
        guard let factor = stored else { return .codeJustSent(number) }
        do {
            try await sendCode(to: number, user: user, attemptID: try Self.attemptID(enrolment: factor.requireID()), purpose: .phoneVerification)
        } catch {
            // Nothing was texted: the number goes again (unless confirmed meanwhile, which cannot be without a code).
            try await SecondFactor.query(on: db).filter(\.$id == factor.requireID()).filter(\.$confirmedAt == nil).delete()
            throw error
        }
        return .codeSent(number)
    }

    /// Confirms the number with the code it received. A wrong or dead code is a validation error on `code`;
    /// the fifth wrong one also drops the number, which then has to be entered again. Only from a session.
    func confirmVerification(code: String?, by identity: CustomerIdentity) async throws {
        try identity.requireSession()
        try requirePassedSecondFactor(identity)
        let user = identity.user
        let userID = try user.requireID()
        guard let phone = try await phone(of: userID) else {
            throw ValidationFailure([FieldError(field: "code", messageKey: "error.sms.code_expired")])
        }
        // The form sent again (a double click, a retry after a timeout) once the number is confirmed: nothing to do.
        if phone.factor.isConfirmed { return }
        let key: String
        let attemptID = try Self.attemptID(enrolment: phone.factor.requireID())
        // The code used and the number confirmed in one transaction: a request with the same code sent at the same moment
        // finds the code either still there (and waits for this one, then finds it used) or gone with the number confirmed.
        let outcome: SMSCheckResult = try await db.transaction { db in
            let outcome = try await check(code ?? "", attemptID: attemptID, on: db)
            guard outcome == .accepted else { return outcome }
            phone.factor.confirmedAt = now
            try await phone.factor.save(on: db)
            try await request.record(.phoneAdded, user: userID, detail: phone.number.masked, on: db)
            // Told by e-mail, the other channel (security.md 6.3.7).
            try await request.mail(user, subjectKey: "mail.phone_added.subject", paragraphs: ["mail.phone_added.body", "mail.security.not_you"], arguments: ["phone": phone.number.masked], on: db)
            return outcome
        }
        switch outcome {
        case .accepted:
            return
        case .wrong: key = "error.sms.code_wrong"
        case .expired, .alreadyUsed:
            // Gone a moment ago: another request confirmed the number with it — or, with a fifth wrong code, dropped the
            // number and its code. Only the number as stored now tells which.
            if try await self.phone(of: userID)?.factor.isConfirmed == true { return }
            key = "error.sms.code_expired"
        case .exhausted:
            try await deleteFactor(of: user)
            key = "error.sms.too_many_wrong"
        }
        throw ValidationFailure([FieldError(field: "code", messageKey: key)])
    }

    /// Removes the number (after the current password); the authenticator app and backup codes stay. Only from a session.
    func remove(by identity: CustomerIdentity, password: String?) async throws {
        try identity.requireSession()
        try requirePassedSecondFactor(identity)
        try await request.requireCurrentPassword(password, of: identity.user)
        try await deleteFactor(of: identity.user)
    }

    /// A phone is a second factor, and only comes after the app: adding or removing one takes a session that gave a
    /// second factor, as switching 2FA off and new backup codes do. A session opened before the owner turned 2FA on
    /// (a stolen one, perhaps) added its own number with the password alone, then signed in by SMS without the
    /// owner's app (security probe round 6).
    private func requirePassedSecondFactor(_ identity: CustomerIdentity) throws {
        guard TwoFactorService(request: request).mayDisable(identity) else {
            throw AppError.refused(messageKey: "error.phone.session_without_second_factor")
        }
    }

    /// Deletes the phone factor and its code in flight; logs and mails when it was a confirmed number.
    private func deleteFactor(of user: User) async throws {
        let userID = try user.requireID()
        guard let phone = try await phone(of: userID) else { return }
        try await db.transaction { db in
            try await SMSChallengeRecord.query(on: db).filter(\.$attemptID == Self.attemptID(enrolment: phone.factor.requireID())).delete()
            // Removed by another request at this moment: the same outcome, logged and mailed once.
            guard try await db.deleteOnce(SecondFactor.self, id: phone.factor.requireID()) else { return }
            if phone.factor.isConfirmed {
                try await request.record(.phoneRemoved, user: userID, detail: phone.number.masked, on: db)
                // Told by e-mail, the other channel (security.md 6.3.7).
                try await request.mail(user, subjectKey: "mail.phone_removed.subject", paragraphs: ["mail.phone_removed.body", "mail.security.not_you"], arguments: ["phone": phone.number.masked], on: db)
            }
        }
    }

    // MARK: Sign-in

    /// Texts a sign-in code for the pending session `session` to the verified number; returns it masked.
    func sendSignInCode(for user: User, session: AuthSession) async throws -> PhoneNumber {
        guard let number = try await verifiedPhone(of: user.requireID()) else { throw AppError.notFound }
        try await sendCode(to: number, user: user, attemptID: try Self.attemptID(signIn: session.requireID()), purpose: .signIn)
        return number
    }

    /// Whether a code was sent for this sign-in attempt and can still be typed.
    func hasLiveSignInCode(session: AuthSession) async throws -> Bool {
        guard let record = try await SMSChallengeRecord.query(on: db).filter(\.$attemptID == Self.attemptID(signIn: session.requireID())).first()
        else { return false }
        return record.usedAt == nil && !SMSCodePolicy.isExpired(issuedAt: record.issuedAt, now: now) && !SMSCodePolicy.isExhausted(failures: record.failures)
    }

    /// Checks a typed sign-in code for the pending session `session`.
    func checkSignInCode(_ code: String, session: AuthSession) async throws -> SMSCheckResult {
        try await check(code, attemptID: Self.attemptID(signIn: session.requireID()))
    }

    // MARK: Codes

    static func attemptID(signIn session: UUID) -> String { "sign-in:" + session.uuidString }
    static func attemptID(enrolment factor: UUID) -> String { "phone:" + factor.uuidString }

    /// Makes a code for the attempt and texts it. A resend replaces the code but keeps the failures and counts
    /// the sends; both a per-attempt and a per-account limit apply, since every SMS costs money.
    private func sendCode(to number: PhoneNumber, user: User, attemptID: String, purpose: SMSPurpose) async throws {
        let userID = try user.requireID()
        var random = SystemRandomNumberGenerator()
        let code = SMSCodePolicy.generateCode(using: &random)
        let fresh = SMSChallenge.issue(code: code, attemptID: attemptID, issuedAt: now, hash: codeHash)
        let existing = try await SMSChallengeRecord.query(on: db).filter(\.$attemptID == attemptID).first()
        if let existing, existing.sends >= ThrottlePolicy.smsSendsPerAttempt || SMSCodePolicy.isExhausted(failures: existing.failures) {
            throw AppError.conflict(messageKey: "error.sms.too_many_sends")
        }
        if case .limited(let retry) = try await request.rateLimiter.hit("sms:" + userID.uuidString, limit: ThrottlePolicy.smsCodesPerAccount) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        // A first send stores the attempt's one row; a resend counts on it with one conditional UPDATE, so resends
        // in parallel cannot pass the per-attempt limit.
        var created: SMSChallengeRecord?
        if let existing {
            guard try await countResend(existing, codeHash: fresh.codeHash, purpose: purpose) else {
                throw AppError.conflict(messageKey: "error.sms.too_many_sends")
            }
        } else {
            let record = SMSChallengeRecord()
            record.$user.id = userID
            record.attemptID = attemptID
            record.failures = 0
            record.sends = 1
            record.purposeValue = purpose.rawValue
            record.codeHash = fresh.codeHash
            record.issuedAt = now
            do {
                try await record.save(on: db)
            } catch {
                // Two first sends at once (a double click): the attempt's one row is unique, the other request
                // stored it and is texting its code, so this one sends nothing more.
                if try await SMSChallengeRecord.query(on: db).filter(\.$attemptID == attemptID).first() != nil { return }
                throw error
            }
            created = record
        }
        let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
        let text = request.kontor.localizer.text(purpose == .signIn ? "sms.sign_in.text" : "sms.verify.text", language,
                                                 ["code": code, "provider": request.kontor.config.providerName])
        do {
            try await request.kontor.smsSender.send(SMSMessage(id: UUID(), to: number.e164, text: text, purpose: purpose.rawValue, createdAt: now))
        } catch {
            request.logger.error("SMS not sent: \(String(describing: error))")
            // A first code that never left keeps no challenge behind; a resend keeps the attempt's count.
            if let created { try await created.delete(on: db) }
            throw AppError.conflict(messageKey: "error.sms.not_sent")
        }
        try await request.record(.smsCodeSent, user: userID, detail: "\(purpose.rawValue), \(number.masked)")
    }

    /// Replaces the attempt's code and counts the send, unless the attempt already had its texts or its tries.
    private func countResend(_ record: SMSChallengeRecord, codeHash: String, purpose: SMSPurpose) async throws -> Bool {
        guard let id = record.id, let sql = db as? any SQLDatabase else { return false }
        let updated = try await sql.raw("""
            UPDATE sms_challenges SET code_hash = \(bind: codeHash), issued_at = \(bind: now), purpose = \(bind: purpose.rawValue),
            sends = sends + 1, used_at = NULL WHERE id = \(bind: id) AND sends < \(bind: ThrottlePolicy.smsSendsPerAttempt)
            AND failures < \(bind: SMSCodePolicy.maximumFailures) RETURNING id
            """).all()
        return !updated.isEmpty
    }

    /// Checks `typed` against the attempt's code. Failures are counted with a conditional UPDATE and a right code
    /// is consumed with a conditional DELETE, so parallel tries cannot exceed five and a code works once.
    private func check(_ typed: String, attemptID: String, on database: (any Database)? = nil) async throws -> SMSCheckResult {
        let db = database ?? self.db
        guard let record = try await SMSChallengeRecord.query(on: db).filter(\.$attemptID == attemptID).first(), let id = record.id,
              let sql = db as? any SQLDatabase else { return .expired }
        let limit = SMSCodePolicy.maximumFailures
        let checked = record.challenge.check(typed, now: now, hash: codeHash)
        if record.usedAt != nil { return Self.afterUse(checked) }
        switch checked {
        case .accepted:
            let used = try await sql.raw("""
                UPDATE sms_challenges SET used_at = \(bind: now) WHERE id = \(bind: id) AND failures < \(bind: limit) AND used_at IS NULL RETURNING id
                """).all()
            guard used.isEmpty else { return .accepted }
            // Used rather than used up: a request with the same code (a double click) used it a moment ago. Taken for
            // "five wrong codes", the phone confirmed by that request was deleted again.
            return try await usedMeanwhile(id, on: db) ? .alreadyUsed : .exhausted
        case .wrong:
            let rows = try await sql.raw("""
                UPDATE sms_challenges SET failures = failures + 1 WHERE id = \(bind: id) AND failures < \(bind: limit) AND used_at IS NULL
                RETURNING failures
                """).all()
            guard let failures = try rows.first?.decode(column: "failures", as: Int.self) else {
                // A wrong code beside the right one used in between: the code is spent, nothing was used up.
                return try await usedMeanwhile(id, on: db) ? .expired : .exhausted
            }
            return failures >= limit ? .exhausted : .wrong(remaining: limit - failures)
        case let other:
            return other
        }
    }

    /// What a code typed after the attempt's code was used means: the right one again is the same form sent twice
    /// (the first request goes on with the attempt); any other is a code that no longer works.
    private static func afterUse(_ checked: SMSCheckResult) -> SMSCheckResult {
        checked == .accepted ? .alreadyUsed : .expired
    }

    /// Whether the challenge was used (or deleted with its attempt) since it was read.
    private func usedMeanwhile(_ id: UUID, on db: any Database) async throws -> Bool {
        guard let record = try await SMSChallengeRecord.find(id, on: db) else { return true }
        return record.usedAt != nil
    }

    private func codeHash(_ input: String) -> String {
        codeKey.hex(input)
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

/// Wrong second-factor codes in a row on one account, at most `ThrottlePolicy.secondFactorConsecutiveFailures`
/// (NIST SP 800-63B §5.2.2). Whoever types them has the password already, so the run is not ended by waiting: once it
/// is full, no code is checked — a right one might be the lucky guess — until the owner sets a new password (a reset
/// by mail, or a change from a session that passed 2FA earlier) or an identity check is approved. The owner is
/// mailed once, when the run fills, with the way back.
///
/// Counted in `rate_limit_counters`, shared by every server, before the code is checked: parallel guesses each take
/// their own number, so no more than the limit are ever checked in a row.
enum SecondFactorLockout {
    static let messageKey = "error.two_factor.locked"

    static func key(_ userID: UUID) -> String { "second-factor-run:" + userID.uuidString }

    /// What one attempt's place in the run under `key` allows (customers' and staff accounts' runs alike).
    enum Turn: Equatable {
        /// The run was full already: the code is not checked.
        case locked
        /// The code is checked; `fillsRun`: this attempt is the last the run holds.
        case check(fillsRun: Bool)
    }

    /// One attempt joins the run under `key`, before its code is checked.
    static func turn(_ key: String, _ request: Request) async throws -> Turn {
        let limit = ThrottlePolicy.secondFactorConsecutiveFailures
        let (_, count) = try await request.rateLimiter.counted(key, limit: limit)
        return count > limit.limit ? .locked : .check(fillsRun: count == limit.limit)
    }

    /// A customer's attempt joins the account's run. Throws `refused(locked)` when the run was full already (the code
    /// is then not checked); returns whether this attempt is the one that fills it.
    static func join(_ userID: UUID, _ request: Request) async throws -> Bool {
        guard case .check(let fillsRun) = try await turn(key(userID), request) else {
            try await request.record(.secondFactorLocked, user: userID, detail: "code not checked")
            throw AppError.refused(messageKey: messageKey)
        }
        return fillsRun
    }

    /// A right code ends the run.
    static func end(_ userID: UUID, _ request: Request) async throws {
        try await request.rateLimiter.reset(key(userID))
    }

    /// A new password or an approved identity check ends the run, in the caller's transaction.
    static func release(_ userID: UUID, on db: any Database) async throws {
        try await RateLimiter(database: db, now: Date.init).reset(key(userID))
    }

    /// The attempt that filled the run was wrong too: logged, and the owner told how to take the account back.
    static func filled(_ userID: UUID, _ request: Request) async throws {
        try await request.record(.secondFactorLocked, user: userID, detail: "\(ThrottlePolicy.secondFactorConsecutiveFailures.limit) wrong codes in a row")
        guard let user = try await User.find(userID, on: request.db), user.disabledAt == nil else { return }
        let language = Language(rawValue: user.language) ?? request.kontor.config.defaultLanguage
        let url = SiteRoute.forgotPassword.url(base: request.kontor.config.publicURL)
        let mail = request.mailComposer.compose(
            language: language, subjectKey: "mail.second_factor_locked.subject",
            paragraphs: ["mail.greeting", "mail.second_factor_locked.body", "mail.second_factor_locked.next"],
            action: (request.kontor.localizer.text("mail.second_factor_locked.action", language), url),
            arguments: ["name": user.name, "count": String(ThrottlePolicy.secondFactorConsecutiveFailures.limit)])
        try await Outbox(database: request.db, now: request.now).enqueue(to: user.email, subject: mail.subject, text: mail.text, html: mail.html)
    }
}

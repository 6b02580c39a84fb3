import Fluent
import Foundation
import SQLKit

/// Single-use links sent by e-mail (recovery address, password reset, sign-in unlock): only the token's hash is
/// stored, a new link kills the older unused ones of its purpose, and a link is claimed once even when opened twice
/// at the same moment.
struct EmailLinks {
    let db: any Database
    let now: Date

    /// A new link of `purpose`; older unused ones of the same purpose die with it.
    func issue(_ purpose: EmailToken.Purpose, for user: User, lifetime: TimeInterval, pendingEmail: String? = nil) async throws -> String {
        let userID = try user.requireID()
        try await EmailToken.query(on: db).filter(\.$user.$id == userID).filter(\.$purpose == purpose.rawValue)
            .filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
        let token = SecretToken.generate()
        let record = EmailToken()
        record.$user.id = userID
        record.purpose = purpose.rawValue
        record.tokenHash = SecretToken.hash(token)
        record.createdAt = now
        record.expiresAt = now.addingTimeInterval(lifetime)
        record.pendingEmail = pendingEmail
        try await record.create(on: db)
        return token
    }

    /// A link that can still be used, with its user, to show its page (or say it has expired); nil otherwise.
    /// Opening a page with it changes nothing: only `use` claims it.
    func usable(_ token: String, purpose: EmailToken.Purpose) async throws -> EmailToken? {
        try await EmailToken.query(on: db).filter(\.$tokenHash == SecretToken.hash(token)).filter(\.$purpose == purpose.rawValue)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > now).with(\.$user).first()
    }

    func isUsable(_ token: String, purpose: EmailToken.Purpose) async throws -> Bool {
        try await usable(token, purpose: purpose) != nil
    }

    /// Claims a link: unknown, used, expired and killed links are all "no longer valid".
    func use(_ token: String, purpose: EmailToken.Purpose) async throws -> EmailToken {
        guard let record = try await EmailToken.query(on: db).filter(\.$tokenHash == SecretToken.hash(token))
                .filter(\.$purpose == purpose.rawValue).with(\.$user).first(),
              record.usedAt == nil, record.expiresAt > now else { throw AppError.invitationUnusable }
        let sql = db as! any SQLDatabase
        let claimed = try await sql.raw("""
            UPDATE email_tokens SET used_at = \(bind: now) WHERE id = \(bind: record.requireID()) AND used_at IS NULL RETURNING id
            """).first()
        guard claimed != nil else { throw AppError.invitationUnusable }
        record.usedAt = now
        return record
    }
}

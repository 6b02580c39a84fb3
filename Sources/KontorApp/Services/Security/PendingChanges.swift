import Fluent
import Foundation
import SQLKit

/// What a session may set in motion that outlives it: a link to move the sign-in or the recovery address (24 hours,
/// opened without signing in), an authenticator app half set up, invitations (7 days). Ending a session ended none
/// of them, so an owner who reset her password, as the notices advise, still lost her account to the address the
/// thief had asked for, through "forgot password" (security probe round 6). Whatever evicts the other sessions
/// withdraws them too.
enum PendingChanges {
    /// The address links and the app being set up, except in the session `keeping` (the one that evicts the others):
    /// on a password reset or change, "sign out everywhere else" and an approved identity check. Returns how many
    /// address links were withdrawn.
    @discardableResult
    static func withdraw(of userID: UUID, keepingSession keeping: UUID? = nil, now: Date, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let links = try await sql.raw("""
            UPDATE email_tokens SET used_at = \(bind: now)
            WHERE user_id = \(bind: userID) AND used_at IS NULL
              AND purpose IN (\(bind: EmailToken.Purpose.changeSignInEmail.rawValue), \(bind: EmailToken.Purpose.confirmRecoveryEmail.rawValue))
            RETURNING id
            """).all().count
        let kept: SQLQueryString = keeping.map { "AND (enrolment_session_id IS NULL OR enrolment_session_id <> \(bind: $0))" } ?? ""
        try await sql.raw("""
            DELETE FROM second_factors WHERE user_id = \(bind: userID) AND kind = \(bind: SecondFactorKind.authenticatorApp.rawValue)
              AND confirmed_at IS NULL \(kept)
            """).run()
        return links
    }

    /// The password-reset and sign-in unlock links mailed and not used yet: when the address they went to stops being the
    /// account's (a new sign-in or recovery address confirmed) and when the password changes (OWASP Forgot Password
    /// Cheat Sheet). A link left in a mailbox the owner moved away from — leaked, or on a lapsed domain — had still set
    /// the password an hour later (security probe round 9). Returns how many.
    @discardableResult
    static func withdrawMailedLinks(of userID: UUID, now: Date, on db: any Database) async throws -> Int {
        try await (db as! any SQLDatabase).raw("""
            UPDATE email_tokens SET used_at = \(bind: now)
            WHERE user_id = \(bind: userID) AND used_at IS NULL
              AND purpose IN (\(bind: EmailToken.Purpose.resetPassword.rawValue), \(bind: EmailToken.Purpose.unlockSignIn.rawValue))
            RETURNING id
            """).all().count
    }

    /// The invitations the account sent that nobody accepted yet: on a password reset and an approved identity check,
    /// where the owner takes the account back from whoever held it (an invitation sent from a stolen session would
    /// otherwise bring its sender into the organization for a week). Returns how many.
    @discardableResult
    static func withdrawInvitations(sentBy userID: UUID, now: Date, on db: any Database) async throws -> Int {
        try await (db as! any SQLDatabase).raw("""
            UPDATE invitations SET revoked_at = \(bind: now)
            WHERE invited_by_user_id = \(bind: userID) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > \(bind: now)
            RETURNING id
            """).all().count
    }
}

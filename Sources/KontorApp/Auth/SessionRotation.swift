import Fluent
import FluentSQL
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// A new session ID after re-authentication (security.md 7.2.4, ASVS 3.2.1): "the ID changes at sign-in, at the
/// password → 2FA step and at re-authentication; the old one is dead". Sign-in and the second step make a new session
/// (`SignInFlow`, `StaffController`); a form that asked for the current password — a new password, switching two-factor
/// authentication on or off, a new sign-in address or recovery address, a personal API token — gives the browser's
/// session a new token once the change succeeded, and the old cookie opens nothing any more. The row stays (its id
/// keys what the session holds pending, its CSRF token keeps other open forms working); only the token changes.
///
/// The password checks mark the request (`reauthenticated`); `SessionAuthenticator` rotates after the handler, in one
/// place, so no form can forget it. Nothing is rotated for an API session (its caller holds the bearer token and
/// would be signed out), after a refusal (4xx/5xx), or when the handler set or cleared the cookie itself (sign-out,
/// closing the account).
enum SessionRotation {
    enum Who: Sendable { case customer, staff }

    /// Gives the session a new token and the response its cookie; nothing when the session is gone meanwhile.
    static func rotate(_ session: AuthSession, cookie name: String, on response: Response, _ request: Request) async throws {
        guard response.status.code < 400, response.cookies[name] == nil, let id = session.id else { return }
        let token = SecretToken.generate()
        let sql = request.db as! any SQLDatabase
        // Only from the token this request came with: the same form sent twice at once (a double click) rotates once,
        // and the browser keeps the one new cookie; a second new token would have made the first answer's cookie dead.
        let updated = try await sql.raw("""
            UPDATE \(ident: AuthSession.schema) SET token_hash = \(bind: SecretToken.hash(token))
            WHERE id = \(bind: id) AND token_hash = \(bind: session.tokenHash) RETURNING id
            """).all()
        guard !updated.isEmpty else { return }
        // Remembered, opening nothing, so a late copy of this form is told it was sent twice (`renewedMeanwhile`).
        try await sql.raw("""
            INSERT INTO renewed_session_tokens (token_hash, renewed_at) VALUES (\(bind: session.tokenHash), \(bind: request.now))
            ON CONFLICT (token_hash) DO NOTHING
            """).run()
        session.tokenHash = SecretToken.hash(token)
        response.cookies[name] = request.sessionCookies.value(token)
    }

    /// How long after a renewal a copy sent with the old cookie is taken for the same form sent twice.
    static let lateCopySeconds: TimeInterval = 60

    /// Whether `token` (a cookie that opened no session) was a session's until a renewal moments ago.
    static func renewedMoments(ago token: String, _ request: Request) async throws -> Bool {
        struct Row: Decodable { let renewed_at: Date }
        let row = try await (request.db as! any SQLDatabase).raw("""
            SELECT renewed_at FROM renewed_session_tokens WHERE token_hash = \(bind: SecretToken.hash(token))
            """).first(decoding: Row.self)
        return row.map { request.now.timeIntervalSince($0.renewed_at) <= lateCopySeconds } ?? false
    }
}

extension Request {
    private struct ReauthenticatedKey: StorageKey { typealias Value = Set<SessionRotation.Who> }
    private struct RenewedMeanwhileKey: StorageKey { typealias Value = Bool }

    /// A form sent with a session cookie that another copy of it renewed moments ago (`SessionRotation`): it opens
    /// nothing, and the anti-forgery refusal becomes "sent twice, the first went through" (`KontorErrorMiddleware`).
    var renewedMeanwhile: Bool {
        get { storage[RenewedMeanwhileKey.self] ?? false }
        set { storage[RenewedMeanwhileKey.self] = newValue }
    }

    /// Whose session passed a password check in this request: it gets a new ID when the request succeeds.
    var reauthenticated: Set<SessionRotation.Who> {
        get { storage[ReauthenticatedKey.self] ?? [] }
        set { storage[ReauthenticatedKey.self] = newValue }
    }
}

import Fluent
import FluentSQL
import Foundation
import SQLKit
import Vapor

/// Creates, finds and ends server-side sessions. A session is valid until its absolute expiry and while
/// it has been used within the idle timeout (ASVS 7.3).
struct SessionStore: Sendable {
    let database: any Database
    let config: AppConfig
    let now: Date

    /// A new session; the returned token goes to the client once and only its hash is stored.
    func create(user: User? = nil, staff: StaffMember? = nil, channel: AuthSession.Channel, organizationID: UUID?,
                ipAddress: String, userAgent: String, secondFactor: SecondFactorState = .notUsed) async throws -> (token: String, session: AuthSession) {
        let token = SecretToken.generate()
        let session = AuthSession()
        session.tokenHash = SecretToken.hash(token)
        session.$user.id = user?.id
        session.$staffMember.id = staff?.id
        session.currentOrganizationID = organizationID
        session.csrfToken = SecretToken.generate()
        session.channel = channel.rawValue
        session.createdAt = now
        session.lastSeenAt = now
        session.expiresAt = now.addingTimeInterval(TimeInterval(config.sessionAbsoluteHours * 3600))
        session.ipAddress = ipAddress
        session.userAgent = userAgent
        session.isSecondFactorPending = secondFactor == .pending
        session.secondFactorAt = secondFactor == .passed ? now : nil
        try await session.create(on: database)
        return (token, session)
    }

    /// The live session for `token`, touched; nil (and deleted) when it has expired.
    func find(token: String) async throws -> AuthSession? {
        guard let session = try await AuthSession.query(on: database).filter(\.$tokenHash == SecretToken.hash(token)).first() else {
            return nil
        }
        return try await live(session)
    }

    /// The live customer session for `token` with its user, read by one statement: every signed-in request needs
    /// both. The statement is written once per process (`SessionWithUser`) because building it through Fluent's
    /// query builder on every request — some forty aliased columns, each identifier escaped — was the largest
    /// single cost of a signed-in page after the page itself (`docs/benchmarks.md`). Rows still become Fluent
    /// models the way Fluent makes them, so saving one later writes only what changed.
    func findWithUser(token: String) async throws -> AuthSession? {
        guard let row = try await SessionWithUser.rows(on: database, where: SecretToken.hash(token)).first else { return nil }
        let session = try row.decode(fluentModel: AuthSession.self)
        session.$user.value = try PrefixedRow(row: row, prefix: SessionWithUser.userPrefix).decode(fluentModel: User.self)
        return try await live(session)
    }

    private func live(_ session: AuthSession) async throws -> AuthSession? {
        let idleLimit = session.lastSeenAt.addingTimeInterval(TimeInterval(config.sessionIdleMinutes * 60))
        guard session.expiresAt > now, idleLimit > now else {
            try await session.delete(on: database)
            return nil
        }
        // Touch at most once a minute: enough for the idle timeout, without a write per request.
        if now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.save(on: database)
        }
        return session
    }

    /// Ends every session of a user, optionally keeping one (the caller's, after a password change or for "sign out
    /// everywhere else"), in one statement, and says how many ended.
    @discardableResult
    func endAll(userID: UUID, except keep: UUID? = nil) async throws -> Int {
        let sql = database as! any SQLDatabase
        let others: SQLQueryString = keep.map { "AND id <> \(bind: $0)" } ?? ""
        return try await sql.raw("DELETE FROM \(ident: AuthSession.schema) WHERE user_id = \(bind: userID) \(others) RETURNING id").all().count
    }
}

/// Where a new session stands with the second factor.
enum SecondFactorState: Sendable {
    case notUsed, pending, passed
}

extension Request {
    var sessionStore: SessionStore { SessionStore(database: db, config: application.kontor.config, now: now) }

    /// "Sign out everywhere else" for the signed-in customer (the sessions page and `DELETE /me/sessions`), logged
    /// with how many sessions ended.
    func endOtherSessions() async throws -> Int {
        let identity = try customer()
        let now = now, config = application.kontor.config
        return try await db.transaction { db in
            let ended = try await SessionStore(database: db, config: config, now: now).endAll(userID: identity.userID, except: identity.session?.id)
            try await PendingChanges.withdraw(of: identity.userID, keepingSession: identity.session?.id, now: now, on: db)
            try await self.record(.otherSessionsEnded, user: identity.userID, detail: String(ended), on: db)
            return ended
        }
    }
}

/// The session-and-user statement, built once from the models' own column lists so it follows every migration.
private enum SessionWithUser: PreparedSelect {
    static let name = "session_with_user"
    static let userPrefix = "u__"
    static let select = JoinedSelect.sql(AuthSession.self, as: "s", joining: User.self, as: "u", prefix: userPrefix,
                                         on: "u.\"id\" = s.\"user_id\"")
    static let column = "s.token_hash"
}

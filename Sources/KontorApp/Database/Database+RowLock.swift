import FluentKit
import Foundation
import SQLKit

extension Database {
    /// Makes concurrent writers of one aggregate (an organization's default address, a user's newsletter topics)
    /// take turns: on PostgreSQL the row stays locked until this transaction ends; on SQLite every write transaction
    /// is already exclusive (`SQLiteWriteTransactions`), so nothing is asked there.
    func lockForUpdate<M: Model>(_ model: M.Type, id: UUID) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        _ = try await sql.select().column("id").from(M.schema).where("id", .equal, id).for(.update).all()
    }

    /// Like `lockForUpdate`, but another transaction may still add rows that refer to this one (PostgreSQL's `FOR NO KEY
    /// UPDATE`: a foreign key's check takes `FOR KEY SHARE` on the row it refers to, which `FOR UPDATE` blocks). For a
    /// transaction that locks a user and then organizations: one that locked an organization and then adds a row naming
    /// the user (a support access she gives, a log entry) would otherwise wait for it while it waits for the
    /// organization, and PostgreSQL would end one of them as a deadlock. Writers that lock the row still take turns.
    func lockForUpdateKeepingReferences<M: Model>(_ model: M.Type, id: UUID) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        _ = try await sql.select().column("id").from(M.schema).where("id", .equal, id).lockingClause(NoKeyUpdate()).all()
    }

    /// Waits until no transaction holds `id`'s row for update, and keeps nothing; throws `LockWaitExpired` once `limit`
    /// has passed (it went on regardless, then waited again for the lock itself: longer than a client waits). On PostgreSQL it
    /// asks every `interval` (`FOR KEY SHARE SKIP LOCKED`, which only `FOR UPDATE` blocks, released as the statement
    /// ends) and holds no connection in between: waiting in one statement held a pool connection per waiting request, and
    /// a long import that many requests waited for could empty the pool. On SQLite nothing is asked. Call it outside a
    /// transaction: inside one the lock would be kept until that transaction ends.
    func waitWhileLockedForUpdate<M: Model>(_ model: M.Type, id: UUID, interval: Duration = .milliseconds(100),
                                            limit: Duration) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await !sql.select().column("id").from(M.schema).where("id", .equal, id).lockingClause(KeyShareSkipLocked()).all().isEmpty { return }
            // No row: locked, or there is none to wait for.
            if try await sql.select().column("id").from(M.schema).where("id", .equal, id).all().isEmpty { return }
            try await Task.sleep(for: interval)
        }
        throw LockWaitExpired()
    }

    /// Deletes `id`'s row and answers whether this statement deleted it: of several requests deleting one row at once,
    /// exactly one gets true (and logs the change); the others find it gone. Reading the row, then deleting it, let
    /// each of them log a removal that happened once.
    func deleteOnce<M: Model>(_ model: M.Type, id: UUID) async throws -> Bool {
        guard let sql = self as? any SQLDatabase else { throw AppError.conflict(messageKey: "error.concurrent_change") }
        return try await !sql.delete(from: M.schema).where("id", .equal, id).returning("id").all().isEmpty
    }

    /// Locks many rows in one statement, in id order, so two transactions locking overlapping sets cannot deadlock.
    func lockForUpdate<M: Model>(_ model: M.Type, ids: [UUID]) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql", !ids.isEmpty else { return }
        for chunk in Array(Set(ids)).sorted(by: { $0.uuidString < $1.uuidString }).chunked(500) {
            _ = try await sql.select().column("id").from(M.schema).where("id", .in, Array(chunk)).orderBy("id").for(.update).all()
        }
    }

    /// Lets this transaction wait for locks as long as it takes (PostgreSQL: `SET LOCAL lock_timeout = 0`): for bulk jobs
    /// (a statement import, a reminder chunk, a renewal batch), which run on their own task, not under a client's
    /// timeout, and wait for each other's minutes-long transactions. Every other wait is bounded by the connection's
    /// `lock_timeout` (`AppConfig.lockWaitSeconds`). Call it first in the transaction.
    func waitForLocksUnbounded() async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SET LOCAL lock_timeout = 0").run()
    }

    /// Makes writers of something that has no row to lock yet (a set of rows where none may be doubled) take turns:
    /// on PostgreSQL a transaction-level advisory lock on `key`, held until this transaction ends; on SQLite every write
    /// transaction is already exclusive. Each caller names its own constant `key`.
    func lockAdvisory(_ key: Int64) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: key))").run()
    }
}

/// PostgreSQL's `FOR KEY SHARE SKIP LOCKED`, which SQLKit's locking clauses do not name.
private struct KeyShareSkipLocked: SQLExpression {
    func serialize(to serializer: inout SQLSerializer) { serializer.write("FOR KEY SHARE SKIP LOCKED") }
}

/// PostgreSQL's `FOR NO KEY UPDATE`, which SQLKit's locking clauses do not name.
private struct NoKeyUpdate: SQLExpression {
    func serialize(to serializer: inout SQLSerializer) { serializer.write("FOR NO KEY UPDATE") }
}

import FluentKit
import Foundation
import SQLKit

extension Database {
    /// Makes concurrent writers of one aggregate (an organization's default address, a user's newsletter topics)
    /// take turns: on PostgreSQL the row stays locked until this transaction ends; on SQLite every write transaction
    /// is already exclusive (`SQLiteWriteTransactions`), and the dialect leaves the clause out.
    func lockForUpdate<M: Model>(_ model: M.Type, id: UUID) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        _ = try await sql.select().column("id").from(M.schema).where("id", .equal, id).for(.update).all()
    }

    /// Locks many rows in one statement, in id order, so two transactions locking overlapping sets cannot deadlock.
    func lockForUpdate<M: Model>(_ model: M.Type, ids: [UUID]) async throws {
        guard let sql = self as? any SQLDatabase, !ids.isEmpty else { return }
        for chunk in Array(Set(ids)).sorted(by: { $0.uuidString < $1.uuidString }).chunked(500) {
            _ = try await sql.select().column("id").from(M.schema).where("id", .in, Array(chunk)).orderBy("id").for(.update).all()
        }
    }

    /// Makes writers of something that has no row to lock yet (a set of rows where none may be doubled) take turns:
    /// on PostgreSQL a transaction-level advisory lock on `key`, held until this transaction ends; on SQLite every write
    /// transaction is already exclusive. Each caller names its own constant `key`.
    func lockAdvisory(_ key: Int64) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: key))").run()
    }
}

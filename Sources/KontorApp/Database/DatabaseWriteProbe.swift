import FluentKit
import Foundation
import SQLKit

/// Whether the database still takes writes, found with one real write: a read (`SELECT 1`) succeeds on a read-only
/// SQLite file, a file on a file system remounted read-only and a PostgreSQL standby, while every sign-in writes.
///
/// `/health` is polled by load balancers and benchmarked under load, so the answer is kept for `interval` and shared:
/// however many requests arrive, each server writes at most once per interval, and concurrent checks wait for the one
/// write in progress instead of queueing their own behind the write lock.
actor DatabaseWriteProbe {
    /// Two seconds: a failing disk shows within one load-balancer poll, a busy server writes one small row per interval.
    static let interval: TimeInterval = 2
    /// The row the probe rewrites in `job_leases`; no job has this name, so it never holds a lease.
    static let rowName = "health-write-probe"

    private var last: (checkedAt: Date, canWrite: Bool)?
    private var running: Task<Bool, Never>?

    /// The latest answer if it is younger than `interval`, otherwise a fresh one.
    func canWrite(on database: any Database, now: Date) async -> Bool {
        if let last, now >= last.checkedAt, now.timeIntervalSince(last.checkedAt) < Self.interval { return last.canWrite }
        if let running { return await running.value }
        let probe = Task { await Self.write(on: database, now: now) }
        running = probe
        let canWrite = await probe.value
        last = (now, canWrite)
        running = nil
        return canWrite
    }

    /// Rewrites the probe row in a write transaction (on SQLite it takes this server's writer turn like any other).
    private static func write(on database: any Database, now: Date) async -> Bool {
        do {
            try await database.transaction { transaction in
                try await (transaction as! any SQLDatabase).raw("""
                    INSERT INTO job_leases (name, holder, expires_at) VALUES (\(bind: rowName), 'health', \(bind: Int64(now.timeIntervalSince1970)))
                    ON CONFLICT (name) DO UPDATE SET expires_at = excluded.expires_at
                    """).run()
            }
            return true
        } catch {
            database.logger.warning("The database refused the health check's write: \(String(reflecting: error))")
            return false
        }
    }
}

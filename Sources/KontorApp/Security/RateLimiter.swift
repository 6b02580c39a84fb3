import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Counts events per key in a fixed window, in the database so every server shares the count.
///
/// The increment and the read are one `INSERT … ON CONFLICT … RETURNING` statement (SQLite ≥ 3.35 and
/// PostgreSQL), so parallel attempts each get their own count and the limit holds under concurrency.
struct RateLimiter: Sendable {
    let database: any Database
    let now: @Sendable () -> Date

    enum Decision: Equatable {
        case allowed
        case limited(retryAfterSeconds: Int)
    }

    /// Counts one event for `key` and says whether it is within `limit`.
    func hit(_ key: String, limit: RateLimit) async throws -> Decision {
        let sql = database as! any SQLDatabase
        let nowSeconds = Int64(now().timeIntervalSince1970)
        let staleBefore = nowSeconds - Int64(limit.windowSeconds)
        let row = try await sql.raw("""
            INSERT INTO rate_limit_counters (key, window_start, count) VALUES (\(bind: key), \(bind: nowSeconds), 1)
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN rate_limit_counters.window_start <= \(bind: staleBefore) THEN 1 ELSE rate_limit_counters.count + 1 END,
              window_start = CASE WHEN rate_limit_counters.window_start <= \(bind: staleBefore) THEN \(bind: nowSeconds) ELSE rate_limit_counters.window_start END
            RETURNING count, window_start
            """).first()
        let count = try row?.decode(column: "count", as: Int64.self) ?? 1
        let windowStart = try row?.decode(column: "window_start", as: Int64.self) ?? nowSeconds
        if count <= Int64(limit.limit) { return .allowed }
        return .limited(retryAfterSeconds: max(1, Int(windowStart + Int64(limit.windowSeconds) - nowSeconds)))
    }

    /// One attempt under a progressive delay: refused, without being counted, while the wait since the last counted
    /// attempt is not over; otherwise counted. Returns the decision and how many attempts the window now holds.
    func attempt(_ key: String, delay policy: ProgressiveDelay) async throws -> (decision: Decision, attempts: Int) {
        let sql = database as! any SQLDatabase
        let nowSeconds = Int64(now().timeIntervalSince1970)
        let staleBefore = nowSeconds - Int64(policy.windowSeconds)
        if let row = try await sql.raw("""
            SELECT count, last_at FROM rate_limit_counters WHERE key = \(bind: key) AND window_start > \(bind: staleBefore)
            """).first() {
            let count = Int(try row.decode(column: "count", as: Int64.self))
            let last = try row.decode(column: "last_at", as: Int64?.self) ?? nowSeconds
            let wait = Int64(policy.delaySeconds(afterAttempts: count)) - (nowSeconds - last)
            if wait > 0 { return (.limited(retryAfterSeconds: Int(wait)), count) }
        }
        let row = try await sql.raw("""
            INSERT INTO rate_limit_counters (key, window_start, count, last_at) VALUES (\(bind: key), \(bind: nowSeconds), 1, \(bind: nowSeconds))
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN rate_limit_counters.window_start <= \(bind: staleBefore) THEN 1 ELSE rate_limit_counters.count + 1 END,
              window_start = CASE WHEN rate_limit_counters.window_start <= \(bind: staleBefore) THEN \(bind: nowSeconds) ELSE rate_limit_counters.window_start END,
              last_at = \(bind: nowSeconds)
            RETURNING count
            """).first()
        return (.allowed, Int(try row?.decode(column: "count", as: Int64.self) ?? 1))
    }

    /// How many events `key` has in its current window, without counting one.
    func count(_ key: String, limit: RateLimit) async throws -> Int {
        let sql = database as! any SQLDatabase
        let staleBefore = Int64(now().timeIntervalSince1970) - Int64(limit.windowSeconds)
        let row = try await sql.raw("SELECT count FROM rate_limit_counters WHERE key = \(bind: key) AND window_start > \(bind: staleBefore)").first()
        return Int(try row?.decode(column: "count", as: Int64.self) ?? 0)
    }

    /// Forgets `key`, e.g. after a successful sign-in ends a run of failures.
    func reset(_ key: String) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DELETE FROM rate_limit_counters WHERE key = \(bind: key)").run()
    }
}

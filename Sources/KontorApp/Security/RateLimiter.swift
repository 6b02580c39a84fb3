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
        try await counted(key, limit: limit).decision
    }

    /// `hit`, with the count this event made: which one of the window it is, for whoever acts on one count exactly.
    func counted(_ key: String, limit: RateLimit) async throws -> (decision: Decision, count: Int) {
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
        if count <= Int64(limit.limit) { return (.allowed, Int(count)) }
        return (.limited(retryAfterSeconds: max(1, Int(windowStart + Int64(limit.windowSeconds) - nowSeconds))), Int(count))
    }

    /// One attempt under a progressive delay: refused, without being counted, while the wait since the last counted
    /// attempt is not over; otherwise counted. Returns the decision and how many attempts the window now holds.
    ///
    /// The count is taken only over the row as it was read (compare-and-set): requests arriving together once read the
    /// same count and were all let through, each one a password guess the delay should have stopped. Now one of them
    /// counts, and the others read again — and find the delay on.
    func attempt(_ key: String, delay policy: ProgressiveDelay) async throws -> (decision: Decision, attempts: Int) {
        let sql = database as! any SQLDatabase
        let nowSeconds = Int64(now().timeIntervalSince1970)
        let staleBefore = nowSeconds - Int64(policy.windowSeconds)
        // While the window holds fewer than the free attempts there is no wait to compare against, so the count is
        // one statement, as `hit` counts: a burst of free attempts used to race on the compare-and-set below, and an
        // attempt that lost eight times was refused though it was within the free ones.
        let free = try await sql.raw("""
            INSERT INTO rate_limit_counters (key, window_start, count, last_at) VALUES (\(bind: key), \(bind: nowSeconds), 1, \(bind: nowSeconds))
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN rate_limit_counters.window_start <= \(bind: staleBefore) THEN 1 ELSE rate_limit_counters.count + 1 END,
              window_start = CASE WHEN rate_limit_counters.window_start <= \(bind: staleBefore) THEN \(bind: nowSeconds) ELSE rate_limit_counters.window_start END,
              last_at = \(bind: nowSeconds)
            WHERE rate_limit_counters.window_start <= \(bind: staleBefore) OR rate_limit_counters.count < \(bind: Int64(policy.freeAttempts))
            RETURNING count
            """).first()
        if let free { return (.allowed, Int(try free.decode(column: "count", as: Int64.self))) }
        // Past the free attempts: each one must see the wait since the last counted one, so the row is read first.
        for _ in 0..<8 {
            guard let row = try await sql.raw("""
                SELECT count, window_start, last_at FROM rate_limit_counters WHERE key = \(bind: key)
                """).first() else {
                let inserted = try await sql.raw("""
                    INSERT INTO rate_limit_counters (key, window_start, count, last_at) VALUES (\(bind: key), \(bind: nowSeconds), 1, \(bind: nowSeconds))
                    ON CONFLICT (key) DO NOTHING RETURNING count
                    """).first()
                if inserted != nil { return (.allowed, 1) }
                continue   // another request counted first: read its row
            }
            let count = try row.decode(column: "count", as: Int64.self)
            let windowStart = try row.decode(column: "window_start", as: Int64.self)
            let last = try row.decode(column: "last_at", as: Int64?.self)
            let isStale = windowStart <= staleBefore
            if !isStale {
                let wait = Int64(policy.delaySeconds(afterAttempts: Int(count))) - (nowSeconds - (last ?? nowSeconds))
                if wait > 0 { return (.limited(retryAfterSeconds: Int(wait)), Int(count)) }
            }
            let lastMatches: SQLQueryString = last.map { "last_at = \(bind: $0)" } ?? "last_at IS NULL"
            let counted = try await sql.raw("""
                UPDATE rate_limit_counters SET count = \(bind: isStale ? 1 : count + 1), window_start = \(bind: isStale ? nowSeconds : windowStart),
                last_at = \(bind: nowSeconds)
                WHERE key = \(bind: key) AND count = \(bind: count) AND window_start = \(bind: windowStart) AND \(lastMatches) RETURNING count
                """).first()
            if let counted { return (.allowed, Int(try counted.decode(column: "count", as: Int64.self))) }
        }
        // Eight times another request counted in between: this one waits like any attempt during a burst.
        return (.limited(retryAfterSeconds: 1), 0)
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

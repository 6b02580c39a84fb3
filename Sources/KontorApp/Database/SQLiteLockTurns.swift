import Foundation
import NIOConcurrencyHelpers

/// Lets other processes write between a long job's SQLite write transactions (`kontor products renew` beside a
/// serving server).
///
/// SQLite has one write lock for the whole file. A server's write that finds it taken waits in SQLite's busy handler,
/// which tries again after 1, 2, 5 … ms and, once it has waited a quarter of a second, every 100 ms
/// (`sqliteDefaultBusyCallback`), up to the busy timeout (`SQLiteWriteTransactions.busyTimeoutMilliseconds`, 10 s).
/// A job that commits one transaction and begins the next within a millisecond leaves the lock free for far less than
/// those 100 ms, so the waiting write almost never finds it free: it waited for the whole run, or its 10 s and then
/// answered 503 `busy` — customers saw up to 27 s. (A server's own writes queue beside its own jobs in memory,
/// `WriterQueue`, and are not concerned.)
///
/// So after each of its write transactions the job asks for a turn: once it has held the lock for `holding` since it
/// last let go, it leaves the lock free for `pause` — longer than the busy handler's longest sleep, so every write
/// waiting by then gets in (and holds the lock while the job, in its turn, waits for it). A page's write then waits at
/// most about `holding` plus one transaction of the job; the job spends `pause ÷ (holding + pause)` of its time waiting
/// (1.5 s and 0.12 s: a page's write waits under two seconds at worst instead of the whole run, and the run takes about
/// 7 % longer; docs/benchmarks.md, 5 December 2026, evening).
final class SQLiteLockTurns: Sendable {
    /// Longer than the busy handler's 100 ms between tries, with room for a thread woken late.
    static let standardPause: TimeInterval = 0.12
    static let standardHolding: TimeInterval = 1.5

    let holding: TimeInterval
    let pause: TimeInterval
    private let since = NIOLockedValueBox(Date())

    init(holding: TimeInterval = standardHolding, pause: TimeInterval = standardPause) {
        self.holding = holding
        self.pause = pause
    }

    /// After a write transaction: pauses when the job has held the lock long enough since it last did.
    func turn() async {
        let now = Date()
        guard now.timeIntervalSince(since.withLockedValue { $0 }) >= holding else { return }
        try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
        since.withLockedValue { $0 = Date() }
    }
}

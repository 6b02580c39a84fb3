import AsyncKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// A wait for another transaction's lock that outlasted `AppConfig.lockWaitSeconds`: answered 503 busy like
/// PostgreSQL's own `lock_timeout`, before the client gives up, and with nothing written.
struct LockWaitExpired: Error {}

/// A database error that means "someone else changed the same thing at the same moment", as opposed to a bug.
///
/// Operations that two clients can race on are written to be idempotent or to lock what they change
/// (`Database.lockForUpdate`); what still collides — two sign-ups for one address, a row deleted while another
/// request pointed to it — reaches a unique or foreign-key constraint and is answered 409 with a sentence that says
/// to look again, never 500. A writer that waited its full busy timeout on SQLite, or lost a deadlock on PostgreSQL,
/// is answered 503 with Retry-After: trying again will work.
enum ConcurrentChange: Equatable {
    case conflict
    case busy

    init?(_ error: any Error) {
        if error is ConnectionPoolTimeoutError || error is LockWaitExpired {
            // Every connection stayed busy for the whole pool timeout: a write burst; trying again will work.
            self = .busy
        } else if let error = error as? SQLiteError {
            switch error.reason {
            case .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintForeignKeyFailed: self = .conflict
            case .busy, .locked, .busyTimeout, .busyInSnapshot, .busyInRecovery, .lockedBySharedCache: self = .busy
            default: return nil
            }
        } else if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            switch state {
            case "23505", "23503": self = .conflict   // unique_violation, foreign_key_violation
            case "40001", "40P01", "55P03": self = .busy   // serialization_failure, deadlock_detected, lock_not_available
            default: return nil
            }
        } else {
            return nil
        }
    }

    /// Runs `body` again once when it lost a unique-key race: two copies of one request (a double click) inserting
    /// the same new thing, where the copy that ran second on PostgreSQL waited for the first and met its row. Run
    /// again, `body` reads that row as any later request would and answers accordingly (the thing exists, or is the
    /// same one). Only for a `body` that checks for the row before inserting it.
    static func retryingOnce<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error where ConcurrentChange(error) == .conflict {
            return try await body()
        }
    }
}

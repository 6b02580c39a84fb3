import Fluent
import SQLKit

/// The bulk billing jobs — a statement import, a chunk of the renewal run, a chunk of the reminder run — take turns
/// across every server of one PostgreSQL database, and requests that lock several organizations wait for them.
///
/// A bulk job locks many organizations in one transaction: the renewal and reminder chunks in id order, an import
/// batch by batch for as long as the whole file takes (a later batch's organizations can sort before an earlier
/// one's). Two such transactions at once could each hold an organization the other waits for, and PostgreSQL would end
/// one as a deadlock (the import then rolls the whole file back). So the bulk jobs take this lock exclusively before
/// any row lock, and a request that locks several organizations (a product moved between two, an account closed, a
/// payment staff assign while an import may hold it) takes it shared first: it waits for a bulk job, never holds
/// something one waits for, and does not wait for another request. Requests that lock one organization do not take it.
/// SQLite already runs one writer at a time: nothing is asked there.
enum BulkBillingLock {
    /// `pg_advisory_xact_lock`'s key: "Kontor", billing, bulk.
    static let key: Int64 = 0x4B6F_6E74_6F72_0B50

    /// Waits for any other bulk job's or multi-organization request's transaction to end; held until this one ends.
    static func take(on db: any Database) async throws {
        // Only bulk jobs take it exclusively; they wait for each other as long as it takes.
        try await db.waitForLocksUnbounded()
        try await db.lockAdvisory(key)
    }

    /// Takes it if free now; false when a bulk job or a request holds it. For a job inside the server's issuing queue,
    /// which must not wait there for an import to finish: everything else that issues invoices on the server would wait
    /// behind it (see `waitUntilFree`).
    static func tryTake(on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return true }
        struct Row: Decodable { let taken: Bool }
        return try await sql.raw("SELECT pg_try_advisory_xact_lock(\(bind: key)) AS taken").first(decoding: Row.self)?.taken ?? false
    }

    /// Waits, in a transaction of its own that ends at once, until no bulk job holds the lock: called outside the
    /// issuing queue before `tryTake` inside it.
    static func waitUntilFree(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await db.transaction { db in
            try await db.waitForLocksUnbounded()
            try await (db as! any SQLDatabase).raw("SELECT pg_advisory_xact_lock_shared(\(bind: key))").run()
        }
    }

    /// For a request that locks several organizations: waits for a running bulk job, held shared until this
    /// transaction ends (requests do not wait for each other).
    static func takeShared(on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock_shared(\(bind: key))").run()
    }
}

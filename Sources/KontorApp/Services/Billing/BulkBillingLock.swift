import Fluent

/// The bulk billing jobs — a statement import, a chunk of the renewal run, a chunk of the reminder run — take turns
/// across every server of one PostgreSQL database.
///
/// Each locks many organizations in one transaction: the renewal and reminder chunks in id order, an import batch by
/// batch for as long as the whole file takes (a later batch's organizations can sort before an earlier one's). Two of
/// them at once could each hold an organization the other waits for, and PostgreSQL would end one as a deadlock
/// (the import then rolls the whole file back). With this lock taken first, before any row lock, they wait for each
/// other instead; requests of customers and staff lock one organization at a time and do not take it. SQLite already
/// runs one writer at a time.
enum BulkBillingLock {
    /// `pg_advisory_xact_lock`'s key: "Kontor", billing, bulk.
    static let key: Int64 = 0x4B6F_6E74_6F72_0B50

    /// Waits for any other bulk billing job's transaction to end; held until this transaction ends.
    static func take(on db: any Database) async throws {
        try await db.lockAdvisory(key)
    }
}

import Fluent

/// One statement import at a time, across every server of one database.
///
/// An import compares its payments with those the other kind of file recorded (`StatementOverlap`): two imports
/// running at once — a bank connector posting the day's camt.053 and camt.054 together — each see nothing of the
/// other's uncommitted payments, and the same booking is credited twice. On PostgreSQL each import therefore takes a
/// transaction-level advisory lock before its first batch, held until it commits or rolls back. One lock for all
/// accounts, not one per account: the two kinds of file may name one account differently (QR-IBAN, IBAN, the bank's
/// own number), and imports are rare enough to wait for each other. SQLite already runs one writer at a time.
enum StatementImportLock {
    /// `pg_advisory_xact_lock`'s key: "Kontor" and the bank import, so no other lock of the database shares it.
    static let key: Int64 = 0x4B6F_6E74_6F72_0B41

    /// Waits for any other import to finish; inside the import's transaction. Another `key` serializes another step
    /// of the bank import across servers the same way (`StatementImportJobs.registrationLockKey`).
    static func take(_ key: Int64 = key, on db: any Database) async throws {
        try await db.lockAdvisory(key)
    }
}

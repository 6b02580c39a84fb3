import Fluent
import SQLKit

/// How far the imported bank statements reach: the latest day any imported file reports payments up to
/// (`StatementCoverage`). Reminders run only while it is recent, and say "payments received up to <it> are counted".
enum StatementFreshness {
    /// nil when no imported file tells a day (or nothing was imported).
    static func paymentsCountedUntil(on db: any Database) async throws -> String? {
        struct Last: Decodable { let last: String? }
        return try await (db as! any SQLDatabase).raw("SELECT MAX(covers_until) AS last FROM bank_statement_imports")
            .first(decoding: Last.self)?.last
    }
}

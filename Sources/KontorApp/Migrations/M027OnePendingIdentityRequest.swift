import Fluent
import Foundation
import SQLKit

/// At most one pending identity check per account, held by the database: two submissions at the same moment
/// cannot both pass the "already pending?" check. A partial unique index, understood by SQLite and PostgreSQL alike.
/// Accounts that already have several pending requests (the race this closes) keep the newest; the older ones are
/// closed as superseded so the index can be built.
struct M027OnePendingIdentityRequest: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            UPDATE identity_requests SET status = 'rejected', decided_at = \(bind: Date()), reason = 'Superseded by a newer request.'
            WHERE status = 'pending' AND EXISTS (
              SELECT 1 FROM identity_requests newer WHERE newer.user_id = identity_requests.user_id AND newer.status = 'pending'
              AND (newer.created_at > identity_requests.created_at OR (newer.created_at = identity_requests.created_at AND newer.id > identity_requests.id)))
            """).run()
        try await sql.raw("CREATE UNIQUE INDEX identity_requests_one_pending ON identity_requests (user_id) WHERE status = 'pending'").run()
    }
    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX identity_requests_one_pending").run()
    }
}

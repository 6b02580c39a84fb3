import Fluent
import SQLKit

/// At most one pending identity check per account, held by the database: two submissions at the same moment
/// cannot both pass the "already pending?" check. A partial unique index, understood by SQLite and PostgreSQL alike.
struct M027OnePendingIdentityRequest: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE UNIQUE INDEX identity_requests_one_pending ON identity_requests (user_id) WHERE status = 'pending'").run()
    }
    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX identity_requests_one_pending").run()
    }
}

import Fluent
import SQLKit

/// One Premium Support per organization counts only products not deleted. A product the renewal run deleted (its
/// state, kept for the records) held the unique index for ever, so the organization could never order Premium
/// Support again.
struct M059PremiumSupportAfterDeletion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX products_one_premium_support").run()
        try await sql.raw("""
            CREATE UNIQUE INDEX products_one_premium_support ON products (organization_id)
            WHERE kind = 'premium_support' AND status <> 'deleted'
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX products_one_premium_support").run()
        try await sql.raw("CREATE UNIQUE INDEX products_one_premium_support ON products (organization_id) WHERE kind = 'premium_support'").run()
    }
}

import Fluent

/// When a counter last counted: the per-account sign-in delay waits from the last attempt, not from the window start.
struct M030AddRateLimitLastAttempt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_limit_counters").field("last_at", .int64).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("rate_limit_counters").deleteField("last_at").update()
    }
}

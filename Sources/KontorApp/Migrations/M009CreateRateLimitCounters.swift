import Fluent

/// Counters shared by every server (the limiter lives in the database, ASVS 2.4.1). Times are Unix seconds.
struct M009CreateRateLimitCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_limit_counters")
            .field("key", .string, .required).field("window_start", .int64, .required).field("count", .int64, .required)
            .unique(on: "key").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("rate_limit_counters").delete() }
}

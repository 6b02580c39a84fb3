import Fluent

/// One row per recurring job: the server holding an unexpired lease runs it, so two servers never run it twice.
struct M013CreateJobLeases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .required).field("holder", .string, .required).field("expires_at", .int64, .required)
            .unique(on: "name").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("job_leases").delete() }
}

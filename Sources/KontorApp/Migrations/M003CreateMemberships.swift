import Fluent

struct M003CreateMemberships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("memberships").id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required).field("created_at", .datetime, .required)
            .unique(on: "organization_id", "user_id").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("memberships").delete() }
}

import Fluent

struct M012CreateSecurityEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("security_events").id()
            .field("user_id", .uuid).field("staff_member_id", .uuid).field("organization_id", .uuid)
            .field("kind", .string, .required).field("ip_address", .string, .required)
            .field("user_agent", .string, .required).field("detail", .string, .required)
            .field("created_at", .datetime, .required).create()
    }
    func revert(on database: any Database) async throws { try await database.schema("security_events").delete() }
}

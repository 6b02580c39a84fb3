import Fluent

struct M005CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions").id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("staff_member_id", .uuid, .references("staff_members", "id", onDelete: .cascade))
            .field("current_organization_id", .uuid)
            .field("csrf_token", .string, .required).field("channel", .string, .required)
            .field("created_at", .datetime, .required).field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("ip_address", .string, .required).field("user_agent", .string, .required)
            .unique(on: "token_hash").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sessions").delete() }
}

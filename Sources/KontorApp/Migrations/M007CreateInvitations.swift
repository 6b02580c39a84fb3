import Fluent

struct M007CreateInvitations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invitations").id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("email", .string, .required).field("role", .string, .required)
            .field("token_hash", .string, .required)
            .field("invited_by_user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required).field("expires_at", .datetime, .required)
            .field("accepted_at", .datetime).field("revoked_at", .datetime)
            .unique(on: "token_hash").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("invitations").delete() }
}

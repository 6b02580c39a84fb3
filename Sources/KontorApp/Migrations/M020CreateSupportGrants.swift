import Fluent

struct M020CreateSupportGrants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("support_grants").id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("granted_by_user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("can_change", .bool, .required).field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required).field("revoked_at", .datetime).create()
    }
    func revert(on database: any Database) async throws { try await database.schema("support_grants").delete() }
}

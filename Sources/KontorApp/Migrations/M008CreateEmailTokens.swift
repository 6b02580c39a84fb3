import Fluent

struct M008CreateEmailTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("email_tokens").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("purpose", .string, .required).field("token_hash", .string, .required)
            .field("created_at", .datetime, .required).field("expires_at", .datetime, .required)
            .field("used_at", .datetime).field("pending_name", .string).field("pending_language", .string)
            .field("pending_password_hash", .string)
            .unique(on: "token_hash").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("email_tokens").delete() }
}

import Fluent

struct M017AddRecoveryEmail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("recovery_email", .string).update()
        try await database.schema("email_tokens").field("pending_email", .string).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("email_tokens").deleteField("pending_email").update()
        try await database.schema("users").deleteField("recovery_email").update()
    }
}

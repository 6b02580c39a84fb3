import Fluent

struct M001CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").id()
            .field("name", .string, .required).field("email", .string, .required)
            .field("email_verified_at", .datetime).field("password_hash", .string, .required)
            .field("language", .string, .required).field("support_code", .string, .required)
            .field("created_at", .datetime, .required).field("disabled_at", .datetime)
            .unique(on: "email").unique(on: "support_code").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("users").delete() }
}

import Fluent

struct M004CreateStaffMembers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staff_members").id()
            .field("name", .string, .required).field("email", .string, .required)
            .field("password_hash", .string, .required).field("role", .string, .required)
            .field("created_at", .datetime, .required).field("disabled_at", .datetime)
            .unique(on: "email").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("staff_members").delete() }
}

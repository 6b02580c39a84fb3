import Fluent
import SQLKit

struct M016CreateSecondFactors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("second_factors").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required).field("secret_sealed", .string, .required)
            .field("last_used_step", .int64).field("created_at", .datetime, .required).field("confirmed_at", .datetime)
            .unique(on: "user_id", "kind").create()
        try await database.schema("backup_codes").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("code_hash", .string, .required).field("used_at", .datetime).field("created_at", .datetime, .required)
            .unique(on: "user_id", "code_hash").create()
        // One column per ALTER: SQLite cannot add two in one statement.
        try await database.schema("sessions").field("second_factor_pending", .bool, .required, .sql(.default(false))).update()
        try await database.schema("sessions").field("second_factor_at", .datetime).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("sessions").deleteField("second_factor_at").update()
        try await database.schema("sessions").deleteField("second_factor_pending").update()
        try await database.schema("backup_codes").delete()
        try await database.schema("second_factors").delete()
    }
}

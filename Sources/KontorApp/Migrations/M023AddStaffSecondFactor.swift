import Fluent
import SQLKit

/// Staff accounts must use an authenticator app: its sealed secret, when it was confirmed, the last step used.
struct M023AddStaffSecondFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per ALTER: SQLite cannot add two in one statement.
        try await database.schema("staff_members").field("totp_secret_sealed", .string).update()
        try await database.schema("staff_members").field("totp_confirmed_at", .datetime).update()
        try await database.schema("staff_members").field("totp_last_step", .int64).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("staff_members").deleteField("totp_last_step").update()
        try await database.schema("staff_members").deleteField("totp_confirmed_at").update()
        try await database.schema("staff_members").deleteField("totp_secret_sealed").update()
    }
}

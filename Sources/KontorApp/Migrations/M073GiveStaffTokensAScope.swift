import Fluent
import SQLKit

/// `staff_api_tokens.scope`: the role a staff API token was made with, so a later promotion of its member never widens
/// it (`RequireStaffToken` takes the lesser of scope and role). Tokens made before get their member's role at the
/// upgrade: what they could do the moment before, and no more from then on.
struct M073GiveStaffTokensAScope: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Added without NOT NULL (SQLite cannot add a required column without a default), then filled for every row.
        try await database.schema("staff_api_tokens").field("scope", .string).update()
        try await Self.giveScopes(on: database as! any SQLDatabase)
    }

    /// Every token without a scope gets its member's role.
    static func giveScopes(on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE staff_api_tokens SET scope = (SELECT role FROM staff_members WHERE staff_members.id = staff_api_tokens.staff_member_id)
            WHERE scope IS NULL
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("staff_api_tokens").deleteField("scope").update()
    }
}

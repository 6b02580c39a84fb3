import Fluent
import SQLKit

/// `staff_members.must_change_password`: set when an administrator chose the password (creating the member), cleared
/// when the member chooses their own on `/staff/password`. Members from before the upgrade are not asked: whether
/// they replaced their first password is unknown, and the password page has always told them to.
struct M074RequireOwnStaffPassword: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staff_members").field("must_change_password", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("staff_members").deleteField("must_change_password").update()
    }
}

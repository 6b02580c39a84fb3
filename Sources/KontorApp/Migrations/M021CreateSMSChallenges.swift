import Fluent
import SQLKit

/// SMS codes in flight. A phone factor itself is a `second_factors` row of kind `sms` whose sealed secret is
/// the phone number.
struct M021CreateSMSChallenges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sms_challenges").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            // The sign-in attempt (pending session) or phone enrolment the code belongs to: one code per attempt.
            .field("attempt_id", .string, .required).field("purpose", .string, .required)
            .field("code_hash", .string, .required).field("issued_at", .datetime, .required)
            .field("failures", .int, .required, .sql(.default(0))).field("sends", .int, .required, .sql(.default(1)))
            .unique(on: "attempt_id").create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sms_challenges").delete() }
}

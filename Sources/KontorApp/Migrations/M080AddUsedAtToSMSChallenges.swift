import Fluent

/// `sms_challenges.used_at`: a right code is marked used instead of deleted, so a second request with the same code
/// (the form sent twice, a second tab) finds it used — the attempt went on in the other request — rather than gone,
/// which read as "code expired" and logged a wrong code. Used codes go with the dead ones (`Housekeeping`).
struct M080AddUsedAtToSMSChallenges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sms_challenges").field("used_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sms_challenges").deleteField("used_at").update()
    }
}

import Fluent

/// `second_factors.enrolment_session_id`: the session an authenticator app is being set up in. Its secret was shown to
/// every session of the account until one confirmed it, so a stolen session that opened the setup page knew the app
/// the owner later turned on (security probe round 6). Now another session gets a secret of its own.
struct M085AddEnrolmentSessionToSecondFactors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("second_factors").field("enrolment_session_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("second_factors").deleteField("enrolment_session_id").update()
    }
}

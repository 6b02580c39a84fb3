import Fluent

/// `renewed_session_tokens`: the hash of a session token `SessionRotation` replaced, and when. It opens nothing; it
/// only lets a copy of the same form that arrives after the first copy renewed the session (a double click, a browser
/// sending again) be told "sent twice, the first went through" rather than "this form has expired", which had left
/// people believing a password change or new backup codes had not happened. Forgotten after a day (`Housekeeping`).
struct M091CreateRenewedSessionTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("renewed_session_tokens")
            .field("token_hash", .string, .identifier(auto: false))
            .field("renewed_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("renewed_session_tokens").delete()
    }
}

import Fluent

/// `users.time_zone`: the zone a customer reads times in (`TimeZoneChoice`); NULL for the provider's (`KONTOR_TIME_ZONE`).
struct M060AddTimeZoneToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("time_zone", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("time_zone").update()
    }
}

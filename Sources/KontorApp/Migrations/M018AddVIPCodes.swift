import Fluent

/// Premium Support, until it becomes a product: staff switch it on for an organization, which gets a VIP code.
struct M018AddVIPCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organizations").field("vip_code", .string).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("organizations").deleteField("vip_code").update()
    }
}

import Fluent

/// Organizations staff allow to pay later: their orders start at once, before the invoice is paid.
struct M041AddOrganizationPayLater: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organizations").field("pay_later", .bool, .required, .sql(.default(false))).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("organizations").deleteField("pay_later").update()
    }
}

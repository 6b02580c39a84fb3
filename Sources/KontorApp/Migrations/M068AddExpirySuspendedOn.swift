import Fluent

/// `products.expiry_suspended_on`: the day the renewal run suspended a product for expiry, so its retention days count
/// from then rather than from expiry + grace (a product held meanwhile, by a suspension for an unpaid invoice, was
/// deleted the day after). Products suspended before keep the old count (NULL).
struct M068AddExpirySuspendedOn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("products").field("expiry_suspended_on", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("products").deleteField("expiry_suspended_on").update()
    }
}

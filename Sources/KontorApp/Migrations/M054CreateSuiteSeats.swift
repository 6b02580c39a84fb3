import Fluent

/// The members holding a seat of a kSuite; one seat per person and suite, held by the database.
struct M054CreateSuiteSeats: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("suite_seats").id()
            .field("product_id", .uuid, .required, .references("products", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("assigned_by_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "product_id", "user_id", name: "suite_seats_unique")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("suite_seats").delete() }
}

import Fluent

/// A site's environment variables. A secret's value is sealed (`sealed_value`) and never leaves Kontor again; the
/// others are stored as typed. `version` counts changes, so two people editing one variable at once learn it (409).
struct M046CreateSiteEnvironmentVariables: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("site_environment_variables").id()
            .field("site_id", .uuid, .required, .references("hosting_sites", "id", onDelete: .cascade))
            .field("name", .string, .required).field("value", .string).field("sealed_value", .string)
            .field("is_secret", .bool, .required).field("version", .int, .required)
            .field("created_at", .datetime, .required).field("updated_at", .datetime, .required)
            // Held by the database: two servers adding the same name at once keep one.
            .unique(on: "site_id", "name", name: "site_environment_variables_name")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("site_environment_variables").delete() }
}

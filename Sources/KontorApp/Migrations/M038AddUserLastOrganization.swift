import Fluent

/// The organization a customer used last, so the next sign-in lands there (issue 11 §1).
struct M038AddUserLastOrganization: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("last_organization_id", .uuid).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("last_organization_id").update()
    }
}

import Fluent

struct M014CreateHelpArticles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("help_articles").id()
            .field("slug", .string, .required).field("language", .string, .required)
            .field("kind", .string, .required).field("status", .string, .required).field("category", .string, .required)
            .field("title", .string, .required).field("summary", .string, .required).field("body", .string, .required)
            .field("tags", .string, .required).field("related", .string, .required).field("contexts", .string, .required)
            .field("revision", .int, .required).field("view_count", .int, .required)
            .field("helpful_count", .int, .required).field("unhelpful_count", .int, .required)
            .field("created_at", .datetime, .required).field("updated_at", .datetime, .required)
            .field("published_at", .datetime)
            .unique(on: "slug", "language").create()
        try await database.schema("help_article_revisions").id()
            .field("article_id", .uuid, .required, .references("help_articles", "id", onDelete: .cascade))
            .field("number", .int, .required).field("title", .string, .required).field("summary", .string, .required)
            .field("body", .string, .required).field("status", .string, .required).field("staff_member_id", .uuid)
            .field("author_name", .string, .required).field("note", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "article_id", "number").create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("help_article_revisions").delete()
        try await database.schema("help_articles").delete()
    }
}

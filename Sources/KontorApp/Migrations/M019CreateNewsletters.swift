import Fluent

struct M019CreateNewsletters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("newsletter_topics").id()
            .field("slug", .string, .required).field("created_at", .datetime, .required).unique(on: "slug").create()
        try await database.schema("newsletter_topic_names").id()
            .field("topic_id", .uuid, .required, .references("newsletter_topics", "id", onDelete: .cascade))
            .field("language", .string, .required).field("name", .string, .required).field("description", .string, .required)
            .unique(on: "topic_id", "language").create()
        try await database.schema("newsletter_subscriptions").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("topic_id", .uuid, .required, .references("newsletter_topics", "id", onDelete: .cascade))
            .field("created_at", .datetime, .required).unique(on: "user_id", "topic_id").create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("newsletter_subscriptions").delete()
        try await database.schema("newsletter_topic_names").delete()
        try await database.schema("newsletter_topics").delete()
    }
}

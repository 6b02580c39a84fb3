import Fluent

struct M015CreateHelpFeedbackAndSearchLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("help_feedback").id()
            .field("article_id", .uuid, .required, .references("help_articles", "id", onDelete: .cascade))
            .field("is_helpful", .bool, .required).field("comment", .string, .required)
            .field("voter_hash", .string, .required).field("created_at", .datetime, .required)
            .unique(on: "article_id", "voter_hash").create()
        try await database.schema("help_search_log").id()
            .field("query", .string, .required).field("language", .string, .required)
            .field("result_count", .int, .required).field("first_result_slug", .string)
            .field("created_at", .datetime, .required).create()
        try await database.schema("help_synonyms").id()
            .field("language", .string, .required).field("terms", .string, .required)
            .field("created_at", .datetime, .required).create()
    }
    func revert(on database: any Database) async throws {
        try await database.schema("help_synonyms").delete()
        try await database.schema("help_search_log").delete()
        try await database.schema("help_feedback").delete()
    }
}

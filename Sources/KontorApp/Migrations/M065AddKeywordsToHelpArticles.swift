import Fluent

/// `help_articles.keywords`: the words customers type for an article's subject that its text does not use, one per
/// line like `tags`; search weighs them like headings and readers never see them. Existing articles start with none.
struct M065AddKeywordsToHelpArticles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("help_articles").field("keywords", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("help_articles").deleteField("keywords").update()
    }
}

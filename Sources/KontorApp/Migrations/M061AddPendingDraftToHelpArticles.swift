import Fluent

/// `help_articles.pending_draft`: an editor's saved changes to a published article, as JSON (`ArticleDraft`), kept
/// off the live page until published (issue 11 §5). NULL when the live content is the latest.
struct M061AddPendingDraftToHelpArticles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("help_articles").field("pending_draft", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("help_articles").deleteField("pending_draft").update()
    }
}

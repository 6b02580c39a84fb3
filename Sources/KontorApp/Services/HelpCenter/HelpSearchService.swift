import Fluent
import Foundation
import KontorMarkdown
import KontorSearch
import Vapor

/// Keeps the in-memory `HelpSnapshot` fresh. Every `refreshInterval` it compares a cheap signature of the
/// help tables with the one it built from; when another server (or this one) changed an article or a synonym,
/// it rebuilds, re-rendering only the articles that changed. So with several servers on one PostgreSQL database,
/// every server's search sees an edit within about `refreshInterval` seconds.
actor HelpSearchService {
    static let refreshInterval: TimeInterval = 2

    private var snapshot = HelpSnapshot.empty
    private var checkedAt = Date.distantPast
    private var rendered: [UUID: (revision: Int, document: MarkdownDocument)] = [:]
    private var refreshing: Task<HelpSnapshot, any Error>?

    /// The current snapshot, checked against the database at most once per `refreshInterval`.
    func current(on db: any Database, now: Date) async throws -> HelpSnapshot {
        if now.timeIntervalSince(checkedAt) < Self.refreshInterval, snapshot.signature != .none { return snapshot }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await self.rebuildIfChanged(on: db) }
        refreshing = task
        defer { refreshing = nil }
        let fresh = try await task.value
        checkedAt = now
        return fresh
    }

    /// Forgets the check time, so the next request looks at the database (after an edit on this server).
    func invalidate() { checkedAt = .distantPast }

    private func rebuildIfChanged(on db: any Database) async throws -> HelpSnapshot {
        let signature = try await Self.signature(on: db)
        guard signature != snapshot.signature else { return snapshot }
        let published = try await HelpArticle.query(on: db).filter(\.$statusValue == HelpArticleStatus.published.rawValue).all()
        var articles: [HelpSnapshot.Article] = []
        var stillRendered: [UUID: (revision: Int, document: MarkdownDocument)] = [:]
        for article in published {
            guard let id = article.id else { continue }
            let document = rendered[id].flatMap { $0.revision == article.revision ? $0.document : nil }
                ?? MarkdownRenderer.render(article.body, links: HelpLinks.resolver(language: article.language))
            stillRendered[id] = (article.revision, document)
            articles.append(HelpSnapshot.Article(
                id: id, slug: article.slug, language: article.language, kind: article.kindValue, category: article.category,
                title: article.title, summary: article.summary, document: document, tags: article.tags, keywords: article.keywords,
                related: article.related, contexts: article.contexts, viewCount: article.viewCount,
                updatedAt: article.updatedAt, publishedAt: article.publishedAt ?? article.updatedAt))
        }
        // The editors' groups, each for the language the editor chose ("all" for every one), on top of the shipped
        // ones, which an editor's group sharing a term replaces.
        let editors = try await HelpSynonym.query(on: db).all().map { SynonymGroup($0.terms, language: SearchLanguage(rawValue: $0.language)) }
        let synonyms = DefaultSynonyms.merged(withEditors: editors)
        rendered = stillRendered
        snapshot = HelpSnapshot(articles: articles, synonyms: synonyms, signature: signature)
        return snapshot
    }

    static func signature(on db: any Database) async throws -> HelpContentSignature {
        HelpContentSignature(
            articleCount: try await HelpArticle.query(on: db).count(),
            revisionCount: try await HelpArticleRevision.query(on: db).count(),
            synonymCount: try await HelpSynonym.query(on: db).count(),
            lastSynonymChange: try await HelpSynonym.query(on: db).max(\.$createdAt))
    }
}

import Fluent
import Foundation
import KontorDomain

/// Whether the public sees an article.
enum HelpArticleStatus: String, Codable, Sendable, CaseIterable {
    case draft, published
}

/// One language version of a help-center article. Translations of one guide share its `slug`.
final class HelpArticle: Model, @unchecked Sendable {
    static let schema = "help_articles"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "language") var language: String
    @Field(key: "kind") var kindValue: String
    @Field(key: "status") var statusValue: String
    @Field(key: "category") var category: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "body") var body: String
    /// Lists are stored as newline-separated text: portable to SQLite and PostgreSQL and never queried inside.
    @Field(key: "tags") var tagsText: String
    /// Search keywords (`ArticleDraft.keywords`): searched, never shown to readers.
    @Field(key: "keywords") var keywordsText: String
    @Field(key: "related") var relatedText: String
    @Field(key: "contexts") var contextsText: String
    @Field(key: "revision") var revision: Int
    @Field(key: "view_count") var viewCount: Int
    @Field(key: "helpful_count") var helpfulCount: Int
    @Field(key: "unhelpful_count") var unhelpfulCount: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    /// Saved changes to a published article that readers do not see yet (`HelpLibrary.save`), as JSON.
    @OptionalField(key: "pending_draft") var pendingDraftJSON: String?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $slug, $language, $kindValue, $statusValue, $category, $title, $summary, $body, $tagsText, $keywordsText, $relatedText,
            $contextsText, $revision, $viewCount, $helpfulCount, $unhelpfulCount, $createdAt, $updatedAt, $publishedAt,
            $pendingDraftJSON
        ]
    }

    init() {}

    /// Whether changes wait to be published (without decoding them).
    var hasPendingChanges: Bool { pendingDraftJSON != nil }

    /// The changes waiting to be published, if any.
    var pendingDraft: ArticleDraft? {
        get { pendingDraftJSON.flatMap { try? JSONDecoder().decode(ArticleDraft.self, from: Data($0.utf8)) } }
        set { pendingDraftJSON = newValue.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) } }
    }

    init(draft: ArticleDraft, status: HelpArticleStatus, now: Date) {
        slug = draft.slug
        language = draft.language
        revision = 0
        viewCount = 0
        helpfulCount = 0
        unhelpfulCount = 0
        createdAt = now
        statusValue = status.rawValue
        apply(draft, now: now)
        if status == .published { publishedAt = now }
    }

    var status: HelpArticleStatus { HelpArticleStatus(rawValue: statusValue) ?? .draft }
    var kind: ArticleKind { ArticleKind(rawValue: kindValue) ?? .guide }
    var tags: [String] { Self.list(tagsText) }
    var keywords: [String] { Self.list(keywordsText) }
    var related: [String] { Self.list(relatedText) }
    var contexts: [String] { Self.list(contextsText) }

    /// Copies the editable content of `draft` (not the slug or language, which identify the article).
    func apply(_ draft: ArticleDraft, now: Date) {
        kindValue = draft.kind.rawValue
        category = draft.category
        title = draft.title
        summary = draft.summary
        body = draft.body
        tagsText = draft.tags.joined(separator: "\n")
        keywordsText = draft.keywords.joined(separator: "\n")
        relatedText = draft.related.joined(separator: "\n")
        contextsText = draft.contexts.joined(separator: "\n")
        updatedAt = now
    }

    /// The article as a draft value, e.g. for export or a revision.
    var draft: ArticleDraft {
        ArticleDraft(slug: slug, language: language, kind: kind, title: title, summary: summary, body: body,
                     category: category, tags: tags, keywords: keywords, related: related, contexts: contexts)
    }

    static func list(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }
}

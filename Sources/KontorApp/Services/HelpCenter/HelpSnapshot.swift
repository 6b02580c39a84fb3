import Foundation
import KontorMarkdown
import KontorSearch

/// What the public help center shows, read once from the database and kept in memory: the published articles,
/// their rendered Markdown, the search index and the contextual-help map. Immutable, so every request reads it
/// without locks; `HelpSearchService` swaps in a new one when an article or a synonym changes.
struct HelpSnapshot: Sendable {
    /// One published article, rendered.
    struct Article: Sendable {
        let id: UUID
        let slug: String
        let language: String
        let kind: String
        let category: String
        let title: String
        let summary: String
        let document: MarkdownDocument
        let tags: [String]
        /// Searched, never shown.
        let keywords: [String]
        let related: [String]
        let contexts: [String]
        let viewCount: Int
        let updatedAt: Date
        let publishedAt: Date
    }

    let articles: [String: Article]
    let bySlugAndLanguage: [String: Article]
    let index: SearchIndex
    let signature: HelpContentSignature

    init(articles list: [Article], synonyms: [SynonymGroup], signature: HelpContentSignature) {
        articles = Dictionary(list.map { ($0.id.uuidString, $0) }, uniquingKeysWith: { first, _ in first })
        bySlugAndLanguage = Dictionary(list.map { (Self.key($0.slug, $0.language), $0) }, uniquingKeysWith: { first, _ in first })
        index = SearchIndex(documents: list.compactMap(Self.searchDocument), synonyms: synonyms)
        self.signature = signature
    }

    static let empty = HelpSnapshot(articles: [], synonyms: [], signature: .none)

    func article(slug: String, language: String) -> Article? { bySlugAndLanguage[Self.key(slug, language)] }

    /// The languages a guide is published in, for the language switcher.
    func languages(of slug: String) -> [String] {
        SearchLanguage.allCases.map(\.rawValue).filter { article(slug: slug, language: $0) != nil }
    }

    /// The published articles of one language, most read first.
    func articles(in language: String) -> [Article] {
        articles.values.filter { $0.language == language }.sorted { ($0.viewCount, $1.title) > ($1.viewCount, $0.title) }
    }

    /// The guides about one console page, in `language` (falling back to `fallback` for pages with none).
    func articles(forContext context: String, language: String, fallback: String) -> [Article] {
        let about = articles.values.filter { $0.contexts.contains(context) }
        let inLanguage = about.filter { $0.language == language }
        return (inLanguage.isEmpty ? about.filter { $0.language == fallback } : inLanguage).sorted { $0.title < $1.title }
    }

    private static func key(_ slug: String, _ language: String) -> String { language + "/" + slug }

    private static func searchDocument(_ article: Article) -> SearchDocument? {
        guard let language = SearchLanguage(rawValue: article.language) else { return nil }
        return SearchDocument(
            id: article.id.uuidString, language: language, title: article.title, summary: article.summary,
            headings: article.document.headings.map(\.text), body: article.document.searchText, kind: article.kind,
            category: article.category, tags: article.tags, keywords: article.keywords, popularity: article.viewCount)
    }
}

/// A cheap fingerprint of the help content, compared to see whether another server changed something.
/// Every save of an article writes a revision row, so their count changes with every edit,
/// even two edits within the same clock tick (which a "last updated" time would miss).
struct HelpContentSignature: Sendable, Equatable {
    let articleCount: Int
    let revisionCount: Int
    let synonymCount: Int
    let lastSynonymChange: Date?

    static let none = HelpContentSignature(articleCount: -1, revisionCount: -1, synonymCount: -1, lastSynonymChange: nil)
}

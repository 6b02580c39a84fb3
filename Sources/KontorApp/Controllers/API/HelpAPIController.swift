import Foundation
import KontorDomain
import KontorSearch
import Vapor

/// The public help-center API: search (also used by the search box while typing) and one article.
struct HelpAPIController {
    struct Hit: Content {
        let slug: String
        let language: String
        let title: String
        let titleParts: [SnippetPart]
        let snippet: [SnippetPart]
        let kind: String
        let category: String
        let url: String
    }
    struct Results: Content {
        let query: String
        let language: String
        let total: Int
        let items: [Hit]
        /// Another language whose guides match the question as typed, where this one's did not (`HelpQuery`).
        let otherLanguage: String?
    }
    struct Article: Content {
        let slug: String
        let language: String
        let kind: String
        let title: String
        let summary: String
        let html: String
        let category: String
        let tags: [String]
        let related: [String]
        let translations: [String]
        let updatedAt: Date
    }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.api(.helpSearch), use: search)
        routes.get(.api(.helpArticle(language: "", slug: "")), use: article)
    }

    func search(_ request: Request) async throws -> Results {
        var errors: [FieldError] = []
        let text = try request.optionalQuery("q") ?? ""
        if text.count > HelpQuery.maximumLength { errors.append(FieldError(field: "q", messageKey: "error.too_long")) }
        let languageCode = try request.optionalQuery("lang") ?? request.language.rawValue
        if Language(rawValue: languageCode) == nil { errors.append(FieldError(field: "lang", messageKey: "error.language.unsupported")) }
        let kind = try request.optionalQuery("kind")
        if let kind, ArticleKind(rawValue: kind) == nil { errors.append(FieldError(field: "kind", messageKey: "error.help.kind_unknown")) }
        let category = try request.optionalQuery("category")
        if let category, !HelpCategories.slugs.contains(category) { errors.append(FieldError(field: "category", messageKey: "error.help.category_unknown")) }
        let limitText = try request.optionalQuery("limit")
        let limit = limitText.flatMap(Int.init) ?? 10
        if limitText != nil, !(1...50).contains(limit) || Int(limitText ?? "") == nil { errors.append(FieldError(field: "limit", messageKey: "error.help.limit_range")) }
        let offsetText = try request.optionalQuery("offset")
        let offset = offsetText.flatMap(Int.init) ?? 0
        if offsetText != nil, !(0...HelpQuery.maximumOffset).contains(offset) || Int(offsetText ?? "") == nil {
            errors.append(FieldError(field: "offset", messageKey: "error.help.offset_range"))
        }
        try ValidationFailure.check(errors)

        let isTyping = try request.optionalQuery("typing") == "1"
        let outcome = try await HelpQuery(text: text, language: languageCode, category: category, kind: kind, limit: limit, offset: offset)
            .run(on: request, record: !isTyping)
        return Results(query: text, language: outcome.language, total: outcome.results.total, items: outcome.articles.map { hit, article in
            Hit(slug: article.slug, language: article.language, title: article.title, titleParts: hit.titleParts, snippet: hit.snippet,
                kind: article.kind, category: article.category, url: SiteRoute.helpArticle(language: article.language, slug: article.slug).path)
        }, otherLanguage: outcome.otherLanguage)
    }

    func article(_ request: Request) async throws -> Article {
        guard let language = request.parameters.get("language"), Language(rawValue: language) != nil,
              let slug = request.parameters.get("slug") else { throw AppError.notFound }
        let snapshot = try await request.helpSnapshot()
        guard let article = snapshot.article(slug: slug, language: language) else { throw AppError.notFound }
        return Article(slug: slug, language: language, kind: article.kind, title: article.title, summary: article.summary,
                       html: article.document.html, category: article.category, tags: article.tags, related: article.related,
                       translations: snapshot.languages(of: slug), updatedAt: article.updatedAt)
    }
}

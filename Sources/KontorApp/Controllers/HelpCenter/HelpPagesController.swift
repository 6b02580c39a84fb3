import Fluent
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// The public help center: no sign-in needed. Pages read the in-memory snapshot; only views and votes write.
struct HelpPagesController {
    func register(_ routes: any RoutesBuilder) {
        routes.get(.helpHome, use: redirectToLanguage)
        routes.get(.helpLanguageHome(language: ""), use: home)
        routes.get(.helpSearch(language: ""), use: search)
        routes.get(.helpCategory(language: "", category: ""), use: category)
        routes.get(.helpArticle(language: "", slug: ""), use: article)
    }

    /// `/help` opens the help center in the reader's language.
    func redirectToLanguage(_ request: Request) async throws -> Response {
        request.redirect(to: .helpLanguageHome(language: request.language.rawValue))
    }

    func home(_ request: Request) async throws -> View {
        let language = try request.helpLanguage()
        let snapshot = try await request.helpSnapshot()
        let articles = snapshot.articles(in: language)
        let categories = HelpCategories.topLevel().compactMap { entry -> HelpCategoryLink? in
            let tree = Set(HelpCategories.all.filter { HelpCategories.path(to: $0.slug).contains { $0.slug == entry.slug } }.map(\.slug))
            let count = articles.filter { tree.contains($0.category) }.count
            guard count > 0 else { return nil }
            let name = HelpCategories.name(entry.slug, language)
            return HelpCategoryLink(slug: entry.slug, name: name.name, description: name.description,
                                    path: SiteRoute.helpCategory(language: language, category: entry.slug).path, articleCount: count)
        }
        let languages = Language.allCases.map { lang in
            HelpLanguageLink(code: lang.rawValue, name: lang.nativeName, path: SiteRoute.helpLanguageHome(language: lang.rawValue).path + "?lang=\(lang.rawValue)",
                             isCurrent: lang.rawValue == language)
        }
        // Most read by the counts written so far (the snapshot's are those of its last rebuild); the snapshot's order
        // fills in when fewer are counted.
        let readIDs = try await request.kontor.readerAnalytics.mostRead(in: language, limit: 6, on: request.db, now: request.now)
        let byID = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var mostRead = readIDs.compactMap { byID[$0] }
        for article in articles where mostRead.count < 6 && !mostRead.contains(where: { $0.id == article.id }) { mostRead.append(article) }
        return try await request.view.render("HelpCenter/Home", HelpHomePage(
            layout: await request.layout(title: request.t("help.title")), searchBox: request.helpSearchBox(language: language),
            categories: categories, mostRead: mostRead.map { HelpArticleLink($0, request: request) },
            languages: languages, feedPath: SiteRoute.helpFeed(language: language).path))
    }

    func category(_ request: Request) async throws -> View {
        let language = try request.helpLanguage()
        let slug = request.parameters.get("category") ?? ""
        guard HelpCategories.slugs.contains(slug) else { throw AppError.notFound }
        let articles = try await request.helpSnapshot().articles(in: language).filter { $0.category == slug }
            .sorted { $0.title.localizedStandardCompare($1.title) == .orderedAscending }
        let name = HelpCategories.name(slug, language)
        let link = { (entry: HelpCategories.Entry) in
            HelpCategoryLink(slug: entry.slug, name: HelpCategories.name(entry.slug, language).name,
                             description: HelpCategories.name(entry.slug, language).description,
                             path: SiteRoute.helpCategory(language: language, category: entry.slug).path, articleCount: 0)
        }
        return try await request.view.render("HelpCenter/Category", HelpCategoryPage(
            layout: await request.layout(title: name.name), searchBox: request.helpSearchBox(language: language),
            name: name.name, description: name.description, homePath: SiteRoute.helpLanguageHome(language: language).path,
            parents: HelpCategories.path(to: slug).dropLast().map(link), subcategories: HelpCategories.children(of: slug).map(link),
            articles: articles.map { HelpArticleLink($0, request: request) }))
    }

    func article(_ request: Request) async throws -> View {
        try await renderArticle(request, feedbackForm: FormState())
    }

    /// The article page; `feedbackForm` carries a refused vote's errors and comment back to its form.
    func renderArticle(_ request: Request, feedbackForm: FormState) async throws -> View {
        let language = try request.helpLanguage()
        let slug = request.parameters.get("slug") ?? ""
        let snapshot = try await request.helpSnapshot()
        let fallbackLanguage = request.kontor.config.defaultLanguage.rawValue
        // A guide not yet translated is shown in the default language (or any language it exists in), with a note.
        guard let article = snapshot.article(slug: slug, language: language)
                ?? snapshot.article(slug: slug, language: fallbackLanguage)
                ?? snapshot.languages(of: slug).first.flatMap({ snapshot.article(slug: slug, language: $0) }) else {
            throw AppError.notFound
        }
        await request.kontor.readerAnalytics.recordView(of: article.id, reader: request.clientAddress, now: request.now)
        let related = article.related.compactMap { snapshot.article(slug: $0, language: article.language) }
        let translations = snapshot.languages(of: slug).map { code in
            HelpLanguageLink(code: code, name: Language(rawValue: code)?.nativeName ?? code,
                             path: SiteRoute.helpArticle(language: code, slug: slug).path, isCurrent: code == article.language)
        }
        let category = HelpCategories.name(article.category, language)
        // The article's own address is canonical (a fallback shown under another language's path is the same page), and
        // each translation is named for search engines.
        let base = request.kontor.config.publicURL
        let head = PageHead(canonical: SiteRoute.helpArticle(language: article.language, slug: slug).url(base: base),
                            alternates: snapshot.languages(of: slug).map { ($0, SiteRoute.helpArticle(language: $0, slug: slug).url(base: base)) },
                            description: article.summary)
        var page = HelpArticlePage(
            layout: await request.layout(title: article.title, head: head), searchBox: request.helpSearchBox(language: language),
            articleLanguage: article.language,
            title: article.title, summary: article.summary, html: article.document.html,
            kindLabel: request.t("help.kind.\(article.kind)"), categoryName: category.name,
            categoryPath: SiteRoute.helpCategory(language: language, category: article.category).path,
            homePath: SiteRoute.helpLanguageHome(language: language).path, updatedAt: article.updatedAt,
            toc: article.document.headings.map { .init(text: $0.text, anchor: $0.anchor, level: $0.level) },
            tags: article.tags.map { tag in
                HelpTagLink(name: tag, path: SiteRoute.helpSearch(language: language).path + "?q=" + (tag.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? tag))
            },
            related: related.map { HelpArticleLink($0, request: request) }, translations: translations,
            permalink: SiteRoute.helpArticle(language: article.language, slug: slug).url(base: request.kontor.config.publicURL),
            feedbackAction: SiteRoute.helpFeedback(language: article.language, slug: slug).path,
            fallbackNotice: article.language == language ? nil
                : request.t("help.not_translated", ["language": request.t("language.name." + article.language)]),
            voted: request.query[String.self, at: "voted"] != nil)
        page.feedbackForm = feedbackForm
        return try await request.view.render("HelpCenter/Article", page)
    }

    func search(_ request: Request) async throws -> View {
        let language = try request.helpLanguage()
        let text = request.query[String.self, at: "q"] ?? ""
        let category = request.query[String.self, at: "category"].flatMap { HelpCategories.slugs.contains($0) ? $0 : nil }
        let kind = request.query[String.self, at: "kind"].flatMap { ArticleKind(rawValue: $0)?.rawValue }
        // `?page=2`: the next 20. A page that is not a number is the first, and one past the last is the last, as a link a
        // reader edited or an old link to a search that now finds less.
        let perPage = 20, maximumPage = HelpQuery.maximumOffset / perPage + 1
        var page = request.query[String.self, at: "page"].flatMap(Int.init).map { min(max($0, 1), maximumPage) } ?? 1
        let query = { (page: Int) in HelpQuery(text: text, language: language, category: category, kind: kind, limit: perPage, offset: (page - 1) * perPage) }
        var outcome = try await query(page).run(on: request, record: true)
        if outcome.results.hits.isEmpty, outcome.results.total > 0, page > 1 {
            page = min((outcome.results.total + perPage - 1) / perPage, maximumPage)
            outcome = try await query(page).run(on: request, record: false)
        }
        let results = outcome.articles.map { hit, article in
            HelpSearchPage.Result(titleParts: hit.titleParts, snippet: hit.snippet,
                                  path: SiteRoute.helpArticle(language: article.language, slug: article.slug).path,
                                  kindLabel: request.t("help.kind.\(article.kind)"),
                                  categoryName: HelpCategories.name(article.category, language).name)
        }
        let layout = await request.layout(title: request.t("help.search.title"))
        return try await request.view.render("HelpCenter/Search", HelpSearchPage(
            layout: layout, searchBox: request.helpSearchBox(language: language, query: text),
            results: results, total: outcome.results.total,
            pagination: HelpSearchPage.Pagination.of(page: page, perPage: perPage, total: outcome.results.total, maximumPage: maximumPage,
                                                      path: { SiteRoute.helpSearch(language: language).path + "?" + Self.searchQuery(text, category, kind, page: $0) },
                                                      label: { request.t("help.search.page", ["page": String($0), "pages": String($1)]) }),
            categories: HelpCategories.all.map { .init(value: $0.slug, label: HelpCategories.name($0.slug, language).name, isSelected: $0.slug == category) },
            kinds: ArticleKind.allCases.map { .init(value: $0.rawValue, label: request.t("help.kind.\($0.rawValue)"), isSelected: $0.rawValue == kind) },
            hasQuery: !text.trimmingCharacters(in: .whitespaces).isEmpty,
            fallbackNotice: outcome.isFallback ? request.t("help.search.fallback", ["language": request.t("language.name." + outcome.language)]) : nil,
            otherLanguage: outcome.otherLanguage.map { other in
                .init(text: request.t("help.search.other_language", ["language": request.t("language.name." + other)]),
                      path: SiteRoute.helpSearch(language: other).path + "?" + Self.searchQuery(text, category, kind, page: 1), language: other)
            },
            homePath: SiteRoute.helpLanguageHome(language: language).path, help: layout.help))
    }
}

extension HelpPagesController {
    /// The query string of a results page: the same search and filters, another page.
    static func searchQuery(_ text: String, _ category: String?, _ kind: String?, page: Int) -> String {
        // Letters and digits only, as the tag links above: URLComponents leaves "+" as it is, which a form decoder reads as
        // a space ("C++", "+41").
        let pairs = [("q", text)] + [category.map { ("category", $0) }, kind.map { ("kind", $0) }].compactMap { $0 }
            + (page > 1 ? [("page", String(page))] : [])
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }
}

extension Request {
    /// The `language` path parameter of help pages; an unknown one is a 404 like any unknown path.
    func helpLanguage() throws -> String {
        guard let code = parameters.get("language"), let chosen = Language(rawValue: code) else { throw AppError.notFound }
        language = chosen  // the page around a guide speaks the guide's language
        return code
    }

    func helpSearchBox(language: String, query: String = "") -> HelpSearchBox {
        HelpSearchBox(action: SiteRoute.helpSearch(language: language).path, query: query,
                      apiPath: SiteRoute.api(.helpSearch).path, language: language)
    }
}


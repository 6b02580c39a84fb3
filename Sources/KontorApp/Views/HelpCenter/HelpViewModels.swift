import Foundation
import KontorDomain
import KontorSearch
import Vapor

/// One choice of a `<select>`.
struct SelectOption: Encodable {
    let value: String
    let label: String
    let isSelected: Bool
}

/// A link to one article, as lists and search results show it.
struct HelpArticleLink: Encodable {
    let title: String
    let summary: String
    let path: String
    let kind: String
    let kindLabel: String

    init(_ article: HelpSnapshot.Article, request: Request) {
        title = article.title
        summary = article.summary
        path = SiteRoute.helpArticle(language: article.language, slug: article.slug).path
        kind = article.kind
        kindLabel = request.t("help.kind.\(article.kind)")
    }
}

/// A language the help center (or one guide) can be read in.
struct HelpLanguageLink: Encodable {
    let code: String
    let name: String
    let path: String
    let isCurrent: Bool
}

struct HelpTagLink: Encodable {
    let name: String
    let path: String
}

struct HelpCategoryLink: Encodable {
    let slug: String
    let name: String
    let description: String
    let path: String
    let articleCount: Int
}

/// The search box: where it sends the query and what it shows while typing.
struct HelpSearchBox: Encodable {
    let action: String
    let query: String
    let apiPath: String
    let language: String
}

struct HelpHomePage: Encodable {
    let layout: LayoutModel
    let searchBox: HelpSearchBox
    let categories: [HelpCategoryLink]
    let mostRead: [HelpArticleLink]
    let languages: [HelpLanguageLink]
    let feedPath: String
}

struct HelpCategoryPage: Encodable {
    let layout: LayoutModel
    let searchBox: HelpSearchBox
    let name: String
    let description: String
    let homePath: String
    /// The categories above this one, from the top (breadcrumbs), and the ones directly below it.
    let parents: [HelpCategoryLink]
    let subcategories: [HelpCategoryLink]
    let articles: [HelpArticleLink]
}

struct HelpArticlePage: Encodable {
    struct Heading: Encodable {
        let text: String
        let anchor: String
        let level: Int
    }
    let layout: LayoutModel
    let searchBox: HelpSearchBox
    /// The language the article is written in: a fallback differs from the page's.
    let articleLanguage: String
    let title: String
    let summary: String
    let html: String
    let kindLabel: String
    let categoryName: String
    let categoryPath: String
    let homePath: String
    let updatedAt: Date
    let toc: [Heading]
    /// Tags link to a search for them, so a reader finds the other guides on the subject.
    let tags: [HelpTagLink]
    let related: [HelpArticleLink]
    let translations: [HelpLanguageLink]
    let permalink: String
    let feedbackAction: String
    let fallbackNotice: String?
    let voted: Bool
    /// The vote form again with its errors and the typed comment, after a refused vote.
    var feedbackForm = FormState()
}

struct HelpSearchPage: Encodable {
    struct Result: Encodable {
        let titleParts: [SnippetPart]
        let snippet: [SnippetPart]
        let path: String
        let kindLabel: String
        let categoryName: String
    }
    let layout: LayoutModel
    let searchBox: HelpSearchBox
    let results: [Result]
    let total: Int
    /// Links to the pages before and after this one, when the results fill more than one.
    let pagination: Pagination?
    let categories: [SelectOption]
    let kinds: [SelectOption]
    let hasQuery: Bool
    let fallbackNotice: String?
    /// The same search in another language whose guides have the question's words as typed (`HelpQuery`).
    let otherLanguage: OtherLanguage?
    let homePath: String
    /// What the help window offers (support code, how to reach support), repeated where nothing was found: the reader
    /// who searched in vain is the one about to call.
    let help: LayoutModel.HelpPanel

    struct OtherLanguage: Encodable {
        let text: String
        let path: String
        let language: String
    }

    struct Pagination: Encodable {
        let label: String
        let previousPath: String?
        let nextPath: String?

        /// Nil while every result fits on one page.
        static func of(page: Int, perPage: Int, total: Int, maximumPage: Int, path: (Int) -> String,
                       label: (Int, Int) -> String) -> Pagination? {
            let pages = min(max(1, (total + perPage - 1) / perPage), maximumPage)
            guard pages > 1 else { return nil }
            return Pagination(label: label(min(page, pages), pages), previousPath: page > 1 ? path(min(page, pages) - 1) : nil,
                              nextPath: page < pages ? path(page + 1) : nil)
        }
    }
}

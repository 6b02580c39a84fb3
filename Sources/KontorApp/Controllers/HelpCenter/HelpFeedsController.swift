import Foundation
import KontorDomain
import Vapor

/// `sitemap.xml` for search engines and an Atom feed of the newest guides per language.
struct HelpFeedsController {
    func register(_ routes: any RoutesBuilder) {
        routes.get(.helpSitemap, use: sitemap)
        routes.get(.helpFeed(language: ""), use: feed)
    }

    func sitemap(_ request: Request) async throws -> Response {
        let snapshot = try await request.helpSnapshot()
        let base = request.kontor.config.publicURL
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">"# + "\n"
        for article in snapshot.articles.values.sorted(by: { ($0.language, $0.slug) < ($1.language, $1.slug) }) {
            xml += "<url><loc>\(XML.escape(SiteRoute.helpArticle(language: article.language, slug: article.slug).url(base: base)))</loc>"
            xml += "<lastmod>\(XML.date(article.updatedAt))</lastmod>"
            for other in snapshot.languages(of: article.slug) {
                let href = SiteRoute.helpArticle(language: other, slug: article.slug).url(base: base)
                xml += #"<xhtml:link rel="alternate" hreflang="\#(other)" href="\#(XML.escape(href))"/>"#
            }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return XML.response(xml, type: HTTPMediaType(type: "application", subType: "xml", parameters: ["charset": "utf-8"]))
    }

    func feed(_ request: Request) async throws -> Response {
        let language = try request.helpLanguage()
        let articles = try await request.helpSnapshot().articles(in: language).sorted { $0.updatedAt > $1.updatedAt }.prefix(30)
        let base = request.kontor.config.publicURL
        let selfURL = SiteRoute.helpFeed(language: language).url(base: base)
        var xml = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n" + #"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\#(language)">"# + "\n"
        xml += "<title>\(XML.escape(request.kontor.config.providerName + " · " + request.t("help.title")))</title>\n"
        xml += "<id>\(XML.escape(selfURL))</id>\n<link rel=\"self\" href=\"\(XML.escape(selfURL))\"/>\n"
        xml += "<updated>\(XML.date(articles.first?.updatedAt ?? request.now))</updated>\n"
        for article in articles {
            let url = SiteRoute.helpArticle(language: language, slug: article.slug).url(base: base)
            xml += "<entry><title>\(XML.escape(article.title))</title><id>\(XML.escape(url))</id>"
            xml += "<link href=\"\(XML.escape(url))\"/><updated>\(XML.date(article.updatedAt))</updated>"
            xml += "<published>\(XML.date(article.publishedAt))</published><summary>\(XML.escape(article.summary))</summary>"
            xml += "<author><name>\(XML.escape(request.kontor.config.providerName))</name></author></entry>\n"
        }
        xml += "</feed>\n"
        return XML.response(xml, type: HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"]))
    }
}

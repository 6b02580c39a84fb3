import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import Testing
import Vapor
import VaporTesting

@Suite("The public help center")
struct HelpCenterPagesTests {
    @Test("the home page shows categories, the most read guides and the search box, without signing in")
    func home() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let visitor = Browser(app)
            let redirect = try await visitor.send(.GET, "/help", body: nil, headers: ["Accept-Language": "es"])
            #expect(redirect.location == "/help/es")
            let page = try await visitor.get("/help/es")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Centro de ayuda"))
            #expect(page.body.string.contains("Cuenta y seguridad"))
            #expect(page.body.string.contains("id=\"most-read\""))
            #expect(page.body.string.contains("id=\"help-q\""))
            #expect(try await visitor.get("/help/pt").status == .notFound)
        }
    }

    @Test("an article shows its table of contents, related guides, translations and a permalink")
    func article() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let page = try await Browser(app).get(SiteRoute.helpArticle(language: "es", slug: "support-code").path).body.string
            #expect(page.contains("<h1>Su código de soporte</h1>"))
            #expect(page.contains("class=\"toc\""))
            #expect(page.contains("href=\"#generar-un-codigo-nuevo\""))
            #expect(page.contains("id=\"related\""))
            #expect(page.contains("href=\"/help/en/articles/support-code\""))
            #expect(page.contains("http://127.0.0.1:8080/help/es/articles/support-code"))
            #expect(page.contains("href=\"/profile\""), "console:profile became a link to the profile")
            #expect(page.contains("callout-warning"))
            #expect(page.contains("<link rel=\"alternate\" hreflang=\"de\" href=\"http://127.0.0.1:8080/help/de/articles/support-code\">"))
            #expect(page.contains("<meta name=\"description\""))
            try await app.kontor.readerAnalytics.flush(on: app.db)   // views are written in batches
            let views = try await HelpArticle.query(on: app.db).filter(\.$slug == "support-code").filter(\.$language == "es").first()?.viewCount
            #expect(views == 1)
        }
    }

    @Test("a heading never takes an id the article page uses itself: one named after each of them gets its own")
    func headingsKeepClearOfThePagesIDs() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let page = try await Browser(app).get(SiteRoute.helpArticle(language: "es", slug: "support-code").path).body.string
            func matches(_ pattern: String, in text: String) -> Set<String> {
                Set(text.matches(of: try! Regex(pattern)).compactMap { $0.output[1].substring.map(String.init) })
            }
            // The page's own ids: every id but the article's heading anchors (the table of contents links to those).
            let pageIDs = matches(#"\sid="([^"]+)""#, in: page).subtracting(matches(##"href="#([^"]+)""##, in: page))
            #expect(pageIDs.contains("feedback") && pageIDs.contains("permalink"), "\(pageIDs.sorted())")
            let article = MarkdownRenderer.render(pageIDs.sorted().map { "## \($0)" }.joined(separator: "\n\n"))
            let clashing = Set(article.headings.map(\.anchor)).intersection(pageIDs)
            #expect(clashing.isEmpty, "headings took the page's ids \(clashing.sorted())")
        }
    }

    @Test("the help home's most read guides follow what readers open, without waiting for a content change or a restart")
    func mostReadFollowsReaders() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let reader = Browser(app)
            let home = try await reader.get(SiteRoute.helpLanguageHome(language: "es").path).body.string
            #expect(!Self.mostRead(home).contains("/help/es/articles/qr-bill"), "not among the first six before anyone reads it")
            for _ in 0..<5 { _ = try await reader.get(SiteRoute.helpArticle(language: "es", slug: "qr-bill").path) }
            try await app.kontor.readerAnalytics.flush(on: app.db)
            let after = try await reader.get(SiteRoute.helpLanguageHome(language: "es").path).body.string
            #expect(Self.mostRead(after).first == "/help/es/articles/qr-bill")
            let views = try await HelpArticle.query(on: app.db).filter(\.$slug == "qr-bill").filter(\.$language == "es").first()?.viewCount
            #expect(views == 1, "one reader reloading the page is one reader, not five")
        }
    }

    /// The article links of the home's "most read" list, in order.
    static func mostRead(_ page: String) -> [String] {
        guard let start = page.range(of: "id=\"most-read\"") else { return [] }
        let rest = page[start.upperBound...]
        let list = rest.prefix(upTo: rest.range(of: "</ul>")?.lowerBound ?? rest.endIndex)
        return list.components(separatedBy: "href=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
    }

    @Test("a guide not yet translated is shown in the default language, with a note")
    func fallbackLanguage() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app, seed: true)
            let page = try await Browser(app).get(SiteRoute.helpArticle(language: "fr", slug: "opcion-prefijo-mysql").path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("id=\"fallback-notice\""))
            #expect(page.body.string.contains("Prefijo MySQL"))
            // Spanish text is marked Spanish inside the French page, and its own address is the canonical one.
            #expect(page.body.string.contains("<article class=\"help-article\" id=\"article\" lang=\"es\">"))
            #expect(page.body.string.contains("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/help/es/articles/opcion-prefijo-mysql\">"))
            // The footer's languages open the same help page in each language.
            #expect(page.body.string.contains("href=\"/help/de/articles/opcion-prefijo-mysql?lang=de\""))
            #expect(try await Browser(app).get(SiteRoute.helpArticle(language: "es", slug: "no-such-guide").path).status == .notFound)
        }
    }

    @Test("drafts are invisible to the public: no page, no search result, no API answer")
    func draftsAreHidden() async throws {
        try await withTestApp { app, _ in
            let draft = ArticleDraft(slug: "secret-plan", language: "en", kind: .guide, title: "Unannounced feature zephyr",
                                     summary: "Not yet.", body: "The zephyr feature.", category: "getting-started")
            _ = try await HelpLibrary(db: app.db, now: app.kontor.clock.now()).importDrafts([draft], publish: false)
            #expect(try await Browser(app).get(SiteRoute.helpArticle(language: "en", slug: "secret-plan").path).status == .notFound)
            let search = try await Scenario.getJSON(app, "/api/v1/help/search?q=zephyr&lang=en")
            #expect(try search.content.decode(HelpAPIController.Results.self).total == 0)
            #expect(try await Scenario.getJSON(app, "/api/v1/help/articles/en/secret-plan").status == .notFound)
        }
    }

    @Test("searching with a typo and without accents finds the guide, with the matched words highlighted")
    func searchPage() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app, seed: true)
            let page = try await Browser(app).get("/help/es/search?q=desactivar+autentificacion+doble").body.string
            let results = try #require(page.range(of: "id=\"results\""))
            #expect(page[results.upperBound...].prefix(120).contains("href=\"/help/es/articles/desactivar-la-autenticacion-doble\""))
            #expect(page.contains("<mark>"))
            let empty = try await Browser(app).get("/help/es/search?q=xqzzv+wqqpt").body.string
            #expect(empty.contains("id=\"no-results\""))
        }
    }

    @Test("a question asked in another language than the help center's points to the same search in that language")
    func questionInAnotherLanguage() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            // German words on the Spanish help center: the Spanish guides only come near them through corrections.
            let page = try await Browser(app).get("/help/es/search?q=Passwort+zur%C3%BCcksetzen").body.string
            #expect(page.contains("id=\"other-language\"") && page.contains("href=\"/help/de/search?q=Passwort%20zur%C3%BCcksetzen\""), "\(page)")
            #expect(page.contains("buscar en alemán"))
            let api = try await Scenario.getJSON(app, "/api/v1/help/search?q=Passwort+zur%C3%BCcksetzen&lang=es").content.decode(HelpAPIController.Results.self)
            #expect(api.otherLanguage == "de")
            // A question in the help center's own language, or one whose best guide needed no correction, gets no pointer.
            let spanish = try await Browser(app).get("/help/es/search?q=restablecer+contrase%C3%B1a").body.string
            #expect(!spanish.contains("id=\"other-language\""))
            #expect(try await Scenario.getJSON(app, "/api/v1/help/search?q=restablecer+contrase%C3%B1a&lang=es").content
                .decode(HelpAPIController.Results.self).otherLanguage == nil)
        }
    }

    @Test("results beyond the first 20 are a page away, with the same search and filters; the API pages with offset; an unreadable q is 422")
    func resultsArePaged() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            // Every German guide names the account ("Konto") somewhere: more than one page of results.
            let first = try await Browser(app).get("/help/de/search?q=Konto").body.string
            let total = try await Scenario.getJSON(app, "/api/v1/help/search?q=Konto&lang=de").content.decode(HelpAPIController.Results.self).total
            #expect(total > 20 && total <= 40, "\(total)")
            let firstLinks = first.components(separatedBy: "<li><a href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(firstLinks.count == 20 && first.contains("Seite 1 von 2") && first.contains("id=\"next-results\"") && !first.contains("id=\"previous-results\""))
            #expect(first.contains("href=\"/help/de/search?q=Konto&amp;page=2\""))
            let second = try await Browser(app).get("/help/de/search?q=Konto&page=2").body.string
            let secondLinks = second.components(separatedBy: "<li><a href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(secondLinks.count == total - 20 && Set(secondLinks).isDisjoint(with: Set(firstLinks)), "the rest, none repeated")
            #expect(second.contains("Seite 2 von 2") && second.contains("id=\"previous-results\"") && !second.contains("id=\"next-results\""))
            // A page past the end, or not a number, is answered as the last or first page would be, not as "nothing found".
            #expect(!(try await Browser(app).get("/help/de/search?q=Konto&page=x").body.string.contains("id=\"no-results\"")))
            let past = try await Browser(app).get("/help/de/search?q=Konto&page=9").body.string
            #expect(!past.contains("id=\"no-results\"") && past.contains("Seite 2 von 2"))
            #expect(HelpPagesController.searchQuery("C++ +41", nil, "faq", page: 2) == "q=C%2B%2B%20%2B41&kind=faq&page=2")
            let api = try await Scenario.getJSON(app, "/api/v1/help/search?q=Konto&lang=de&limit=10&offset=10").content.decode(HelpAPIController.Results.self)
            #expect(api.items.count == 10 && api.total == total)
            #expect(try await Scenario.getJSON(app, "/api/v1/help/search?q=%FF").status == .unprocessableEntity)
            // Pages of a search of several words (which proximity reorders) neither repeat nor skip a result.
            var seen: [String] = [], offset = 0, wordsTotal = 0
            repeat {
                let page = try await Scenario.getJSON(app, "/api/v1/help/search?q=Konto+Passwort+ändern&lang=de&limit=7&offset=\(offset)")
                    .content.decode(HelpAPIController.Results.self)
                wordsTotal = page.total
                seen += page.items.map(\.slug)
                offset += 7
            } while offset < wordsTotal
            #expect(wordsTotal > 14 && seen.count == wordsTotal && Set(seen).count == wordsTotal, "\(wordsTotal) results, \(seen.count) seen, \(Set(seen).count) distinct")
        }
    }

    @Test("a search that finds nothing shows a signed-in customer her support code and how to reach support; a visitor gets the sentence only")
    func nothingFoundOffersSupport() async throws {
        let contacts = SupportContacts(email: "support@provider.example", phone: "+41 22 000 00 00", hours: "Mon–Fri 8:00–18:00")
        try await withTestApp(configure: { $0.supportContacts = contacts }) { app, _ in
            try await Scenario.loadHelp(app)
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            let page = try await browser.get("/help/fr/search?q=xqzzv+wqqpt").body.string
            let card = try #require(page.range(of: "id=\"no-results\"").map { String(page[$0.upperBound...].prefix(900)) })
            #expect(card.contains("contactez le support") && card.contains(SupportCodeFormatting.formatted(ana.supportCode)))
            #expect(card.contains("href=\"mailto:support@provider.example\"") && card.contains("href=\"tel:+41220000000\"") && card.contains("Mon–Fri 8:00–18:00"))

            let found = try await browser.get("/help/fr/search?q=code+support").body.string
            #expect(!found.contains("id=\"no-results\""))
            let visitor = try await Browser(app).get("/help/fr/search?q=xqzzv+wqqpt").body.string
            let visitorCard = try #require(visitor.range(of: "id=\"no-results\"").map { String(visitor[$0.upperBound...].prefix(600)) })
            #expect(visitorCard.contains("contactez le support") && !visitorCard.contains("mailto:"))
        }
    }

    @Test("the search API answers in the documented shape and names bad parameters")
    func searchAPI() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let response = try await Scenario.getJSON(app, "/api/v1/help/search?q=contrasena&lang=es&limit=3")
            #expect(response.status == .ok)
            let results = try response.content.decode(HelpAPIController.Results.self)
            #expect(results.items.first?.slug == "change-password")
            #expect(results.items.count <= 3)
            for (query, field) in [("q=x&lang=pt", "lang"), ("q=x&kind=podcast", "kind"), ("q=x&category=nope", "category"),
                                   ("q=x&limit=0", "limit"), ("q=x&limit=abc", "limit"), ("q=" + String(repeating: "a", count: 201), "q")] {
                let bad = try await Scenario.getJSON(app, "/api/v1/help/search?" + query)
                #expect(bad.status == .unprocessableEntity, "\(query)")
                #expect(try bad.content.decode(KontorErrorMiddleware.Body.self).error.fields?.first?.field == field)
            }
        }
    }

    @Test("filters keep only the chosen category and kind")
    func filters() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let all = try await Scenario.getJSON(app, "/api/v1/help/search?q=organizacion&lang=es&limit=50").content.decode(HelpAPIController.Results.self)
            let faqs = try await Scenario.getJSON(app, "/api/v1/help/search?q=organizacion&lang=es&limit=50&kind=faq").content.decode(HelpAPIController.Results.self)
            #expect(!faqs.items.isEmpty && faqs.items.count < all.items.count)
            #expect(faqs.items.allSatisfy { $0.kind == "faq" })
            let security = try await Scenario.getJSON(app, "/api/v1/help/search?q=sesion&lang=es&category=account-security").content.decode(HelpAPIController.Results.self)
            #expect(!security.items.isEmpty && security.items.allSatisfy { $0.category == "account-security" })
            let unfiltered = try await Scenario.getJSON(app, "/api/v1/help/search?q=sesion&lang=es&limit=50").content.decode(HelpAPIController.Results.self)
            #expect(unfiltered.items.contains { $0.category != "account-security" }, "the filter removed something")
        }
    }

    @Test("the sitemap and the Atom feed list the published guides")
    func feeds() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let sitemap = try await Browser(app).get("/help/sitemap.xml")
            #expect(sitemap.headers.contentType?.subType == "xml")
            #expect(sitemap.body.string.contains("<loc>http://127.0.0.1:8080/help/fr/articles/invite-member</loc>"))
            #expect(sitemap.body.string.contains("hreflang=\"es\""))
            let feed = try await Browser(app).get("/help/en/feed.atom")
            #expect(feed.headers.contentType?.subType == "atom+xml")
            #expect(feed.body.string.contains("<entry><title>"))
            let english = try BundledHelpContent.load().filter { $0.language == "en" }.count
            #expect(feed.body.string.components(separatedBy: "<entry>").count - 1 == min(english, 30))
        }
    }

    @Test("every console page offers the guides about it in its help window")
    func contextualHelp() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test", language: "es")
            let ana = try await Scenario.signedIn(app, email: "ana@example.test")
            let profile = try await ana.get(SiteRoute.profile.path).body.string
            #expect(profile.contains("id=\"help-panel\""))
            #expect(profile.contains("/help/es/articles/support-code"))
            #expect(profile.contains("data-testid=\"help-support-code\""))
            let sessions = try await ana.get(SiteRoute.sessions.path).body.string
            #expect(sessions.contains("/help/es/articles/active-sessions"))
            let signIn = try await Browser(app).get(SiteRoute.signIn.path).body.string
            #expect(signIn.contains("/help/en/articles/sign-in-and-out"))
            // A product page, whose path carries two identifiers, still finds the guides about products.
            let organization = try await Scenario.organization(of: try #require(try await User.find(email: "ana@example.test", on: app.db)), on: app)
            let products = try await Scenario.products(app, in: organization)
            let hosting = try await ana.get(SiteRoute.organizationProduct(organization.id!, product: products.hosting.id!).path).body.string
            #expect(hosting.contains("/help/es/articles/mysql-prefix") && hosting.contains("/help/es/articles/renewal-warranty"))
        }
    }

    @Test("a German-speaking customer's invoice and prepaid pages offer the billing guides in German")
    func billingHelpInGerman() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let user = try await Scenario.customer(app, name: "Jonas", email: "jonas@example.test", language: "de")
            let jonas = try await Scenario.signedIn(app, email: "jonas@example.test")
            let organization = try await Scenario.organization(of: user, on: app)
            let invoices = try await jonas.get(SiteRoute.invoices(organization.id!).path).body.string
            #expect(invoices.contains("/help/de/articles/invoices") && invoices.contains("/help/de/articles/payment-reminders"))
            let prepaid = try await jonas.get(SiteRoute.prepaidAccount(organization.id!).path).body.string
            #expect(prepaid.contains("/help/de/articles/standing-orders") && prepaid.contains("/help/de/articles/prepaid-account"))
            let guide = try await Browser(app).get(SiteRoute.helpArticle(language: "de", slug: "qr-bill").path)
            #expect(guide.status == .ok)
            #expect(!guide.body.string.contains("id=\"fallback-notice\""), "the German guide is shown, not a fallback")
        }
    }
}

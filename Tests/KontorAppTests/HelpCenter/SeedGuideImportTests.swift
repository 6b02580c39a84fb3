import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import Testing
import Vapor
import VaporTesting

@Suite("The seed's guides in this help center: adapted, every link alive, duplicates of our own guides kept as drafts")
struct SeedGuideImportTests {
    @Test("no published guide names the other provider or its console, says 'click here' or holds a link that goes nowhere")
    func everyPublishedGuideIsOurs() async throws {
        try await withTestApp { app, clock in
            _ = try await HelpLibrary(db: app.db, now: clock.now).importDrafts(try BundledHelpContent.load(), publish: true)
            let report = try await SeedGuideImport(db: app.db, now: clock.now, providerName: "Helvetia Hosting").run(try Scenario.seedText())
            #expect(report.published.count + report.drafts.count == 10)
            let articles = try await HelpArticle.query(on: app.db).all()
            let published = articles.filter { $0.status == .published }
            let publishedSlugs = Set(published.map { "\($0.language)/\($0.slug)" })
            for article in published {
                let text = [article.title, article.summary, article.body].joined(separator: "\n")
                for foreign in ["Infomaniak", "infomaniak", "Manager", "clic aquí", "⋮", "¿Necesita ayuda?", "esta otra guía"] {
                    #expect(!text.contains(foreign), "\(article.language)/\(article.slug) says \(foreign)")
                }
                for link in MarkdownRenderer.render(article.body).links {
                    if link.hasPrefix("console:") {
                        #expect(SiteRoute.consoleLink(named: String(link.dropFirst("console:".count))) != nil, "\(article.slug): \(link)")
                    } else if link.hasPrefix("article:") {
                        #expect(publishedSlugs.contains("\(article.language)/\(link.dropFirst("article:".count))"), "\(article.slug): \(link)")
                    }
                }
                for related in article.draft.related {
                    #expect(publishedSlugs.contains("\(article.language)/\(related)"), "\(article.slug) relates to \(related), not published")
                }
            }
            // The seed's billing-address guide is the topic of ours: a draft naming it, for an editor.
            #expect(report.drafts["agregar-direcciones-de-facturacion"] == "billing-addresses")
            let draft = try #require(articles.first { $0.slug == "agregar-direcciones-de-facturacion" })
            #expect(draft.status == .draft && draft.draft.related.first == "billing-addresses")
            #expect(draft.body.contains("[Acceda a la gestión de las direcciones de facturación](console:billing-addresses)"))
        }
    }

    @Test("with the seed imported, export then import changes nothing: drafts stay drafts, every context is a console page")
    func exportImportWithSeed() async throws {
        try await withTestApp { app, clock in
            let library = HelpLibrary(db: app.db, now: clock.now)
            _ = try await library.importDrafts(try BundledHelpContent.load(), publish: true)
            let report = try await SeedGuideImport(db: app.db, now: clock.now, providerName: "Helvetia Hosting").run(try Scenario.seedText())
            #expect(!report.drafts.isEmpty, "some seed guides are kept as drafts")
            let pages = Set(SiteRoute.helpPages.map(\.name))
            let articles = try await HelpArticle.query(on: app.db).all()
            for article in articles { #expect(Set(article.draft.contexts).isSubset(of: pages), "\(article.slug): \(article.draft.contexts)") }

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-help-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let unpublished = Set(articles.filter { $0.status != .published }.map { $0.language + "/" + $0.slug })
            _ = try HelpArticleFolder.write(articles.map(\.draft), unpublished: unpublished, to: folder)
            let (read, marked) = try HelpArticleFolder.readMarked(folder)
            #expect(marked == unpublished)
            let again = try await library.importDrafts(read, publish: true, unpublished: marked)
            #expect(again == .init(created: 0, updated: 0, unchanged: articles.count))
            let drafts = try await HelpArticle.query(on: app.db).filter(\.$statusValue == HelpArticleStatus.draft.rawValue).count()
            #expect(drafts == unpublished.count, "no draft was published by the round trip")
        }
    }

    @Test("importing a file as a draft over a published article leaves the live page alone: the file waits as its pending changes")
    func draftImportOverPublished() async throws {
        try await withTestApp { app, clock in
            let library = HelpLibrary(db: app.db, now: clock.now)
            let guides = try BundledHelpContent.load()
            _ = try await library.importDrafts(guides, publish: true)
            var changed = try #require(guides.first { $0.language == "en" && $0.slug == "support-code" })
            let live = changed.title
            changed.title = "Unreviewed title"
            #expect(try await library.importDrafts([changed], publish: false) == .init(created: 0, updated: 1, unchanged: 0))
            let article = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "support-code").filter(\.$language == "en").first())
            #expect(article.status == .published && article.title == live && article.pendingDraft?.title == "Unreviewed title")
            #expect(try await library.importDrafts([changed], publish: false) == .init(created: 0, updated: 0, unchanged: 1), "the same file again changes nothing")
            let page = try await Browser(app).get(SiteRoute.helpArticle(language: "en", slug: "support-code").path).body.string
            #expect(page.contains(live) && !page.contains("Unreviewed title"))
        }
    }

    @Test("a guide's link to a page of an organization opens that page of the reader's current organization")
    func organizationPageLinks() async throws {
        try await withTestApp { app, _ in
            let (browser, _, organization, _) = try await ProductPagesTests.setUp(app)
            #expect(SiteRoute.consoleLink(named: "billing-addresses") == .consolePage("billing-addresses"))
            let org = try organization.requireID()
            let go = try await browser.get(SiteRoute.consolePage("billing-addresses").path)
            #expect(go.status == .seeOther && go.location == SiteRoute.billingAddresses(org).path)
            #expect(try await browser.get(SiteRoute.consolePage("no-such-page").path).status == .notFound)
            let stranger = try await Browser(app).get(SiteRoute.consolePage("products").path)
            #expect(stranger.status == .seeOther && stranger.location?.hasPrefix(SiteRoute.signIn.path) == true, "signed out: to sign-in first")
        }
    }
}

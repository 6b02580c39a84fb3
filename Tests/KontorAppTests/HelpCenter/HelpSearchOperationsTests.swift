import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Help search: synonyms, analytics, several servers, imports")
struct HelpSearchOperationsTests {
    static func slugs(_ app: Application, _ query: String, lang: String = "es") async throws -> [String] {
        let path = "/api/v1/help/search?lang=\(lang)&q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query)
        return try await Scenario.getJSON(app, path).content.decode(HelpAPIController.Results.self).items.map(\.slug)
    }

    @Test("a synonym group an editor adds makes search find the guide by the other words")
    func synonyms() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            #expect(try await Self.slugs(app, "kzphrase", lang: "en").isEmpty)
            let editor = try await Scenario.staff(app, role: .editor)
            let saved = try await editor.post(SiteRoute.staffHelpSynonyms.path, form: ["terms": "kzphrase, tokens", "language": "all"])
            #expect(saved.status == .seeOther)
            #expect(try await Self.slugs(app, "kzphrase", lang: "en").first == "api-tokens")
            let bad = try await editor.post(SiteRoute.staffHelpSynonyms.path, form: ["terms": "lonely", "language": "all"])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await HelpSynonym.query(on: app.db).count() == 1)
        }
    }

    @Test("editors see the synonyms Kontor ships, and which of them a group of theirs replaces")
    func shippedSynonymsOnTheStaffPage() async throws {
        try await withTestApp { app, _ in
            let editor = try await Scenario.staff(app, role: .editor)
            let before = try await editor.get(SiteRoute.staffHelpSynonyms.path).body.string
            let table = try #require(before.range(of: "id=\"shipped-synonyms\""))
            #expect(before[table.upperBound...].contains("Zwei-Faktor-Authentifizierung"))
            #expect(!before.contains("data-status=\"replaced\""))
            let saved = try await editor.post(SiteRoute.staffHelpSynonyms.path, form: ["terms": "courriel, courrier électronique", "language": "fr"])
            #expect(saved.status == .seeOther)
            let after = try await editor.get(SiteRoute.staffHelpSynonyms.path).body.string
            let replaced = after.components(separatedBy: "data-status=\"replaced\"")
            #expect(replaced.count == 2, "only the French e-mail group shares a term with the new group")
            #expect(replaced.count == 2 && replaced[1].prefix(300).contains("courriel, courrier électronique"))
        }
    }

    @Test("a synonym group saved for one language changes search in that language only")
    func synonymsForOneLanguage() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let editor = try await Scenario.staff(app, role: .editor)
            let saved = try await editor.post(SiteRoute.staffHelpSynonyms.path, form: ["terms": "kzphrase, API", "language": "fr"])
            #expect(saved.status == .seeOther)
            #expect(try await !Self.slugs(app, "kzphrase", lang: "fr").isEmpty)
            #expect(try await Self.slugs(app, "kzphrase", lang: "en").isEmpty, "the English guides say API too, but the group is French")
        }
    }

    @Test("staff see the top searches, the searches without result and the least helpful guides, with a chart")
    func analytics() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            for query in ["cambiar contraseña", "cambiar contraseña", "xqzzv wqqpt", "cambiar contraseña"] {
                _ = try await Browser(app).get("/help/es/search?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            }
            // A reader's repeated search counts once; two other readers searched it too.
            for reader in ["203.0.113.1", "203.0.113.2"] {
                await app.kontor.readerAnalytics.recordSearch(query: "cambiar contraseña", language: "es", resultCount: 3, firstResultSlug: nil,
                                                              reader: reader, now: Date())
            }
            _ = try await Scenario.getJSON(app, "/api/v1/help/search?lang=es&typing=1&q=camb")
            try await Browser(app).post(SiteRoute.helpFeedback(language: "es", slug: "api-basics").path, form: ["helpful": "no"])
            let editor = try await Scenario.staff(app, role: .editor)
            let page = try await editor.get(SiteRoute.staffHelpAnalytics.path).body.string
            #expect(page.contains("<svg"))
            #expect(page.contains("cambiar contraseña"))
            let zero = try #require(page.range(of: "id=\"zero-results\""))
            #expect(page[zero.upperBound...].prefix(300).contains("xqzzv wqqpt"))
            #expect(!page.contains(">camb<"), "results while typing are not counted")
            let top = try await HelpAnalytics(db: app.db).topQueries(since: .distantPast)
            #expect(top.first == .init(query: "cambiar contraseña", count: 3))
            #expect(try await HelpAnalytics(db: app.db).leastHelpful().first?.title.isEmpty == false)
        }
    }

    @Test("housekeeping forgetting old searches on one server while another writes new ones: no error, every new search kept, every old one gone")
    func searchLogPrunedWhileWritten() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let old = clock.now.addingTimeInterval(-Double(Housekeeping.searchLogDays + 1) * 86_400)
            try await (0..<12_000).map { HelpSearchLogEntry(query: "old \($0 % 50)", language: "es", resultCount: 0, firstResultSlug: nil, now: old) }
                .create(on: apps[0].db)
            async let pruned = apps[0].housekeeping.run()
            async let written: Void = {
                for batch in 0..<20 {
                    for reader in 0..<25 {
                        await apps[1].kontor.readerAnalytics.recordSearch(query: "new \(batch)", language: "es", resultCount: 1, firstResultSlug: nil,
                                                                          reader: "203.0.113.\(reader)", now: clock.now)
                    }
                    try await apps[1].kontor.readerAnalytics.flush(on: apps[1].db)
                }
            }()
            let (report, _) = try await (pruned, written)
            #expect(report.searchesForgotten == 12_000)
            #expect(try await HelpSearchLogEntry.query(on: apps[0].db).count() == 500, "20 flushes of 25 readers, none lost")
        }
    }

    @Test("one client cannot fill the search log: its repeated search counts once, at most 20 of its searches count per half hour, control and direction characters are not logged, and housekeeping forgets searches after 180 days")
    func searchLogFlood() async throws {
        try await withTestApp { app, clock in
            let analytics = app.kontor.readerAnalytics
            for index in 0..<300 {
                await analytics.recordSearch(query: "flood \(index)", language: "es", resultCount: 0, firstResultSlug: nil, reader: "198.51.100.66", now: clock.now)
            }
            for _ in 0..<5 {
                await analytics.recordSearch(query: "factura", language: "es", resultCount: 2, firstResultSlug: nil, reader: "203.0.113.9", now: clock.now)
            }
            await analytics.recordSearch(query: "\u{202E}anuloc al \u{200B}ed", language: "es", resultCount: 0, firstResultSlug: nil,
                                         reader: "203.0.113.10", now: clock.now)
            try await analytics.flush(on: app.db)
            let logged = try await HelpSearchLogEntry.query(on: app.db).all()
            #expect(logged.filter { $0.query.hasPrefix("flood") }.count == ReaderAnalytics.searchesPerReader)
            #expect(logged.filter { $0.query == "factura" }.count == 1)
            #expect(logged.contains { $0.query == "anuloc al ed" }, "\(logged.map(\.query))")
            #expect(!logged.contains { $0.query.unicodeScalars.contains { $0.properties.generalCategory == .format } })
            // Half an hour later the flooding reader counts again, within the same limit.
            clock.advance(by: ReaderAnalytics.viewWindow + 1)
            await analytics.recordSearch(query: "flood 0", language: "es", resultCount: 0, firstResultSlug: nil, reader: "198.51.100.66", now: clock.now)
            try await analytics.flush(on: app.db)
            #expect(try await HelpSearchLogEntry.query(on: app.db).filter(\.$query == "flood 0").count() == 2)

            clock.advance(by: Double(Housekeeping.searchLogDays) * 86_400 - 60)
            await analytics.recordSearch(query: "recent", language: "es", resultCount: 0, firstResultSlug: nil, reader: "203.0.113.11", now: clock.now)
            try await analytics.flush(on: app.db)
            clock.advance(by: 3600)
            let report = try await app.housekeeping.run()
            #expect(report.searchesForgotten == ReaderAnalytics.searchesPerReader + 3, "the first day's searches are gone")
            #expect(try await HelpSearchLogEntry.query(on: app.db).all().map(\.query) == ["recent"], "the last half year's stay")
        }
    }

    @Test("with two servers on one database, a published edit on one is found by the other's search within seconds; a saved one is not, until published")
    func twoServers() async throws {
        try await withTestApps(count: 2) { apps, clock in
            try await Scenario.loadHelp(apps[0])
            #expect(try await Self.slugs(apps[1], "quetzalcoatl", lang: "en").isEmpty)
            let editor = try await Scenario.staff(apps[0], role: .editor)
            let article = try #require(try await HelpArticle.query(on: apps[0].db).filter(\.$slug == "api-basics").filter(\.$language == "en").first())
            var form = ["title": article.title, "summary": article.summary, "kind": article.kindValue, "category": article.category,
                        "body": article.body + "\n\nThe quetzalcoatl endpoint is new.", "tags": "", "related": "", "contexts": ""]
            form["language"] = "en"
            form["base_revision"] = HelpEditingConcurrencyTests.baseRevision(try await editor.get(SiteRoute.staffHelpArticle(article.id!).path).body.string)
            let saved = try await editor.post(SiteRoute.staffHelpArticle(article.id!).path, form: form)
            #expect(saved.status == .seeOther && saved.location?.contains("notice=help_saved_pending") == true)
            #expect(try await HelpArticle.find(article.id, on: apps[1].db)?.body.contains("quetzalcoatl") == false, "readers see the published text")
            clock.advance(by: HelpSearchService.refreshInterval + 1)
            #expect(try await Self.slugs(apps[1], "quetzalcoatl", lang: "en").isEmpty, "an unpublished change is not searchable")
            let public1 = try await apps[1].testing().sendRequest(.GET, SiteRoute.helpArticle(language: "en", slug: "api-basics").path).body.string
            #expect(!public1.contains("quetzalcoatl"))
            let editorPage = try await editor.get(SiteRoute.staffHelpArticle(article.id!).path).body.string
            #expect(editorPage.contains("id=\"pending-changes\"") && editorPage.contains("quetzalcoatl"), "the editor continues from the saved changes")

            #expect(try await editor.post(SiteRoute.staffHelpPublish(article.id!).path, form: ["base_revision": HelpEditingConcurrencyTests.baseRevision(editorPage)])
                    .status == .seeOther)
            #expect(try await HelpArticle.find(article.id, on: apps[1].db)?.body.contains("quetzalcoatl") == true)
            #expect(try await HelpArticle.find(article.id, on: apps[1].db)?.pendingDraftJSON == nil)
            clock.advance(by: HelpSearchService.refreshInterval + 1)
            #expect(try await Self.slugs(apps[1], "quetzalcoatl", lang: "en") == ["api-basics"])

            // Saved again, then discarded: the published text stays.
            form["body"] = article.body + "\n\nThe quetzalcoatl endpoint is new. Also xylophone."
            form["base_revision"] = HelpEditingConcurrencyTests.baseRevision(try await editor.get(SiteRoute.staffHelpArticle(article.id!).path).body.string)
            _ = try await editor.post(SiteRoute.staffHelpArticle(article.id!).path, form: form)
            #expect(try await editor.post(SiteRoute.staffHelpDiscard(article.id!).path).status == .seeOther)
            let after = try #require(try await HelpArticle.find(article.id, on: apps[1].db))
            #expect(after.pendingDraftJSON == nil && !after.body.contains("xylophone") && after.body.contains("quetzalcoatl"))
        }
    }

    @Test("counts follow each language's plural rule: '1 guía encontrada', '4 guías encontradas', '0 guide trouvé' — never 'guía(s)'")
    func pluralCounts() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            func count(_ language: String, _ query: String) async throws -> String? {
                let page = try await Browser(app).get("/help/\(language)/search?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")).body.string
                return Scenario.between(page, "id=\"result-count\">", "</p>")
            }
            let many = try #require(try await count("es", "contraseña"))
            #expect(many.hasSuffix(" guías encontradas") && !many.hasPrefix("1 "), "got \(many)")
            #expect(try await count("fr", "xqzzv wqqpt") == "0 guide trouvé", "French puts zero in the singular")
            #expect(try await count("en", "xqzzv wqqpt") == "0 guides found")
            let home = try await Browser(app).get("/help/de").body.string
            #expect(!home.contains("(s)") && !home.contains("(en)") && !home.contains("/i "))
        }
    }

    @Test("importing the seed gives its ten guides; importing again changes nothing")
    func seedImportIsIdempotent() async throws {
        try await withTestApp { app, _ in
            let drafts = SeedGuideImporter.importGuides(from: try Scenario.seedText())
            let library = HelpLibrary(db: app.db, now: app.kontor.clock.now())
            let first = try await library.importDrafts(drafts, publish: true)
            #expect(first == .init(created: 10, updated: 0, unchanged: 0))
            let second = try await library.importDrafts(drafts, publish: true)
            #expect(second == .init(created: 0, updated: 0, unchanged: 10))
            #expect(try await HelpArticleRevision.query(on: app.db).count() == 10)
            let page = try await Browser(app).get(SiteRoute.helpArticle(language: "es", slug: "activar-o-desactivar-renewal-warranty").path).body.string
            #expect(page.components(separatedBy: "<li>").count > 18)
        }
    }

    @Test("articles export to Markdown files with front matter and import back unchanged")
    func exportImportRoundTrip() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-help-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let articles = try await HelpArticle.query(on: app.db).all()
            #expect(try HelpArticleFolder.write(articles.map(\.draft), to: folder) == articles.count)
            let read = try HelpArticleFolder.read(folder)
            #expect(Set(read) == Set(articles.map(\.draft)))
            let report = try await HelpLibrary(db: app.db, now: app.kontor.clock.now()).importDrafts(read, publish: true)
            #expect(report.unchanged == articles.count)
        }
    }
}

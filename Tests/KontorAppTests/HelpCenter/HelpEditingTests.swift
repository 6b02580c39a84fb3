import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Writing the help center in the staff console")
struct HelpEditingTests {
    static let form = ["slug": "reset-dns", "language": "en", "kind": "guide", "category": "products-sites",
                       "title": "Reset your DNS zone", "summary": "This guide explains how to reset a DNS zone.",
                       "body": "## Before you start\n\n1. Open [your profile](console:profile).\n2. Click **Reset**.\n\n> [!WARNING]\n> This cannot be undone.",
                       "tags": "dns, zone", "related": "", "contexts": "console"]

    @Test("an editor drafts, previews and publishes an article; the public sees it only once published")
    func draftPreviewPublish() async throws {
        try await withTestApp { app, _ in
            let editor = try await Scenario.staff(app, role: .editor)
            let created = try await editor.post(SiteRoute.staffHelpNewArticle.path, form: Self.form)
            #expect(created.status == .seeOther)
            let article = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "reset-dns").first())
            #expect(article.status == .draft && article.revision == 1)
            #expect(try await Browser(app).get(SiteRoute.helpArticle(language: "en", slug: "reset-dns").path).status == .notFound)

            let preview = try await editor.post(SiteRoute.staffHelpPreview.path, form: ["body": Self.form["body"]!, "language": "en"])
            #expect(preview.body.string.contains("<ol>"))
            #expect(preview.body.string.contains("callout-warning"))
            #expect(preview.body.string.contains("href=\"/profile\""))

            let editorPage = try await editor.get(SiteRoute.staffHelpArticle(article.id!).path).body.string
            #expect(try await editor.post(SiteRoute.staffHelpPublish(article.id!).path, form: ["base_revision": HelpEditingConcurrencyTests.baseRevision(editorPage)])
                    .status == .seeOther)
            let page = try await Browser(app).get(SiteRoute.helpArticle(language: "en", slug: "reset-dns").path)
            #expect(page.status == .ok && page.body.string.contains("Reset your DNS zone"))
        }
    }

    @Test("every save is a revision; the diff shows what changed and a restore brings the old text back")
    func revisions() async throws {
        try await withTestApp { app, _ in
            let editor = try await Scenario.staff(app, role: .editor)
            try await editor.post(SiteRoute.staffHelpNewArticle.path, form: Self.form)
            let article = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "reset-dns").first())
            var changed = Self.form
            changed["body"] = "## Before you start\n\n1. Open the DNS page.\n2. Click **Reset**."
            changed["note"] = "simpler first step"
            changed["base_revision"] = HelpEditingConcurrencyTests.baseRevision(try await editor.get(SiteRoute.staffHelpArticle(article.id!).path).body.string)
            #expect(try await editor.post(SiteRoute.staffHelpArticle(article.id!).path, form: changed).status == .seeOther)

            let list = try await editor.get(SiteRoute.staffHelpRevisions(article.id!).path).body.string
            #expect(list.contains("simpler first step"))
            let diff = try await editor.get(SiteRoute.staffHelpRevision(article.id!, number: 1).path).body.string
            #expect(diff.contains("<span class=\"diff-removed\">- 1. Open [your profile](console:profile).</span>"))
            #expect(diff.contains("<span class=\"diff-added\">+ 1. Open the DNS page.</span>"))

            #expect(try await editor.post(SiteRoute.staffHelpRestore(article.id!, number: 1).path).status == .seeOther)
            let restored = try #require(try await HelpArticle.find(article.id, on: app.db))
            #expect(restored.body == Self.form["body"] && restored.revision == 3)
            #expect(try await HelpArticleRevision.query(on: app.db).filter(\.$article.$id == article.id!).count() == 3)
            #expect(try await editor.post(SiteRoute.staffHelpRestore(article.id!, number: 9).path).status == .notFound)
        }
    }

    @Test("invalid articles are refused field by field and nothing is stored")
    func validation() async throws {
        try await withTestApp { app, _ in
            let editor = try await Scenario.staff(app, role: .editor)
            var bad = Self.form
            bad["slug"] = "Not A Slug"
            bad["title"] = ""
            bad["category"] = "weather"
            let response = try await editor.post(SiteRoute.staffHelpNewArticle.path, form: bad)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("id=\"slug-error\""))
            #expect(response.body.string.contains("id=\"title-error\""))
            #expect(response.body.string.contains("value=\"Not A Slug\"") || response.body.string.contains("value=\"not a slug\""))
            #expect(try await HelpArticle.query(on: app.db).count() == 0)

            try await editor.post(SiteRoute.staffHelpNewArticle.path, form: Self.form)
            // Another article under a slug in use (the same form sent again is the first: HelpEditorResendTests).
            var other = Self.form
            other["title"] = "Another DNS guide"
            let again = try await editor.post(SiteRoute.staffHelpNewArticle.path, form: other)
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("id=\"slug-error\""))
            #expect(try await HelpArticle.query(on: app.db).count() == 1)
        }
    }

    @Test("what help-import would refuse, the editor refuses too, so a saved article always exports and imports again")
    func sameRulesAsImport() async throws {
        try await withTestApp { app, _ in
            let editor = try await Scenario.staff(app, role: .editor)
            var bad = Self.form
            bad["contexts"] = "billing, foo bar"
            bad["related"] = "Not_A_Slug"
            bad["body"] = "See [the page](console:nowhere)."
            bad["title"] = "Bad \u{0B}title"
            let response = try await editor.post(SiteRoute.staffHelpNewArticle.path, form: bad)
            #expect(response.status == .unprocessableEntity)
            for field in ["contexts", "related", "body", "title"] {
                #expect(response.body.string.contains("id=\"\(field)-error\""), "\(field) is named")
            }
            #expect(try await HelpArticle.query(on: app.db).count() == 0)
            // A title stored before the check cannot break the feed: XML output drops control characters.
            #expect(XML.escape("A\u{01}B & C") == "AB &amp; C")
        }
    }

    @Test("search keywords: an editor adds the words customers use, search finds the guide by them, readers never see them")
    func searchKeywords() async throws {
        try await withTestApp { app, _ in
            let editor = try await Scenario.staff(app, role: .editor)
            var form = Self.form
            form["keywords"] = "Nameserver wipe, start over"
            #expect(try await editor.post(SiteRoute.staffHelpNewArticle.path, form: form).status == .seeOther)
            let article = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "reset-dns").first())
            #expect(article.keywords == ["nameserver wipe", "start over"], "lower-cased like tags, one per entry")
            let editorPage = try await editor.get(SiteRoute.staffHelpArticle(article.id!).path).body.string
            #expect(editorPage.contains("value=\"nameserver wipe, start over\""), "the editor shows them back")
            _ = try await editor.post(SiteRoute.staffHelpPublish(article.id!).path,
                                      form: ["base_revision": HelpEditingConcurrencyTests.baseRevision(editorPage)])

            let search = try await Scenario.getJSON(app, "/api/v1/help/search?q=nameserver&lang=en")
            #expect(try search.content.decode(HelpAPIController.Results.self).items.map(\.slug) == ["reset-dns"])
            let page = try await Browser(app).get(SiteRoute.helpArticle(language: "en", slug: "reset-dns").path).body.string
            let api = try await Scenario.getJSON(app, "/api/v1/help/articles/en/reset-dns").body.string
            for shown in [page, api] { #expect(!shown.contains("nameserver") && !shown.contains("start over")) }

            var tooMany = Self.form
            tooMany["slug"] = "reset-dns-2"
            tooMany["keywords"] = (1...41).map { "word\($0)" }.joined(separator: ", ")
            for language in ["de", "fr"] {
                editor.extraHeaders.replaceOrAdd(name: .acceptLanguage, value: language)
                let refused = try await editor.post(SiteRoute.staffHelpNewArticle.path, form: tooMany)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains("id=\"keywords-error\""))
                #expect(refused.body.string.contains(language == "de" ? "Höchstens 40 Suchbegriffe" : "Au plus 40 termes de recherche"))
            }
            #expect(try await HelpArticle.query(on: app.db).count() == 1)
        }
    }

    @Test("only editors and administrators write; support staff and customers cannot")
    func roles() async throws {
        try await withTestApp { app, _ in
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.get(SiteRoute.staffHelp.path).status == .forbidden)
            #expect(try await support.post(SiteRoute.staffHelpNewArticle.path, form: Self.form).status == .forbidden)
            #expect(try await Browser(app).get(SiteRoute.staffHelp.path).status == .seeOther)
            let admin = try await Scenario.staff(app, role: .administrator)
            #expect(try await admin.get(SiteRoute.staffHelp.path).status == .ok)
            #expect(try await HelpArticle.query(on: app.db).count() == 0)
        }
    }

    @Test("the staff list shows which guides are not yet translated, with a link that starts the translation")
    func missingTranslations() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app, seed: true)
            let editor = try await Scenario.staff(app, role: .editor)
            let list = try await editor.get(SiteRoute.staffHelp.path).body.string
            let missing = try #require(list.range(of: "id=\"missing-translations\""))
            #expect(list[missing.upperBound...].contains("desactivar-la-autenticacion-doble"))
            let source = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "opcion-prefijo-mysql").first())
            let start = try await editor.get(SiteRoute.staffHelpNewArticle.path + "?slug=opcion-prefijo-mysql&language=fr&from=\(source.id!.uuidString)")
            #expect(start.body.string.contains("Prefijo MySQL"))
            #expect(start.body.string.contains("<option value=\"fr\" selected"))
        }
    }

    @Test("an editor may write up to 256 KB of Markdown, as an import may; beyond that the form says so, never a bare 413")
    func sizeLimit() async throws {
        try await withTestApp { app, _ in
            let editor = try await Scenario.staff(app, role: .editor)
            // 120,000 accented letters: 240 KB of Markdown, over 700 KB once form-encoded the way a browser sends it.
            var long = Self.form
            long["body"] = String(repeating: "é", count: 120_000)
            long["_csrf"] = try await editor.csrfToken(page: SiteRoute.staffSignIn.path)
            let encoded = long.map { "\(Browser.encode($0.key))=\(Browser.encode($0.value))" }.joined(separator: "&")
            try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(.POST, SiteRoute.staffHelpNewArticle.path, beforeRequest: { request in
                request.headers.replaceOrAdd(name: .cookie, value: editor.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
                request.headers.contentType = .urlEncodedForm
                request.body = ByteBuffer(string: encoded)
            }, afterResponse: { response in
                #expect(response.status == .ok, "the client follows the redirect to the saved article, no 413")
            })
            let saved = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "reset-dns").first())
            #expect(saved.body == long["body"])

            var tooLong = Self.form
            tooLong["slug"] = "too-long"
            tooLong["body"] = String(repeating: "a", count: ArticleFile.bodyByteLimit + 1)
            let refused = try await editor.post(SiteRoute.staffHelpNewArticle.path, form: tooLong)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("id=\"body-error\""))
            #expect(refused.body.string.contains(app.kontor.localizer.text("error.help.body_too_large", .en)))
            let preview = try await editor.post(SiteRoute.staffHelpPreview.path, form: ["body": tooLong["body"]!, "language": "en"])
            #expect(preview.status == .unprocessableEntity)
            #expect(try await HelpArticle.query(on: app.db).count() == 1)
        }
    }
}

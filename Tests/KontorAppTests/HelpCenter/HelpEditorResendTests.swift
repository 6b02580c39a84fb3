import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// An editor's form sent twice — a double click, a browser resend, two tabs — through two servers. Before, a new
/// article's second copy said its slug was taken, a second save or publish said someone had changed the article
/// meanwhile, a second unpublish or restore added a revision that changed nothing, and a synonym group was listed twice.
@Suite("Help editors' forms sent twice at once act once")
struct HelpEditorResendTests {
    /// Four copies of one form from the same editor at once, alternating between the servers; the answers' statuses.
    private static func fourAtOnce(_ apps: [Application], _ editor: Browser, _ path: String, form: [String: String]) async throws -> [HTTPStatus] {
        let csrf = Browser.token(in: try await editor.get(SiteRoute.staffHelp.path).body.string)
        return try await editor.postAtOnce(apps, count: 4, path) { _ in form.merging(["_csrf": csrf]) { $1 } }.map(\.status)
    }

    private static func revisions(_ article: HelpArticle, on app: Application) async throws -> [HelpArticleRevision] {
        try await HelpArticleRevision.query(on: app.db).filter(\.$article.$id == article.id!).sort(\.$number).all()
    }

    @Test("a new article sent four times: one article with one revision, every answer its editor page")
    func newArticleOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let editor = try await Scenario.staff(apps[0], role: .editor)
            let statuses = try await Self.fourAtOnce(apps, editor, SiteRoute.staffHelpNewArticle.path, form: HelpEditingTests.form)
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            let article = try #require(try await HelpArticle.query(on: apps[1].db).filter(\.$slug == "reset-dns").first())
            #expect(try await HelpArticle.query(on: apps[1].db).count() == 1)
            #expect(try await Self.revisions(article, on: apps[1]).count == 1)
            // Another editor's article under the same slug is still refused.
            let other = try await Scenario.staff(apps[1], role: .editor, email: "other@staff.test")
            #expect(try await other.post(SiteRoute.staffHelpNewArticle.path, form: HelpEditingTests.form).status == .unprocessableEntity)
        }
    }

    @Test("one save and then one publish, each sent four times from the same page: one revision each, no 'changed meanwhile'")
    func saveAndPublishOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let article = try await HelpEditingConcurrencyTests.apiBasics(apps[0])
            let before = article.revision
            let editor = try await Scenario.staff(apps[0], role: .editor)
            let path = SiteRoute.staffHelpArticle(article.id!).path
            let base = HelpEditingConcurrencyTests.baseRevision(try await editor.get(path).body.string)
            let saves = try await Self.fourAtOnce(apps, editor, path, form: HelpEditingConcurrencyTests.form(article, body: article.body + "\n\nOne more line.", base: base))
            #expect(saves.allSatisfy { $0 == .seeOther }, "\(saves)")
            let saved = try #require(try await HelpArticle.find(article.id, on: apps[1].db))
            #expect(saved.revision == before + 1)
            #expect(saved.pendingDraft?.body == article.body + "\n\nOne more line.")

            let publishBase = HelpEditingConcurrencyTests.baseRevision(try await editor.get(path).body.string)
            let publishes = try await Self.fourAtOnce(apps, editor, SiteRoute.staffHelpPublish(article.id!).path, form: ["base_revision": publishBase])
            #expect(publishes.allSatisfy { $0 == .seeOther }, "\(publishes)")
            let published = try #require(try await HelpArticle.find(article.id, on: apps[1].db))
            #expect(published.revision == before + 2)
            #expect(published.pendingDraft == nil && published.body == article.body + "\n\nOne more line.")

            // Another editor's save from the page shown before is still told it changed meanwhile.
            let other = try await Scenario.staff(apps[1], role: .editor, email: "other@staff.test")
            #expect(try await other.post(path, form: HelpEditingConcurrencyTests.form(article, body: "Other text.", base: base)).status == .conflict)
        }
    }

    @Test("unpublish and restore, each sent four times: one revision each")
    func unpublishAndRestoreOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let article = try await HelpEditingConcurrencyTests.apiBasics(apps[0])
            let editor = try await Scenario.staff(apps[0], role: .editor)
            let path = SiteRoute.staffHelpArticle(article.id!).path
            let base = HelpEditingConcurrencyTests.baseRevision(try await editor.get(path).body.string)
            #expect(try await editor.post(path, form: HelpEditingConcurrencyTests.form(article, body: "A shorter text.", base: base)).status == .seeOther)
            let before = try await Self.revisions(article, on: apps[1]).count

            let unpublishes = try await Self.fourAtOnce(apps, editor, SiteRoute.staffHelpUnpublish(article.id!).path, form: [:])
            #expect(unpublishes.allSatisfy { $0 == .seeOther }, "\(unpublishes)")
            #expect(try await Self.revisions(article, on: apps[1]).count == before + 1)
            #expect(try await HelpArticle.find(article.id, on: apps[1].db)?.status == .draft)

            let restores = try await Self.fourAtOnce(apps, editor, SiteRoute.staffHelpRestore(article.id!, number: article.revision).path, form: [:])
            #expect(restores.allSatisfy { $0 == .seeOther }, "\(restores)")
            let history = try await Self.revisions(article, on: apps[1])
            #expect(history.count == before + 2)
            #expect(try await HelpArticle.find(article.id, on: apps[1].db)?.body == article.body)
        }
    }

    @Test("a synonym group sent four times, and again in another order and case: listed once")
    func synonymsOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let editor = try await Scenario.staff(apps[0], role: .editor)
            let statuses = try await Self.fourAtOnce(apps, editor, SiteRoute.staffHelpSynonyms.path, form: ["terms": "mailbox, inbox", "language": "en"])
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            #expect(try await editor.post(SiteRoute.staffHelpSynonyms.path, form: ["terms": "Inbox, mailbox", "language": "en"]).status == .seeOther)
            #expect(try await HelpSynonym.query(on: apps[1].db).count() == 1)
            // The same words for another language are another group.
            #expect(try await editor.post(SiteRoute.staffHelpSynonyms.path, form: ["terms": "mailbox, inbox", "language": "de"]).status == .seeOther)
            #expect(try await HelpSynonym.query(on: apps[1].db).count() == 2)
        }
    }
}

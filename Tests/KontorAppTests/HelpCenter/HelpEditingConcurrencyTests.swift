import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Editors saving and publishing one article at once over two servers")
struct HelpEditingConcurrencyTests {
    /// The revision the editor page's forms were rendered from.
    static func baseRevision(_ page: String) -> String {
        Scenario.between(page, "name=\"base_revision\" value=\"", "\"") ?? ""
    }

    static func form(_ article: HelpArticle, body: String, base: String) -> [String: String] {
        ["title": article.title, "summary": article.summary, "kind": article.kindValue, "category": article.category,
         "tags": "", "related": "", "contexts": "", "language": article.language, "body": body, "base_revision": base]
    }

    static func apiBasics(_ app: Application) async throws -> HelpArticle {
        try await Scenario.loadHelp(app)
        return try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "api-basics").filter(\.$language == "en").first())
    }

    @Test("six saves and a publish from the same revision at once: one is kept, the others are told it changed meanwhile with their text kept, no 500")
    func savesAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let article = try await Self.apiBasics(apps[0])
            let before = article.revision
            let editors = [try await Scenario.staff(apps[0], role: .editor, email: "one@staff.test"),
                           try await Scenario.staff(apps[1], role: .editor, email: "two@staff.test")]
            let base = Self.baseRevision(try await editors[0].get(SiteRoute.staffHelpArticle(article.id!).path).body.string)
            let answers = try await withThrowingTaskGroup(of: (Int, UInt, String).self) { group in
                for index in 0..<6 {
                    let editor = editors[index % 2]
                    group.addTask {
                        let response = try await editor.post(SiteRoute.staffHelpArticle(article.id!).path,
                                                             form: Self.form(article, body: article.body + "\n\nEdit number \(index).", base: base))
                        return (index, response.status.code, response.body.string)
                    }
                }
                group.addTask {
                    let response = try await editors[1].post(SiteRoute.staffHelpPublish(article.id!).path, form: ["base_revision": base])
                    return (6, response.status.code, response.body.string)
                }
                return try await group.reduce(into: [(Int, UInt, String)]()) { $0.append($1) }
            }
            #expect(answers.filter { $0.1 == 303 }.count == 1 && answers.filter { $0.1 == 409 }.count == 6, "\(answers.map(\.1))")
            for (index, _, page) in answers.filter({ $0.1 == 409 && $0.0 < 6 }) {
                #expect(page.contains("Edit number \(index)."), "the refused editor's text \(index) is still in the form")
            }
            let after = try #require(try await HelpArticle.find(article.id, on: apps[1].db))
            #expect(after.revision == before + 1, "one change, one revision")
        }
    }

    @Test("an editor saving from an older revision is told someone changed it meanwhile, with her text in the form; the other's text stays")
    func staleSave() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let article = try await Self.apiBasics(apps[0])
            let one = try await Scenario.staff(apps[0], role: .editor, email: "one@staff.test")
            let two = try await Scenario.staff(apps[1], role: .editor, email: "two@staff.test")
            let path = SiteRoute.staffHelpArticle(article.id!).path
            let opened = [Self.baseRevision(try await one.get(path).body.string), Self.baseRevision(try await two.get(path).body.string)]

            #expect(try await one.post(path, form: Self.form(article, body: "The first editor's text.", base: opened[0])).status == .seeOther)
            let stale = try await two.post(path, form: Self.form(article, body: "The second editor's text.", base: opened[1]))

            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("id=\"form-errors\"") && stale.body.string.contains("changed meanwhile"), "\(stale.body.string.prefix(600))")
            #expect(stale.body.string.contains(">The second editor&#39;s text.</textarea>") || stale.body.string.contains(">The second editor's text.</textarea>"),
                    "nothing typed is lost")
            let stored = try #require(try await HelpArticle.find(article.id, on: apps[1].db))
            #expect(stored.pendingDraft?.body == "The first editor's text.")
            // Saving again from the page shown is a choice made knowing the other's change: it goes through.
            #expect(try await two.post(path, form: Self.form(article, body: "The second editor's text.", base: Self.baseRevision(stale.body.string))).status
                    == .seeOther)
        }
    }

    @Test("Publish from a page older than the last save is refused: text nobody reviewed does not go live")
    func stalePublish() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let article = try await Self.apiBasics(apps[0])
            let reviewer = try await Scenario.staff(apps[0], role: .editor, email: "one@staff.test")
            let writer = try await Scenario.staff(apps[1], role: .editor, email: "two@staff.test")
            let path = SiteRoute.staffHelpArticle(article.id!).path
            #expect(try await writer.post(path, form: Self.form(article, body: "Reviewed text.", base: Self.baseRevision(try await writer.get(path).body.string)))
                    .status == .seeOther)
            let reviewed = try await reviewer.get(path).body.string
            #expect(reviewed.contains("Reviewed text."))
            #expect(try await writer.post(path, form: Self.form(article, body: "Unreviewed text.", base: Self.baseRevision(try await writer.get(path).body.string)))
                    .status == .seeOther)

            let publish = try await reviewer.post(SiteRoute.staffHelpPublish(article.id!).path, form: ["base_revision": Self.baseRevision(reviewed)])

            #expect(publish.status == .conflict)
            #expect(publish.body.string.contains("Unreviewed text."), "the page shows what would go live now")
            let live = try #require(try await HelpArticle.find(article.id, on: apps[1].db))
            #expect(live.body == article.body && live.pendingDraft?.body == "Unreviewed text.", "nothing was published")
        }
    }
}

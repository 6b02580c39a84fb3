import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Editors saving one published article at once over two servers")
struct HelpEditingConcurrencyTests {
    @Test("six saves and a publish of one article at once: every answer a success, each in the history under its own number, no 500")
    func savesAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            try await Scenario.loadHelp(apps[0])
            let article = try #require(try await HelpArticle.query(on: apps[0].db).filter(\.$slug == "api-basics").filter(\.$language == "en").first())
            let before = article.revision
            let editors = [try await Scenario.staff(apps[0], role: .editor, email: "one@staff.test"),
                           try await Scenario.staff(apps[1], role: .editor, email: "two@staff.test")]
            let form = ["title": article.title, "summary": article.summary, "kind": article.kindValue, "category": article.category,
                        "tags": "", "related": "", "contexts": "", "language": "en"]
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for index in 0..<6 {
                    let editor = editors[index % 2]
                    group.addTask {
                        var mine = form
                        mine["body"] = article.body + "\n\nEdit number \(index)."
                        return try await editor.post(SiteRoute.staffHelpArticle(article.id!).path, form: mine).status.code
                    }
                }
                group.addTask { try await editors[1].post(SiteRoute.staffHelpPublish(article.id!).path).status.code }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 == 303 }, "\(codes)")
            let after = try #require(try await HelpArticle.find(article.id, on: apps[1].db))
            let numbers = try await HelpArticleRevision.query(on: apps[1].db).filter(\.$article.$id == article.id!)
                .filter(\.$number > before).all().map(\.number).sorted()
            #expect(numbers == Array((before + 1)...(before + 7)) && after.revision == before + 7, "seven changes, seven revisions: \(numbers)")
            let saved = try await HelpArticleRevision.query(on: apps[1].db).filter(\.$article.$id == article.id!).filter(\.$number > before).all()
            let edits = Set(saved.filter { $0.body.contains("Edit number ") }.compactMap { $0.body.components(separatedBy: "Edit number ").last })
            #expect(edits == Set((0..<6).map { "\($0)." }), "every editor's text is in the history: \(edits.sorted())")
        }
    }
}

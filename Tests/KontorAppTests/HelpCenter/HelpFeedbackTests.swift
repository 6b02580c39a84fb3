import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Was this helpful?")
struct HelpFeedbackTests {
    static let path = SiteRoute.helpFeedback(language: "en", slug: "api-tokens").path

    @Test("a reader votes with an optional comment; voting again replaces the first vote")
    func vote() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let reader = Browser(app)
            let first = try await reader.post(Self.path, form: ["helpful": "no", "comment": "Where do I paste the token?"])
            #expect(first.status == .seeOther)
            #expect(first.location?.hasSuffix("?voted=1#feedback") == true)
            try await reader.post(Self.path, form: ["helpful": "yes"])
            try await Browser(app).post(Self.path, form: ["helpful": "yes"])
            let article = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "api-tokens").filter(\.$language == "en").first())
            #expect(article.helpfulCount == 2 && article.unhelpfulCount == 0)
            #expect(try await HelpFeedback.query(on: app.db).count() == 2)
            #expect(try await reader.get(SiteRoute.helpArticle(language: "en", slug: "api-tokens").path + "?voted=1").body.string.contains("id=\"feedback-thanks\""))
        }
    }

    @Test("a script voting with a fresh cookie each time counts three times a day from one address; the reader changing her vote always counts")
    func votesNotStuffed() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            for _ in 0..<10 { #expect(try await Browser(app).post(Self.path, form: ["helpful": "no"]).status == .seeOther, "the same answer") }
            let article = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "api-tokens").filter(\.$language == "en").first())
            #expect(article.unhelpfulCount == ThrottlePolicy.helpVotesPerArticleAndAddress.limit)
            // A reader who voted before changes her mind as often as she likes: that is no new voter.
            let reader = Browser(app)
            try await reader.post(SiteRoute.helpFeedback(language: "en", slug: "qr-bill").path, form: ["helpful": "no"])
            for answer in ["yes", "no", "yes", "no", "yes"] { try await reader.post(SiteRoute.helpFeedback(language: "en", slug: "qr-bill").path, form: ["helpful": answer]) }
            let changed = try #require(try await HelpArticle.query(on: app.db).filter(\.$slug == "qr-bill").filter(\.$language == "en").first())
            #expect(changed.helpfulCount == 1 && changed.unhelpfulCount == 0)
        }
    }

    @Test("ten fresh readers voting at once from one address through two servers count as often as the limit allows, never more")
    func concurrentVotesKeepTheLimit() async throws {
        try await withTestApps(count: 2) { apps, _ in
            try await Scenario.loadHelp(apps[0])
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<10 { group.addTask { try await Browser(apps[index % 2]).post(Self.path, form: ["helpful": "no"]).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            let article = try #require(try await HelpArticle.query(on: apps[1].db).filter(\.$slug == "api-tokens").filter(\.$language == "en").first())
            #expect(article.unhelpfulCount == ThrottlePolicy.helpVotesPerArticleAndAddress.limit && article.helpfulCount == 0)
        }
    }

    @Test("a double click on 'yes', sent four times at once through two servers, is one vote and four thank-yous")
    func doubleClickIsOneVote() async throws {
        try await withTestApps(count: 2) { apps, _ in
            try await Scenario.loadHelp(apps[0])
            let reader = Browser(apps[0])
            let page = try await reader.get(SiteRoute.helpArticle(language: "en", slug: "api-tokens").path).body.string
            let form = ["helpful": "yes", "_csrf": Browser.token(in: page)]
            let statuses = try await reader.postAtOnce(apps, count: 4, Self.path) { _ in form }.map(\.status)
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            let article = try #require(try await HelpArticle.query(on: apps[1].db).filter(\.$slug == "api-tokens").filter(\.$language == "en").first())
            #expect(article.helpfulCount == 1 && article.unhelpfulCount == 0)
            #expect(try await HelpFeedback.query(on: apps[1].db).count() == 1)
        }
    }

    @Test("a vote without yes or no, or with an overlong comment, is refused and stores nothing")
    func invalidVote() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let reader = Browser(app)
            reader.extraHeaders = ["Accept": "application/json"]
            let missing = try await reader.post(Self.path, form: ["comment": "hm"])
            #expect(missing.status == .unprocessableEntity)
            #expect(try missing.content.decode(KontorErrorMiddleware.Body.self).error.fields?.first?.field == "helpful")
            let long = try await reader.post(Self.path, form: ["helpful": "yes", "comment": String(repeating: "x", count: 1001)])
            #expect(try long.content.decode(KontorErrorMiddleware.Body.self).error.fields?.first?.field == "comment")
            #expect(try await reader.post(Self.path, form: ["helpful": "yes"], csrf: false).status == .forbidden)
            #expect(try await reader.post(SiteRoute.helpFeedback(language: "en", slug: "nope").path, form: ["helpful": "yes"]).status == .notFound)
            #expect(try await HelpFeedback.query(on: app.db).count() == 0)

            // In a browser: the article again, the error at its field, the typed comment kept.
            let page = try await Browser(app).post(Self.path, form: ["comment": "The steps were clear"])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.string.contains("id=\"helpful-error\"") && page.body.string.contains("The steps were clear</textarea>"))
            #expect(page.body.string.contains("id=\"article\""))
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("JSON API for newsletters: /me/newsletters")
struct NewsletterAPITests {
    static func topics(_ response: TestingHTTPResponse) throws -> [APIModels.NewsletterTopicChoice] {
        try response.content.decode(APIModels.List<APIModels.NewsletterTopicChoice>.self).items
    }

    @Test("GET names each topic in my language with whether I get it; PUT keeps exactly the listed topics and answers the new state")
    func chooseTopics() async throws {
        try await withTestApp { app, _ in
            let (_, product, maintenance) = try await NewsletterTests.topics(app)
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test", language: "es")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")

            let listed = try Self.topics(try await Scenario.api(app, .GET, .meNewsletters, token: token))
            #expect(Set(listed.map(\.name)) == ["Novedades", "Mantenimiento"])
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test", language: "en")
            let english = try Self.topics(try await Scenario.api(app, .GET, .meNewsletters, token: try await Scenario.apiToken(app, email: "bob@example.test")))
            #expect(english.first { $0.id == product }.map { [$0.name, $0.description] } == ["Product news", "About Product news"])
            #expect(listed.allSatisfy { !$0.subscribed })

            let both = try await Scenario.api(app, .PUT, .meNewsletters, token: token, body: #"{"topics":["\#(product)","\#(maintenance)"]}"#)
            #expect(both.status == .ok)
            #expect(try Self.topics(both).allSatisfy(\.subscribed))
            let one = try Self.topics(try await Scenario.api(app, .PUT, .meNewsletters, token: token, body: #"{"topics":["\#(maintenance)"]}"#))
            #expect(one.filter(\.subscribed).map(\.id) == [maintenance])
            #expect(try Self.topics(try await Scenario.api(app, .GET, .meNewsletters, token: token)).filter(\.subscribed).map(\.id) == [maintenance])
            let none = try Self.topics(try await Scenario.api(app, .PUT, .meNewsletters, token: token, body: #"{"topics":[]}"#))
            #expect(none.allSatisfy { !$0.subscribed })
            #expect(try await NewsletterSubscription.query(on: app.db).count() == 0)
        }
    }

    @Test("an unknown, malformed or missing topic list is refused naming topics, and nothing changes", arguments: [
        (#"{"topics":["\#(UUID())"]}"#, 422), (#"{"topics":["product-news"]}"#, 422), ("{}", 422), (#"{"topics":"all"}"#, 400), ("{not json", 400),
    ])
    func refused(body: String, status: Int) async throws {
        try await withTestApp { app, _ in
            let (_, product, _) = try await NewsletterTests.topics(app)
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            #expect(try await Scenario.api(app, .PUT, .meNewsletters, token: token, body: #"{"topics":["\#(product)"]}"#).status == .ok)
            let response = try await Scenario.api(app, .PUT, .meNewsletters, token: token, body: body)
            #expect(Int(response.status.code) == status)
            if status == 422 { #expect(try Scenario.apiError(response).fields?.map(\.field) == ["topics"]) }
            #expect(try await NewsletterSubscription.query(on: app.db).all().map { $0.$topic.id } == [product])
        }
    }
}

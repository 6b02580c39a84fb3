import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A newsletter goes out once per send form: a double click, the browser sending the form again, or a retry that
/// lands on another server mails nobody twice.
@Suite("Sending a newsletter issue once")
struct NewsletterSendingTests {
    /// Ana and Bea, subscribed to `topic`.
    static func subscribers(_ app: Application, to topic: UUID) async throws {
        for name in ["Ana", "Bea"] {
            try await Scenario.customer(app, name: name, email: "\(name.lowercased())@example.test")
            #expect(try await NewsletterTests.save(try await Scenario.signedIn(app, email: "\(name.lowercased())@example.test"), [topic]).status == .seeOther)
        }
    }

    /// The idempotency key the staff page rendered into the send form of `topic`.
    static func sendKey(_ page: String, topic: UUID) -> String? {
        guard let form = page.range(of: "action=\"\(SiteRoute.staffNewsletterSend(topic).path)\"") else { return nil }
        return Scenario.between(String(page[form.upperBound...]), "name=\"idempotency_key\" value=\"", "\"")
    }

    static func queued(_ app: Application, subject: String) async throws -> Int {
        try await OutboxMessage.query(on: app.db).filter(\.$subject == subject).count()
    }

    @Test("the send form posted again (a second click, the browser resending it): the page says the issue already went to 2 subscribers, nothing more is queued")
    func sentAgain() async throws {
        try await withTestApp { app, _ in
            let (editor, product, _) = try await NewsletterTests.topics(app)
            try await Self.subscribers(app, to: product)
            let key = try #require(Self.sendKey(try await editor.get(SiteRoute.staffNewsletters.path).body.string, topic: product))
            let form = ["subject": "Spring news", "body": "Hello!", "idempotency_key": key]

            #expect(try await editor.post(SiteRoute.staffNewsletterSend(product).path, form: form).status == .seeOther)
            let again = try await editor.post(SiteRoute.staffNewsletterSend(product).path, form: form)

            #expect(again.status == .ok)
            #expect(again.body.string.contains("id=\"newsletter-already-sent\"") && again.body.string.contains("2 subscribers"),
                    "\(again.body.string.prefix(600))")
            #expect(try await Self.queued(app, subject: "Spring news") == 2, "one message per subscriber, not two")
        }
    }

    @Test("one send form posted six times at once, half of them through a second server: each subscriber is mailed once, no 500")
    func sameFormAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (editor, product, _) = try await NewsletterTests.topics(apps[0])
            try await Self.subscribers(apps[0], to: product)
            // The same browser, its retries sent to the other server by the load balancer.
            let twin = Browser(apps[1])
            for (name, value) in editor.cookies { twin.setCookie(name, value) }
            let page = try await editor.get(SiteRoute.staffNewsletters.path).body.string
            let form = ["subject": "Spring news", "body": "Hello!", "idempotency_key": Self.sendKey(page, topic: product) ?? "",
                        "_csrf": Browser.token(in: page)]

            let answers = try await withThrowingTaskGroup(of: (UInt, String).self) { group in
                for click in 0..<6 {
                    let browser = click % 2 == 0 ? editor : twin
                    group.addTask {
                        let response = try await browser.post(SiteRoute.staffNewsletterSend(product).path, form: form)
                        return (response.status.code, response.body.string)
                    }
                }
                return try await group.reduce(into: [(UInt, String)]()) { $0.append($1) }
            }

            #expect(answers.allSatisfy { $0.0 < 500 }, "\(answers.map(\.0))")
            #expect(answers.filter { $0.0 == 303 }.count == 1, "\(answers.map(\.0))")
            #expect(answers.filter { $0.0 != 303 }.allSatisfy { $0.0 == 200 && $0.1.contains("id=\"newsletter-already-sent\"") })
            #expect(try await Self.queued(apps[1], subject: "Spring news") == 2, "one message per subscriber")
        }
    }

    @Test("a send without the key its form was rendered with is refused on the page, with the text kept; nothing is queued")
    func keyRequired() async throws {
        try await withTestApp { app, _ in
            let (editor, product, _) = try await NewsletterTests.topics(app)
            try await Self.subscribers(app, to: product)
            let refused = try await editor.post(SiteRoute.staffNewsletterSend(product).path, form: ["subject_en": "Spring news", "body_en": "Hello!"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("value=\"Spring news\""), "nothing typed is lost")
            let fresh = Self.sendKey(refused.body.string, topic: product)
            #expect(fresh?.isEmpty == false, "the form shown again carries a key of its own")
            #expect(try await Self.queued(app, subject: "Spring news") == 0)
        }
    }
}

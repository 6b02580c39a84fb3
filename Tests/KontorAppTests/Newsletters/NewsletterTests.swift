import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Newsletters by topic (seed guide \"gestionar la recepción de las Newsletters\")")
struct NewsletterTests {
    /// A staff editor creates two topics; returns their IDs (product news, then maintenance).
    static func topics(_ app: Application) async throws -> (editor: Browser, product: UUID, maintenance: UUID) {
        let editor = try await Scenario.staff(app, role: .editor)
        for (slug, en, es) in [("product-news", "Product news", "Novedades"), ("maintenance", "Maintenance windows", "Mantenimiento")] {
            let created = try await editor.post(SiteRoute.staffNewsletters.path, form: ["slug": slug, "name_en": en, "name_es": es, "description_en": "About \(en)"])
            #expect(created.status == .seeOther)
        }
        let all = try await NewsletterTopic.query(on: app.db).sort(\.$slug).all()
        return (editor, try #require(all.first { $0.slug == "product-news" }?.id), try #require(all.first { $0.slug == "maintenance" }?.id))
    }

    /// Saves the topic switches as a browser form with one `topics[]` value per switched-on topic.
    @discardableResult
    static func save(_ browser: Browser, _ ids: [UUID]) async throws -> TestingHTTPResponse {
        let token = try await browser.csrfToken(page: SiteRoute.newsletters.path)
        let body = (["_csrf=" + Browser.encode(token)] + ids.map { "topics%5B%5D=" + $0.uuidString }).joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await browser.send(.POST, SiteRoute.newsletters.path, body: ByteBuffer(string: body), headers: headers)
    }

    @Test("a user switches topics on and off in their own language and saves")
    func choose() async throws {
        try await withTestApp { app, _ in
            let (_, product, maintenance) = try await Self.topics(app)
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test", language: "es")
            let ana = try await Scenario.signedIn(app, email: "ana@example.test")
            let page = try await ana.get(SiteRoute.newsletters.path).body.string
            #expect(page.contains("Novedades") && page.contains("role=\"switch\""))
            #expect(try await Self.save(ana, [product, maintenance]).status == .seeOther)
            #expect(try await Self.save(ana, [maintenance]).status == .seeOther)
            let user = try #require(try await User.find(email: "ana@example.test", on: app.db))
            #expect(try await NewsletterService(request: Request(application: app, on: app.eventLoopGroup.next())).subscribedTopicIDs(of: user.id!) == [maintenance])
            #expect(try await Self.save(ana, [UUID()]).status == .unprocessableEntity)
            #expect(try await NewsletterSubscription.query(on: app.db).count() == 1, "a bad choice changes nothing")
        }
    }

    @Test("each newsletter carries a one-click unsubscribe for its topic (RFC 8058) that needs no sign-in")
    func oneClickUnsubscribe() async throws {
        try await withTestApp { app, _ in
            let (editor, product, maintenance) = try await Self.topics(app)
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let ana = try await Scenario.signedIn(app, email: "ana@example.test")
            try await Self.save(ana, [product, maintenance])
            let sent = try await editor.post(SiteRoute.staffNewsletterSend(product).path, form: ["subject": "Spring news", "body": "Hello!", "idempotency_key": UUID().uuidString])
            #expect(sent.status == .seeOther)
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject == "Spring news").first())
            let headers = try JSONDecoder().decode([String: String].self, from: Data(message.headersJSON.utf8))
            #expect(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
            let link = try #require(headers["List-Unsubscribe"]).dropFirst("<http://127.0.0.1:8080".count).dropLast()
            #expect(message.textBody.contains(String(link)))

            // The mail provider's POST: no cookies, no anti-forgery token.
            let oneClick = try await app.testing().sendRequest(.POST, String(link), headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                               body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(oneClick.status == .ok)
            let user = try #require(try await User.find(email: "ana@example.test", on: app.db))
            let left = try await NewsletterSubscription.query(on: app.db).filter(\.$user.$id == user.id!).all().map { $0.$topic.id }
            #expect(left == [maintenance], "only that topic")
            // Opening the used link later says it is done rather than asking again.
            let reopened = try await Browser(app).get(String(link)).body.string
            #expect(reopened.contains("id=\"unsubscribed\"") && !reopened.contains("id=\"unsubscribe-submit\""))
            // The same signature with another topic: refused, so a link cannot be bent to unsubscribe someone else.
            let forged = String(link).replacingOccurrences(of: product.uuidString, with: maintenance.uuidString)
            #expect(try await app.testing().sendRequest(.POST, forged).status == .notFound, "a tampered link does nothing")
            #expect(try await NewsletterSubscription.query(on: app.db).count() == 1)
        }
    }

    @Test("staff export a topic's subscribers as CSV, safe for spreadsheets; customers cannot")
    func export() async throws {
        try await withTestApp { app, _ in
            let (editor, product, _) = try await Self.topics(app)
            try await Scenario.customer(app, name: "=HYPERLINK(\"x\")", email: "eve@example.test")
            let eve = try await Scenario.signedIn(app, email: "eve@example.test")
            try await Self.save(eve, [product])
            let csv = try await editor.get(SiteRoute.staffNewsletterSubscribers(product).path)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.hasPrefix("email,name,language\r\n"))
            #expect(csv.body.string.contains("\"eve@example.test\",\"'=HYPERLINK(\"\"x\"\")\",\"en\""))
            #expect(try await eve.get(SiteRoute.staffNewsletterSubscribers(product).path).status == .seeOther)
            let support = try await Scenario.staff(app, role: .support, email: "s@staff.test")
            #expect(try await support.get(SiteRoute.staffNewsletters.path).status == .forbidden)
        }
    }

    @Test("topic and issue input is validated field by field")
    func validation() async throws {
        try await withTestApp { app, _ in
            let (editor, product, _) = try await Self.topics(app)
            let noName = try await editor.post(SiteRoute.staffNewsletters.path, form: ["slug": "events", "name_es": "Eventos"])
            #expect(noName.status == .unprocessableEntity && noName.body.string.contains("id=\"name-en-error\""))
            #expect(try await editor.post(SiteRoute.staffNewsletters.path, form: ["slug": "product-news", "name_en": "Again"]).status == .unprocessableEntity)
            // Subscribers read a topic's name and description: nothing in them may disguise the text.
            let disguised = try await editor.post(SiteRoute.staffNewsletters.path, form: ["slug": "offers", "name_en": "Offers", "name_de": "Angebote\u{202E}txet",
                                                                                     "description_en": "De\u{200B}als"])
            #expect(disguised.status == .unprocessableEntity && disguised.body.string.contains("U+202E") && disguised.body.string.contains("U+200B"), "\(disguised.status)")
            editor.extraHeaders = ["Accept": "application/json"]
            let empty = try await editor.post(SiteRoute.staffNewsletterSend(product).path, form: ["subject": "", "body": "", "idempotency_key": UUID().uuidString])
            #expect(empty.status == .unprocessableEntity)
            #expect(try empty.content.decode(KontorErrorMiddleware.Body.self).error.fields?.map(\.field) == ["subject", "body"])
            #expect(try await NewsletterTopic.query(on: app.db).count() == 2)
        }
    }

    @Test("one text per language: each subscriber reads her own, the others the default language's or the first written")
    func oneTextPerLanguage() async throws {
        try await withTestApp { app, _ in
            let (editor, product, _) = try await Self.topics(app)
            for (name, language) in [("Ana", "es"), ("Bea", "de"), ("Carlo", "it")] {
                try await Scenario.customer(app, name: name, email: "\(name.lowercased())@example.test", language: language)
                try await Self.save(try await Scenario.signedIn(app, email: "\(name.lowercased())@example.test"), [product])
            }
            let fallback = app.kontor.config.defaultLanguage
            var form = ["subject_es": "Novedades de primavera", "body_es": "¡Hola!", "subject_de": "Frühlingsneuheiten", "body_de": "Hallo!",
                        "idempotency_key": UUID().uuidString]
            if fallback != .es && fallback != .de { form["subject_\(fallback.rawValue)"] = "Spring news"; form["body_\(fallback.rawValue)"] = "Hello!" }
            #expect(try await editor.post(SiteRoute.staffNewsletterSend(product).path, form: form).status == .seeOther)
            func mail(to email: String) async throws -> OutboxMessage {   // the newsletter, not the sign-up's confirmation
                try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == email).all().first { $0.headersJSON.contains("List-Unsubscribe") })
            }
            let ana = try await mail(to: "ana@example.test"), bea = try await mail(to: "bea@example.test"), carlo = try await mail(to: "carlo@example.test")
            #expect(ana.subject == "Novedades de primavera" && ana.textBody.hasPrefix("¡Hola!"))
            #expect(bea.subject == "Frühlingsneuheiten" && bea.textBody.contains(app.kontor.localizer.text("mail.newsletter.unsubscribe", .de)))
            let expected = form["subject_\(fallback.rawValue)"]!
            #expect(carlo.subject == expected, "Italian was not written: the default language's text")
            #expect(carlo.textBody.contains(app.kontor.localizer.text("mail.newsletter.unsubscribe", fallback)), "the footer in the language of the text")
        }
    }

    @Test("a subject without its text is named by language, on the page, with everything typed kept")
    func halfWrittenLanguage() async throws {
        try await withTestApp { app, _ in
            let (editor, product, _) = try await Self.topics(app)
            let page = try await editor.post(SiteRoute.staffNewsletterSend(product).path,
                                             form: ["subject_en": "Spring news", "body_en": "Hello!", "subject_de": "Frühlingsneuheiten",
                                                   "idempotency_key": UUID().uuidString])
            #expect(page.status == .unprocessableEntity)
            let html = page.body.string
            #expect(html.contains("id=\"body-product-news-de-error\"") && html.contains("Deutsch, "), "the German text is named")
            #expect(html.contains("value=\"Frühlingsneuheiten\"") && html.contains(">Hello!</textarea>"), "nothing typed is lost")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == "Spring news").count() == 0, "nothing sent")
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Review finding (seed review M1): personal tokens never expired and the page made them without the password, so a
/// borrowed browser session (12 hours at most) became a key with no end that outlived "sign out everywhere else".
@Suite("Personal API tokens end: 90 days unless their maker chooses, the page asks for the password, the owner is told")
struct PersonalTokenLifetimeTests {
    static let email = "ana@example.test"

    @Test("through the API, as on the page, a token is made only with the current password: without it or with a wrong one, 422 on password and no token")
    func apiAsksForThePassword() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let session = try await Scenario.apiToken(app, email: Self.email)
            for body in [#"{"name":"borrowed","expiresInDays":366}"#, #"{"name":"borrowed","password":"not my password"}"#] {
                let refused = try await Scenario.api(app, .POST, .meTokens, token: session, body: body)
                #expect(refused.status == .unprocessableEntity, "\(body): \(refused.status)")
                #expect(try Scenario.apiError(refused).fields?.contains { $0.field == "password" } == true)
            }
            #expect(try await APIToken.query(on: app.db).count() == 0)
        }
    }

    @Test("a token works for the days chosen (90 by default) and is refused after; a lifetime outside 1–366 names its field")
    func lifetime() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let session = try await Scenario.apiToken(app, email: Self.email)
            let standard = try await Scenario.api(app, .POST, .meTokens, token: session, body: #"{"name":"nightly","password":"correct horse battery staple"}"#)
            let made = try standard.content.decode(APIModels.Token.self)
            #expect(made.expiresAt.map { Int($0.timeIntervalSince(clock.now) / 86_400) } == 90)
            let week = try await Scenario.api(app, .POST, .meTokens, token: session, body: #"{"name":"trial","expiresInDays":7,"password":"correct horse battery staple"}"#)
            let weekToken = try #require(try week.content.decode(APIModels.Token.self).token)
            #expect(try await Scenario.api(app, .GET, .me, token: weekToken).status == .ok)
            for body in [#"{"name":"x","expiresInDays":0}"#, #"{"name":"x","expiresInDays":400}"#] {
                let refused = try await Scenario.api(app, .POST, .meTokens, token: session, body: body)
                #expect(refused.status == .unprocessableEntity)
                #expect(try Scenario.apiError(refused).fields?.contains { $0.field == "expiresInDays" } == true)
            }
            clock.advance(by: 7 * 86_400 + 1)
            #expect(try await Scenario.api(app, .GET, .me, token: weekToken).status == .unauthorized, "a week later it is refused")
            #expect(try await Scenario.api(app, .GET, .me, token: made.token).status == .ok, "the 90-day one still works")
            let subjects = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all().map(\.subject)
            #expect(subjects.filter { $0 == "A new API token was created" }.count == 2, "the owner hears of every token")
        }
    }

    @Test("the page makes a token only with the current password, and lists when each was last used and when it expires")
    func pageNeedsThePassword() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let browser = try await Scenario.signedIn(app, email: Self.email)
            for password in [nil, "not-the-password-1"] as [String?] {
                var form = ["name": "deploy", "expires_in_days": "30"]
                if let password { form["password"] = password }
                let refused = try await browser.post(SiteRoute.apiTokens.path, form: form)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("id=\"token-password-error\""))
            }
            #expect(try await APIToken.query(on: app.db).count() == 0)
            let made = try await browser.post(SiteRoute.apiTokens.path, form: ["name": "deploy", "expires_in_days": "30", "password": Scenario.password])
            #expect(made.status == .created && made.body.string.contains("id=\"new-token\""))
            let page = made.body.string
            #expect(page.contains("Last used") && page.contains("Expires") && page.contains("Never"))
            let token = try #require(try await APIToken.query(on: app.db).first())
            #expect(token.expiresAt.map { Int($0.timeIntervalSince(token.createdAt) / 86_400) } == 30)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Sessions, cookies and anti-forgery (ASVS 3, 7)")
struct SessionSecurityTests {
    @Test("the session cookie is HttpOnly, SameSite=Lax, Path=/, and only its hash is stored")
    func cookieAttributes() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let response = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("kontor_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain"))
            let token = String(cookie.dropFirst("kontor_session=".count).prefix { $0 != ";" })
            #expect(token.count >= 43)
            let stored = try await AuthSession.query(on: app.db).all().map(\.tokenHash)
            #expect(!stored.contains(token))
            #expect(stored.contains(SecretToken.hash(token)))
        }
    }

    @Test("with secure cookies the names carry the __Host- prefix and Secure")
    func secureCookieNames() {
        let cookies = SessionCookies(secure: true)
        #expect(cookies.customer == "__Host-kontor_session")
        #expect(cookies.value("x").isSecure)
    }

    @Test("signing in gives a new session id and kills the old one (7.2.4)")
    func rotationAtSignIn() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let first = try #require(browser.cookies["kontor_session"])
            try await browser.post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            let second = try #require(browser.cookies["kontor_session"])
            #expect(first != second)
            let replay = Browser(app)
            replay.setCookie("kontor_session", first)
            #expect(try await replay.get(SiteRoute.console.path).status == .seeOther)
        }
    }

    @Test("sign-out deletes the server record")
    func signOut() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let token = try #require(browser.cookies["kontor_session"])
            #expect(try await browser.post(SiteRoute.signOut.path).status == .seeOther)
            let replay = Browser(app)
            replay.setCookie("kontor_session", token)
            #expect(try await replay.get(SiteRoute.console.path).status == .seeOther)
            #expect(try await AuthSession.query(on: app.db).count() == 0)
        }
    }

    @Test("sessions die after 30 idle minutes and after 12 hours in any case (7.3)")
    func timeouts() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let idle = try await Scenario.signedIn(app, email: "alice@example.test")
            clock.advance(by: 29 * 60)
            #expect(try await idle.get(SiteRoute.console.path).status == .ok)
            clock.advance(by: 31 * 60)
            #expect(try await idle.get(SiteRoute.console.path).status == .seeOther)

            let busy = try await Scenario.signedIn(app, email: "alice@example.test")
            for _ in 0..<25 {
                clock.advance(by: 28 * 60)
                #expect(try await busy.get(SiteRoute.console.path).status == .ok)
            }
            clock.advance(by: 28 * 60)
            #expect(try await busy.get(SiteRoute.console.path).status == .seeOther)
        }
    }

    @Test("I see my sessions and end another one; it stops working at once")
    func listAndEndSessions() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let laptop = try await Scenario.signedIn(app, email: "alice@example.test")
            let phone = Browser(app)
            phone.extraHeaders.add(name: .userAgent, value: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
            #expect(try await phone.post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password]).status == .seeOther)
            let page = try await laptop.get(SiteRoute.sessions.path).body.string
            #expect(page.components(separatedBy: "/end\"").count - 1 == 2)
            #expect(page.contains("Safari on iPhone") && !page.contains("Mozilla/5.0"), "the device as people say it, not the raw header")
            let phoneSession = try #require(try await AuthSession.query(on: app.db).filter(\.$tokenHash == SecretToken.hash(phone.cookies["kontor_session"]!)).first())
            #expect(try await laptop.post(SiteRoute.endSession(phoneSession.id!).path).status == .seeOther)
            #expect(try await phone.get(SiteRoute.console.path).status == .seeOther)
            #expect(try await laptop.get(SiteRoute.console.path).status == .ok)
        }
    }

    @Test("another user's session id is a 404")
    func endingSomeoneElsesSession() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let alice = try await Scenario.signedIn(app, email: "alice@example.test")
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            let bobSession = try #require(try await AuthSession.query(on: app.db).filter(\.$tokenHash == SecretToken.hash(bob.cookies["kontor_session"]!)).first())
            #expect(try await alice.post(SiteRoute.endSession(bobSession.id!).path).status == .notFound)
            #expect(try await bob.get(SiteRoute.console.path).status == .ok)
        }
    }

    @Test("a form without its anti-forgery token, or from another origin, changes nothing (3.5)")
    func csrf() async throws {
        try await withTestApp { app, _ in
            let user = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let missing = try await browser.post(SiteRoute.profileSupportCode.path, csrf: false)
            #expect(missing.status == .forbidden)
            let wrong = try await browser.post(SiteRoute.profileSupportCode.path, form: ["_csrf": "forged"])
            #expect(wrong.status == .forbidden)
            browser.extraHeaders.add(name: .origin, value: "https://evil.example")
            #expect(try await browser.post(SiteRoute.profileSupportCode.path).status == .forbidden)
            browser.extraHeaders = ["Sec-Fetch-Site": "cross-site"]
            #expect(try await browser.post(SiteRoute.profileSupportCode.path).status == .forbidden)
            #expect(try await User.find(email: "alice@example.test", on: app.db)?.supportCode == user.supportCode)
        }
    }

    @Test("nothing changes state on GET")
    func noStateChangeOnGet() async throws {
        try await withTestApp { app, _ in
            let mutating = app.routes.all.filter { $0.method == .GET }.map { "/" + $0.path.map(\.description).joined(separator: "/") }
            for path in mutating {
                for word in ["sign-out", "leave", "remove", "revoke", "end", "switch", "accept", "deactivate"] {
                    #expect(!path.split(separator: "/").contains(Substring(word)), "GET \(path) looks like a state change")
                }
            }
        }
    }

    @Test("opening the authenticator page writes nothing; each session is offered its own key, the same on every visit, and one session opening it leaves the other's key working")
    func authenticatorPageWritesNothing() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let laptop = try await Scenario.signedIn(app, email: "ana@example.test")
            let phone = try await Scenario.signedIn(app, email: "ana@example.test")
            func key(_ browser: Browser) async throws -> String? {
                Scenario.between(try await browser.get(SiteRoute.securityAuthenticator.path).body.string, "id=\"totp-secret\">", "</code>")
            }
            let first = try #require(try await key(laptop))
            #expect(try await key(laptop) == first, "the same key on every visit")
            let other = try #require(try await key(phone))
            #expect(other != first, "each session its own")
            #expect(try await SecondFactor.query(on: app.db).count() == 0, "no GET wrote a factor")
            // The laptop confirms with the key it was shown, although the phone opened the page after it.
            let secret = try #require(Base32.decode(first))
            let code = OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)
            let confirmed = try await laptop.post(SiteRoute.securityAuthenticator.path, form: ["code": code, "password": Scenario.password])
            #expect(confirmed.status == .ok, "\(confirmed.status)")
            #expect(try await SecondFactor.query(on: app.db).filter(\.$confirmedAt != nil).count() == 1)
        }
    }
}

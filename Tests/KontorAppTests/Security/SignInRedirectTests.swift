import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Review finding F3: `GET /sign-in?next=/%5Cevil.example/login` echoed `/\evil.example/login` into the form and the
/// sign-in answered `303 Location: /\evil.example/login`, which browsers follow to evil.example.
@Suite("After signing in, `next` leads only to a page of the console, never to another site")
struct SignInRedirectTests {
    static let email = "ana@example.test"

    /// What reaches the server once the form or query is decoded: backslash tricks, another host, schemes, control
    /// characters, a path no page has, and the JSON API.
    static let refused = [
        #"/\evil.example/login"#, "/%5Cevil.example/login", "//evil.example", "https://evil.example/login", "/\t/evil.example",
        "javascript:alert(document.cookie)", "/\nevil.example", "/no-such-page", "/api/v1/me",
    ]

    @Test("the sign-in page carries on no unsafe next, and signing in with one lands on the console", arguments: refused)
    func refusedNext(next: String) async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let browser = Browser(app)
            let page = try await browser.get(SiteRoute.signIn.path + "?next=" + Browser.encode(next))
            #expect(page.status == .ok && !page.body.string.contains("name=\"next\""), "the form echoed \(next.debugDescription)")

            let signedIn = try await browser.post(SiteRoute.signIn.path, form: ["email": Self.email, "password": Scenario.password, "next": next])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == SiteRoute.console.path, "\(next.debugDescription) led to \(signedIn.location ?? "-")")
        }
    }

    @Test("a page of the console is kept: from the page that asked for a sign-in to the page after it")
    func pageKept() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let browser = Browser(app)
            let asked = try await browser.get(SiteRoute.security.path)
            let signInPath = try #require(asked.location)
            #expect(signInPath.hasPrefix(SiteRoute.signIn.path + "?next="))
            #expect(try await browser.get(signInPath).body.string.contains("name=\"next\" value=\"\(SiteRoute.security.path)\""))
            let signedIn = try await browser.post(SiteRoute.signIn.path, form: ["email": Self.email, "password": Scenario.password, "next": SiteRoute.security.path])
            #expect(signedIn.location == SiteRoute.security.path)
        }
    }

    @Test("the second-factor step carries a page on and drops anything else, by each of its ways in")
    func throughTheSecondFactor() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let enabled = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            let code = { () -> String in
                clock.advance(by: 30)
                return OneTimePassword.totp(secret: enabled.secret, time: clock.now, digits: 6)
            }

            let evil = Browser(app)
            let password = try await evil.post(SiteRoute.signIn.path, form: ["email": Self.email, "password": Scenario.password, "next": #"/\evil.example"#])
            #expect(password.location == SiteRoute.signInSecondFactor.path, "no next is carried on")
            let page = try await evil.get(SiteRoute.signInSecondFactor.path + "?next=" + Browser.encode("//evil.example"))
            #expect(!page.body.string.contains("name=\"next\"") && !page.body.string.contains("evil.example"))
            let passed = try await evil.post(SiteRoute.signInSecondFactor.path, form: ["code": code(), "next": "/%5Cevil.example"])
            #expect(passed.location == SiteRoute.console.path)

            let kept = Browser(app)
            let step = try await kept.post(SiteRoute.signIn.path, form: ["email": Self.email, "password": Scenario.password, "next": SiteRoute.sessions.path])
            #expect(step.location == SiteRoute.signInSecondFactor.path + "?next=" + Browser.encode(SiteRoute.sessions.path))
            let done = try await kept.post(SiteRoute.signInSecondFactor.path, form: ["code": code(), "next": SiteRoute.sessions.path])
            #expect(done.location == SiteRoute.sessions.path)
        }
    }
}

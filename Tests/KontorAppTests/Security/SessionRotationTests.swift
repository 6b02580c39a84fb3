import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// security.md 7.2.4: "the ID changes at sign-in, at the password → 2FA step and at re-authentication; the old one is
/// dead." A form that asks for the current password re-authenticates: once it succeeds, the browser holds a new
/// session ID and a copy of the old cookie opens nothing.
@Suite("A change confirmed with the current password gives the browser a new session ID; the old one is dead")
struct SessionRotationTests {
    /// The browser's cookie before and after `change`, and whether a copy of the old one still opens `page`.
    private func rotation(_ browser: Browser, cookie: String, page: String, _ change: () async throws -> TestingHTTPResponse)
        async throws -> (changed: Bool, oldStillOpens: Bool, newOpens: Bool, status: HTTPStatus) {
        let before = try #require(browser.cookies[cookie])
        let response = try await change()
        let after = try #require(browser.cookies[cookie])
        let replay = Browser(browser.app)
        replay.setCookie(cookie, before)
        let old = try await replay.get(page).status
        return (before != after, old == .ok, try await browser.get(page).status == .ok, response.status)
    }

    @Test("a new password, a new recovery address and a personal API token, each confirmed with the password, rotate the customer's session")
    func customerForms() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let changes: [(String, () async throws -> TestingHTTPResponse)] = [
                ("password", { try await browser.post(SiteRoute.profilePassword.path, form: ["current_password": Scenario.password, "new_password": "a brand new passphrase"]) }),
                ("recovery address", { try await browser.post(SiteRoute.securityRecoveryEmail.path, form: ["recovery_email": "alice.backup@example.test", "password": "a brand new passphrase"]) }),
                ("API token", { try await browser.post(SiteRoute.apiTokens.path, form: ["name": "Backups", "expires_in_days": "30", "password": "a brand new passphrase"]) }),
            ]
            for (name, change) in changes {
                let result = try await rotation(browser, cookie: "kontor_session", page: SiteRoute.profile.path, change)
                #expect(result.status.code < 400, "\(name): \(result.status)")
                #expect(result.changed && !result.oldStillOpens && result.newOpens, "\(name): \(result)")
            }
        }
    }

    @Test("a wrong current password changes nothing and keeps the session ID")
    func refusedChangeKeepsTheSession() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let result = try await rotation(browser, cookie: "kontor_session", page: SiteRoute.profile.path) {
                try await browser.post(SiteRoute.profilePassword.path, form: ["current_password": "not my password", "new_password": "a brand new passphrase"])
            }
            #expect(result.status == .unprocessableEntity && !result.changed && result.oldStillOpens)
        }
    }

    @Test("staff changing their password get a new staff session ID; the old one is dead")
    func staffPassword() async throws {
        try await withTestApp { app, _ in
            let tom = try await Scenario.staff(app, role: .support, email: "tom@staff.test")
            let result = try await rotation(tom, cookie: "kontor_staff", page: SiteRoute.staffHome.path) {
                try await tom.post(SiteRoute.staffPassword.path, form: ["current_password": Scenario.password, "new_password": "quiet lantern over the ridge"])
            }
            #expect(result.status == .seeOther && result.changed && !result.oldStillOpens && result.newOpens, "\(result)")
        }
    }
}

import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// Turns on the authenticator app for a signed-in browser, the way a person does: reads the key from
    /// the page, types the current code and the password. Returns the secret and the backup codes shown once.
    static func enableTwoFactor(_ app: Application, _ browser: Browser, now: Date) async throws -> (secret: [UInt8], backupCodes: [String]) {
        let page = try await browser.get(SiteRoute.securityAuthenticator.path).body.string
        let key = try #require(between(page, "id=\"totp-secret\">", "</code>"))
        let secret = try #require(Base32.decode(key))
        let code = OneTimePassword.totp(secret: secret, time: now, digits: 6)
        let confirmed = try await browser.post(SiteRoute.securityAuthenticator.path, form: ["code": code, "password": password])
        #expect(confirmed.status == .ok, "confirming answered \(confirmed.status)")
        let codes = confirmed.body.string.components(separatedBy: "<li><code>").dropFirst().compactMap { $0.components(separatedBy: "</code>").first }
        return (secret, codes)
    }

    /// A browser holding a session of a 2FA account that never gave the second factor. Switching 2FA on ends every
    /// other session, so no sign-in leaves one; made directly, to hold the checks that refuse it what it never proved.
    static func sessionWithoutSecondFactor(_ app: Application, email: String) async throws -> Browser {
        let browser = Browser(app)
        browser.setCookie(SessionCookies(secure: app.kontor.config.secureCookies).customer, try await sessionToken(app, email: email, channel: .browser))
        return browser
    }

    /// The same for the API: the bearer token of a session that never gave the second factor.
    static func apiSessionWithoutSecondFactor(_ app: Application, email: String) async throws -> String {
        try await sessionToken(app, email: email, channel: .api)
    }

    private static func sessionToken(_ app: Application, email: String, channel: AuthSession.Channel) async throws -> String {
        let user = try #require(try await User.find(email: email, on: app.db))
        let organization = try await organization(of: user, on: app).requireID()
        return try await SessionStore(database: app.db, config: app.kontor.config, now: Date())
            .create(user: user, channel: channel, organizationID: organization, ipAddress: "192.0.2.7", userAgent: "Test", secondFactor: .notUsed).token
    }

    /// A new customer signed in with the authenticator app switched on: the browser, on the security pages.
    static func signedInWithAuthenticator(_ app: Application, name: String = "Ana", email: String, now: Date) async throws -> Browser {
        try await customer(app, name: name, email: email)
        let browser = try await signedIn(app, email: email)
        _ = try await enableTwoFactor(app, browser, now: now)
        return browser
    }

    /// A browser that has given the password of a 2FA account and now stands at the second step.
    static func passwordStep(_ app: Application, email: String) async throws -> Browser {
        let browser = Browser(app)
        let response = try await browser.post(SiteRoute.signIn.path, form: ["email": email, "password": password])
        #expect(response.location?.hasPrefix(SiteRoute.signInSecondFactor.path) == true, "password step went to \(response.location ?? "nowhere")")
        return browser
    }

    static func between(_ text: String, _ start: String, _ end: String) -> String? {
        guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else { return nil }
        return String(text[a.upperBound..<b.lowerBound])
    }
}

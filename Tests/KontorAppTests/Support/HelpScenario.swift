import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// The specification seed, read from `../shared/seeds/` beside the repository.
    static func seedText() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("../shared/seeds/000_6f7a77ba93293df4.txt").standardizedFileURL, encoding: .utf8)
    }

    /// The bundled guides, read and checked once per test process (some 200 files: a tenth of a second per test).
    /// Tests of reading them call `BundledHelpContent.load()` themselves.
    static let bundledGuides = Result { () throws(HelpImportFailure) in try BundledHelpContent.load() }

    /// Kontor's bundled guides, and optionally the seed's ten Spanish guides, published.
    static func loadHelp(_ app: Application, seed: Bool = false) async throws {
        var drafts = try bundledGuides.get()
        if seed { drafts += SeedGuideImporter.importGuides(from: try seedText()) }
        _ = try await HelpLibrary(db: app.db, now: app.kontor.clock.now()).importDrafts(drafts, publish: true)
    }

    /// A signed-in staff browser with `role`.
    static func staff(_ app: Application, role: StaffRole, email: String? = nil) async throws -> Browser {
        let address = email ?? "\(role.rawValue)@staff.test"
        try await StaffService(database: app.db, hasher: app.kontor.hasher, policy: app.kontor.passwordPolicy, now: app.kontor.clock.now())
            .create(name: "Staff \(role.rawValue)", email: address, password: password, role: role.rawValue)
        let browser = Browser(app)
        let response = try await browser.post(SiteRoute.staffSignIn.path, form: ["email": address, "password": password])
        #expect(response.location == SiteRoute.staffTwoFactorSetup.path, "staff sign-in went to \(response.location ?? "nowhere")")
        // Staff must set up the authenticator app at the first sign-in, as a person would: key from the page, current code.
        let page = try await browser.get(SiteRoute.staffTwoFactorSetup.path).body.string
        let secret = try #require(between(page, "id=\"totp-secret\">", "</code>").flatMap(Base32.decode))
        let confirmed = try await browser.post(SiteRoute.staffTwoFactorSetup.path,
                                               form: ["code": OneTimePassword.totp(secret: secret, time: app.kontor.clock.now(), digits: 6)])
        #expect(confirmed.location == SiteRoute.staffHome.path, "staff 2FA setup went to \(confirmed.location ?? "nowhere")")
        return browser
    }

    /// A JSON GET on the API.
    static func getJSON(_ app: Application, _ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var all = headers
        all.replaceOrAdd(name: .accept, value: "application/json")
        return try await app.testing().sendRequest(.GET, path, headers: all)
    }
}

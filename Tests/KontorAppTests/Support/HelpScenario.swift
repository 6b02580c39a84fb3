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

    /// Kontor's bundled guides, and optionally the seed's ten Spanish guides, published.
    static func loadHelp(_ app: Application, seed: Bool = false) async throws {
        var drafts = try BundledHelpContent.load()
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
        #expect(response.status == .seeOther, "staff sign-in answered \(response.status)")
        return browser
    }

    /// A JSON GET on the API.
    static func getJSON(_ app: Application, _ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var all = headers
        all.replaceOrAdd(name: .accept, value: "application/json")
        return try await app.testing().sendRequest(.GET, path, headers: all)
    }
}

import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

/// The routes that take large bodies (bank statements, identity documents, help articles) take them only from the
/// caller each is for. Anyone else's body is refused from its headers, or at the default size, before it is read:
/// a stranger's 50 MB body, read and parsed only to find no form token in it, held the server for twenty seconds.
@Suite("Large bodies: only from the caller a route is for, refused before they are read")
struct LargeBodyCallerTests {
    /// Posts `bytes` bytes of multipart-looking data to `path` through a real server, with `cookies`; answers the status.
    private static func post(_ app: Application, _ path: String, bytes: Int, cookies: [String: String],
                             headers extra: [(String, String)] = []) async throws -> HTTPStatus {
        var status = HTTPStatus.ok
        try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(.POST, path, beforeRequest: { request in
            if !cookies.isEmpty { request.headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
            request.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=x")
            for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
            request.body = ByteBuffer(repeating: 0x41, count: bytes)
        }, afterResponse: { response in status = response.status })
        return status
    }

    @Test("a visitor with a form token but no staff session sends 8 MB to the statement upload: 413 at the default size, not read to the 100 MB the route allows staff")
    func statementUploadFromAStranger() async throws {
        try await withTestApp { app, _ in
            let visitor = Browser(app)
            _ = try await visitor.get(SiteRoute.signIn.path)   // the form token's cookie, as any visitor gets it
            #expect(!visitor.cookies.isEmpty)
            #expect(try await Self.post(app, SiteRoute.staffBillingImport.path, bytes: 8 << 20, cookies: visitor.cookies) == .payloadTooLarge)
            #expect(try await Self.post(app, SiteRoute.identityCheck.path, bytes: 8 << 20, cookies: visitor.cookies) == .payloadTooLarge,
                    "the identity check's 15 MB are for a sign-in waiting for its second factor")
        }
    }

    @Test("without any form token, or from another site, a body is refused from its headers alone")
    func refusedFromTheHeaders() async throws {
        try await withTestApp { app, _ in
            #expect(try await Self.post(app, SiteRoute.staffBillingImport.path, bytes: 8 << 20, cookies: [:]) == .forbidden)
            let visitor = Browser(app)
            _ = try await visitor.get(SiteRoute.signIn.path)
            #expect(try await Self.post(app, SiteRoute.signIn.path, bytes: 1_000, cookies: visitor.cookies,
                                        headers: [("Sec-Fetch-Site", "cross-site")]) == .forbidden)
        }
    }

    @Test("the callers a route is for still send their large bodies: a sign-in waiting for its second factor to the identity check, staff to the statement upload (read past the default 64 KB, then judged as the form they are)")
    func largeBodiesFromTheirCallers() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Lucía Pérez", email: "lost@example.test")
            let setup = try await Scenario.signedIn(app, email: "lost@example.test")
            _ = try await Scenario.enableTwoFactor(app, setup, now: clock.now)
            let pending = try await Scenario.passwordStep(app, email: "lost@example.test")
            // 2 MB of no form at all: read whole, then refused as the malformed body it is (400), not at 64 KB (413).
            #expect(try await Self.post(app, SiteRoute.identityCheck.path, bytes: 2 << 20, cookies: pending.cookies) == .badRequest,
                    "read whole, not refused at 64 KB")
            let staff = try await Scenario.staff(app, role: .billing)
            #expect(try await Self.post(app, SiteRoute.staffBillingImport.path, bytes: 2 << 20, cookies: staff.cookies) == .badRequest)
        }
    }
}

import Foundation
@testable import KontorApp
import NIOCore
import NIOPosix
import Testing
import Vapor
import VaporTesting

/// One request costs a bounded amount: hostile URLs, query strings, headers and forms are refused before any work,
/// with the right 4xx and a sentence, and idle connections are closed.
@Suite("Bounded cost per request")
struct RequestLimitsTests {
    @Test("an over-long path or path segment is 414, not a 500 from the file system; static files are still served")
    func longPaths() async throws {
        try await withTestApp { app, _ in
            let segment = try await app.testing().sendRequest(.GET, "/" + String(repeating: "a", count: 300))
            #expect(segment.status == .uriTooLong)
            #expect(segment.body.string.contains("too long"))
            let deep = try await app.testing().sendRequest(.GET, "/help/" + String(repeating: "b/", count: 2500))
            #expect(deep.status == .uriTooLong)
            let url = try await app.testing().sendRequest(.GET, "/sign-in?q=" + String(repeating: "x", count: 9000))
            #expect(url.status == .uriTooLong)
            #expect(try await app.testing().sendRequest(.GET, "/css/kontor.css").status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/" + String(repeating: "a", count: 200)).status == .notFound)
        }
    }

    @Test("10,000 or 1,900 repeated query keys are refused at once, in the visitor's language; the API answers JSON")
    func repeatedQueryKeys() async throws {
        try await withTestApp { app, _ in
            let huge = Array(repeating: "a=1", count: 10_000).joined(separator: "&")
            #expect(try await app.testing().sendRequest(.GET, "/sign-in?" + huge).status == .uriTooLong, "40 KB of query")
            // Within the URL limit, still thousands of keys for the quadratic parser: refused by count.
            let flood = Array(repeating: "a=1", count: 1_900).joined(separator: "&")
            let page = try await app.testing().sendRequest(.GET, "/sign-in?" + flood, headers: ["Accept-Language": "de"])
            #expect(page.status == .badRequest)
            #expect(page.body.string.contains("zu viele Parameter"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/help/search?" + flood)
            #expect(api.status == .badRequest)
            #expect(try Scenario.apiError(api).code == "too_large_parameters")
            let fine = Array(repeating: "a=1", count: 60).joined(separator: "&")
            #expect(try await app.testing().sendRequest(.GET, "/sign-in?" + fine).status == .ok)
        }
    }

    @Test("too many or too large headers are 431")
    func headers() async throws {
        try await withTestApp { app, _ in
            var many = HTTPHeaders()
            for index in 0..<150 { many.add(name: "X-Filler-\(index)", value: "1") }
            let tooMany = try await app.testing().sendRequest(.GET, "/sign-in", headers: many)
            #expect(tooMany.status.code == 431)
            let bigCookie: HTTPHeaders = ["Cookie": "junk=" + String(repeating: "c", count: 20_000)]
            let tooLarge = try await app.testing().sendRequest(.GET, "/sign-in", headers: bigCookie)
            #expect(tooLarge.status.code == 431)
        }
    }

    @Test("a form with thousands of fields is refused before the form parser reads it")
    func formFlood() async throws {
        try await withTestApp { app, _ in
            let browser = Browser(app)
            var form: [String: String] = ["email": "ana@example.test", "password": "x"]
            for index in 0..<3000 { form["f\(index)"] = "1" }
            let flooded = try await browser.post(SiteRoute.signIn.path, form: form)
            #expect(flooded.status == .payloadTooLarge)
        }
    }

    @Test("an idle connection is closed after the idle timeout")
    func idleConnectionsClose() async throws {
        try await withTestApp(configure: { $0.requestLimits.idleTimeoutSeconds = 1 }) { app, _ in
            app.http.server.configuration.port = 0
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
            // Sends nothing. The server must hang up by itself within a few seconds.
            let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await channel.closeFuture.get(); return true }
                group.addTask { try await Task.sleep(nanoseconds: 6_000_000_000); return false }
                let first = try await group.next() ?? false
                group.cancelAll()
                return first
            }
            if !closed { try? await channel.close() }
            await app.server.shutdown()
            #expect(closed, "the idle connection was still open after 6 s")
        }
    }
}

import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Several servers on one database behave as one console")
struct MultiServerTests {
    @Test("a session made on one server is valid on the other, and ended everywhere at once")
    func sharedSessions() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (first, second) = (apps[0], apps[1])
            try await Scenario.customer(first, name: "Alice", email: "alice@example.test")
            let onFirst = try await Scenario.signedIn(first, email: "alice@example.test")
            let onSecond = Browser(second)
            onSecond.setCookie("kontor_session", try #require(onFirst.cookies["kontor_session"]))
            #expect(try await onSecond.get(SiteRoute.console.path).status == .ok)
            try await onSecond.post(SiteRoute.signOut.path)
            #expect(try await onFirst.get(SiteRoute.console.path).status == .seeOther)
        }
    }

    @Test("throttling counts are shared: guesses spread over two servers hit one limit")
    func sharedThrottle() async throws {
        try await withTestApps(count: 2) { apps, _ in
            try await Scenario.customer(apps[0], name: "Alice", email: "alice@example.test")
            var statuses: [UInt] = []
            for attempt in 0..<14 {
                let app = apps[attempt % 2]
                statuses.append(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "wrong \(attempt)"]).status.code)
            }
            #expect(statuses.filter { $0 == 401 }.count == 10)
            #expect(statuses.suffix(4).allSatisfy { $0 == 429 })
        }
    }
}

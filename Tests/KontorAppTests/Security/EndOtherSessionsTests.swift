import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Signing out everywhere else: every other browser and API session ends at once, this one and personal tokens stay")
struct EndOtherSessionsTests {
    static let email = "alice@example.test"

    @Test("from the sessions page: the phone and an API session stop working at once, this browser and a personal token go on, and the log says how many ended")
    func fromThePage() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: Self.email)
            let laptop = try await Scenario.signedIn(app, email: Self.email)
            let phone = try await Scenario.signedIn(app, email: Self.email)
            let apiSession = try await Scenario.apiToken(app, email: Self.email)
            let created = try await laptop.post(SiteRoute.apiTokens.path, form: ["name": "deploy script", "password": Scenario.password])
            let personal = try #require(Scenario.between(created.body.string, "id=\"new-token\">", "</code>"))
            #expect(try await laptop.get(SiteRoute.sessions.path).body.string.contains("id=\"end-other-sessions\""))

            let ended = try await laptop.post(SiteRoute.endOtherSessions.path)
            #expect(ended.status == .seeOther)
            #expect(try await phone.get(SiteRoute.console.path).status == .seeOther, "the phone is signed out")
            #expect(try await Scenario.api(app, .GET, .me, token: apiSession).status == .unauthorized, "the API session too")
            #expect(try await Scenario.api(app, .GET, .me, token: personal).status == .ok, "a personal token is no session")
            let page = try await laptop.get(SiteRoute.sessions.path)
            #expect(page.status == .ok && !page.body.string.contains("id=\"end-other-sessions\""), "nothing else to end")
            #expect(try await AuthSession.query(on: app.db).filter(\.$user.$id == alice.requireID()).count() == 1)
            let event = try #require(try await SecurityEvent.query(on: app.db).filter(\.$kind == "other_sessions_ended").first())
            #expect(event.userID == alice.id && event.detail == "2")
        }
    }

    @Test("DELETE /me/sessions ends every session but the caller's and says how many; with a personal token, every session")
    func api() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: Self.email)
            let browser = try await Scenario.signedIn(app, email: Self.email)
            let first = try await Scenario.apiToken(app, email: Self.email)
            let second = try await Scenario.apiToken(app, email: Self.email)
            let response = try await Scenario.api(app, .DELETE, .meSessions, token: first)
            #expect(response.status == .ok)
            #expect(try response.content.decode(APIModels.SessionsEnded.self).ended == 2)
            #expect(try await Scenario.api(app, .GET, .me, token: first).status == .ok)
            #expect(try await Scenario.api(app, .GET, .me, token: second).status == .unauthorized)
            #expect(try await browser.get(SiteRoute.console.path).status == .seeOther)
            #expect(try await Scenario.api(app, .DELETE, .meSessions, token: nil).status == .unauthorized)
            let again = try await Scenario.api(app, .DELETE, .meSessions, token: first)
            #expect(try again.content.decode(APIModels.SessionsEnded.self).ended == 0)
        }
    }

    @Test("another customer's sessions are never touched")
    func onlyMine() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: Self.email)
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let alice = try await Scenario.signedIn(app, email: Self.email)
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            #expect(try await alice.post(SiteRoute.endOtherSessions.path).status == .seeOther)
            #expect(try await bob.get(SiteRoute.console.path).status == .ok)
        }
    }

    @Test("two browsers on two servers sign out everywhere else at the same moment: no 500, and no third session survives")
    func atTheSameMoment() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let alice = try await Scenario.customer(apps[0], name: "Alice", email: Self.email)
            for round in 0..<3 {
                let browsers = [try await Scenario.signedIn(apps[0], email: Self.email), try await Scenario.signedIn(apps[1], email: Self.email)]
                let third = try await Scenario.signedIn(apps[1], email: Self.email)
                let tokens = [try await browsers[0].csrfToken(page: SiteRoute.sessions.path), try await browsers[1].csrfToken(page: SiteRoute.sessions.path)]
                let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for index in 0..<2 {
                        let (browser, token) = (browsers[index], tokens[index])
                        group.addTask { try await browser.post(SiteRoute.endOtherSessions.path, form: ["_csrf": token]).status.code }
                    }
                    return try await group.reduce(into: [UInt]()) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 < 500 }, "round \(round): \(statuses)")
                #expect(try await third.get(SiteRoute.console.path).status == .seeOther, "round \(round)")
                #expect(try await AuthSession.query(on: apps[0].db).filter(\.$user.$id == alice.requireID()).count() <= 1, "round \(round)")
            }
        }
    }
}

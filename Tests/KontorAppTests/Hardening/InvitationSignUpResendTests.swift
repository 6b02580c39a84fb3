import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// The sign-up form behind an invitation link, sent again by the person it made: a double click, a resend after a
/// timeout, two tabs. The first copy made the account; before, the others were told the link was no longer valid or
/// to sign in, although the person had just signed up. Now each copy with the account's password signs them in.
@Suite("Signing up through an invitation twice signs the person in once made")
struct InvitationSignUpResendTests {
    /// Alice's organization invites Bob; the link and an anonymous browser that opened it, with its form token.
    private static func invitedBob(_ app: Application) async throws -> (organization: Organization, link: String, bob: Browser, csrf: String) {
        let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
        let organization = try await Scenario.organization(of: alice, on: app)
        try await Scenario.signedIn(app, email: "alice@example.test")
            .post(SiteRoute.inviteMember(organization.id!).path, form: ["email": "bob@example.test", "role": "user"])
        let link = try await Scenario.lastLink(app, to: "bob@example.test", path: "/invitations/")
        let bob = Browser(app)
        let csrf = Browser.token(in: try await bob.get(link).body.string)
        return (organization, link, bob, csrf)
    }

    /// The session cookie an answer sets, if it sets one.
    private static func session(in response: TestingHTTPResponse) -> String? {
        let prefix = "kontor_session="
        guard let header = response.headers[.setCookie].first(where: { $0.hasPrefix(prefix) }),
              let pair = header.split(separator: ";").first, pair.count > prefix.count else { return nil }
        return String(pair.dropFirst(prefix.count))
    }

    @Test("four copies at once through two servers: one account, one membership, and every copy signed in to the console")
    func fourCopiesAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, link, bob, csrf) = try await Self.invitedBob(apps[0])
            let answers = try await bob.postAtOnce(apps, count: 4, link) { _ in
                ["_csrf": csrf, "name": "Bob", "password": Scenario.password, "language": "de"]
            }
            #expect(answers.allSatisfy { $0.status == .seeOther && $0.location == SiteRoute.console.path },
                    "\(answers.map { "\($0.status) \($0.location ?? "")" })")
            #expect(try await User.query(on: apps[1].db).filter(\.$email == "bob@example.test").count() == 1)
            let user = try #require(try await User.find(email: "bob@example.test", on: apps[1].db))
            #expect(try await Membership.query(on: apps[1].db).filter(\.$user.$id == user.id!).count() == 1)
            // Whichever answer the browser kept, its session opens the inviting organization's console.
            for answer in answers {
                let tab = Browser(apps[1])
                tab.setCookie("kontor_session", try #require(Self.session(in: answer)))
                let console = try await tab.get(SiteRoute.console.path)
                #expect(console.status == .ok)
                #expect(console.body.string.contains(organization.name))
            }
        }
    }

    @Test("sent again with another password: nobody is signed in, the link is used, and the guess counts as a failed sign-in")
    func anotherPassword() async throws {
        try await withTestApp { app, _ in
            let (_, link, bob, _) = try await Self.invitedBob(app)
            #expect(try await bob.post(link, form: ["name": "Bob", "password": Scenario.password, "language": "de"]).status == .seeOther)
            let again = try await Browser(app).post(link, form: ["name": "Mallory", "password": "another long password 123"])
            #expect(again.status == .gone)
            #expect(Self.session(in: again) == nil)
            let user = try #require(try await User.find(email: "bob@example.test", on: app.db))
            #expect(user.name == "Bob")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$userID == user.id!).filter(\.$kind == SecurityEventKind.signInFailed.rawValue).count() == 1)
        }
    }

    @Test("guesses through a used link are throttled as on the sign-in page: past the limit even the right password waits")
    func throttled() async throws {
        try await withTestApp { app, _ in
            let (_, link, bob, _) = try await Self.invitedBob(app)
            #expect(try await bob.post(link, form: ["name": "Bob", "password": Scenario.password, "language": "de"]).status == .seeOther)
            for guess in 0..<ThrottlePolicy.signInPerAccountAndAddress.limit {
                #expect(try await Browser(app).post(link, form: ["name": "Bob", "password": "guess number \(guess) of many"]).status == .gone)
            }
            let right = try await Browser(app).post(link, form: ["name": "Bob", "password": Scenario.password])
            #expect(right.status == .tooManyRequests)
            #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "bob@example.test", "password": Scenario.password]).status == .tooManyRequests)
        }
    }

    @Test("ten minutes after the link was used, the form sent again is a used link like any other")
    func afterTheWindow() async throws {
        try await withTestApp { app, clock in
            let (_, link, bob, _) = try await Self.invitedBob(app)
            #expect(try await bob.post(link, form: ["name": "Bob", "password": Scenario.password, "language": "de"]).status == .seeOther)
            clock.advance(by: OrganizationService.signUpResendWindow + 1)
            let late = try await Browser(app).post(link, form: ["name": "Bob", "password": Scenario.password])
            #expect(late.status == .gone)
            #expect(Self.session(in: late) == nil)
        }
    }
}

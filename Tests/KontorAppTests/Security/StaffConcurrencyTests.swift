import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Administrators change each other, and members make tokens, from several desks at once over two servers.
@Suite("Staff members, their passwords and staff tokens changed at the same moment over two servers")
struct StaffConcurrencyTests {
    static func member(_ app: Application, _ email: String) async throws -> StaffMember {
        try #require(try await StaffMember.query(on: app.db).filter(\.$email == email).first())
    }

    static func activeAdministrators(_ app: Application) async throws -> Int {
        try await StaffMember.query(on: app.db).filter(\.$roleValue == StaffRole.administrator.rawValue).filter(\.$disabledAt == nil).count()
    }

    @Test("the only two administrators demote or deactivate each other at the same moment, five times over: one always stays, the other is told 409")
    func administratorsAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let admins = [try await Scenario.staff(apps[0], role: .administrator, email: "one@staff.test"),
                          try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")]
            let ids = [try await Self.member(apps[0], "one@staff.test").requireID(), try await Self.member(apps[0], "two@staff.test").requireID()]
            let tokens = [try await admins[0].csrfToken(page: SiteRoute.staffMembers.path), try await admins[1].csrfToken(page: SiteRoute.staffMembers.path)]
            // Each round ends with both administrators again; the last one deactivates, which also ends the other's sessions.
            let rounds: [(path: (UUID) -> SiteRoute, form: [String: String])] = [
                (SiteRoute.staffMemberRole, ["role": "support"]), (SiteRoute.staffMemberRole, ["role": "billing"]),
                (SiteRoute.staffMemberRole, ["role": "editor"]), (SiteRoute.staffMemberRole, ["role": "support"]),
                (SiteRoute.staffMemberDeactivate, [:]),
            ]
            for (round, change) in rounds.enumerated() {
                let codes = try await withThrowingTaskGroup(of: (UInt, String).self) { group in
                    for index in 0..<2 {
                        let path = change.path(ids[1 - index]).path, browser = admins[index]
                        var form = change.form
                        form["_csrf"] = tokens[index]
                        group.addTask {
                            let response = try await browser.post(path, form: form)
                            return (response.status.code, response.body.string)
                        }
                    }
                    return try await group.reduce(into: [(UInt, String)]()) { $0.append($1) }
                }
                #expect(try await Self.activeAdministrators(apps[1]) == 1, "round \(round): \(codes.map(\.0))")
                #expect(codes.allSatisfy { $0.0 < 500 }, "round \(round): \(codes.map(\.0))")
                #expect(codes.filter { $0.0 == 409 }.allSatisfy { $0.1.contains("at least one active administrator") })
                try await StaffMember.query(on: apps[0].db).set(\.$roleValue, to: StaffRole.administrator.rawValue).update()
            }
        }
    }

    @Test("tokens a member makes while an administrator resets her authenticator: none outlives the reset, no 500")
    func tokensDuringReset() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let admin = try await Scenario.staff(apps[1], role: .administrator, email: "admin@staff.test")
            let member = try await Scenario.staff(apps[0], role: .billing, email: "billing@staff.test")
            let memberID = try await Self.member(apps[0], "billing@staff.test").requireID()
            // Her two tabs, one on each server.
            let twin = Browser(apps[1])
            for (name, value) in member.cookies { twin.setCookie(name, value) }
            let csrf = try await member.csrfToken(page: SiteRoute.staffAPITokens.path)
            let adminCSRF = try await admin.csrfToken(page: SiteRoute.staffMembers.path)

            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for index in 0..<10 {
                    let browser = index % 2 == 0 ? member : twin
                    group.addTask {
                        try await browser.post(SiteRoute.staffAPITokens.path, form: ["name": "ERP \(index)", "password": Scenario.password, "_csrf": csrf]).status.code
                    }
                    if index == 3 {
                        group.addTask { try await admin.post(SiteRoute.staffMemberResetTwoFactor(memberID).path, form: ["_csrf": adminCSRF]).status.code }
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }

            #expect(codes.allSatisfy { $0 < 500 }, "\(codes)")
            #expect(try await StaffAPIToken.query(on: apps[1].db).filter(\.$staffMember.$id == memberID).count() == 0,
                    "a token made behind the lost authenticator would still open the staff API: \(codes)")
            #expect(try await AuthSession.query(on: apps[1].db).filter(\.$staffMember.$id == memberID).count() == 0)
        }
    }

    @Test("a token asked for from a session that ended meanwhile (the authenticator was reset) is refused, and nothing is made")
    func tokenFromEndedSession() async throws {
        try await withTestApp { app, clock in
            _ = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let member = try await Self.member(app, "billing@staff.test")
            let session = try #require(try await AuthSession.query(on: app.db).filter(\.$staffMember.$id == member.requireID()).first())
            try await session.delete(on: app.db)
            let tokens = StaffTokens(database: app.db, secretKey: app.kontor.config.secretKey, config: app.kontor.config.billing, now: clock.now)

            await #expect(throws: AppError.unauthenticated) {
                _ = try await tokens.create(for: member.requireID(), session: session.requireID(), name: "ERP", expiresOn: nil, passwordError: nil) { _, _ in }
            }
            #expect(try await StaffAPIToken.query(on: app.db).count() == 0)
        }
    }

    /// The same browser session on the other server: a second tab behind a load balancer.
    private static func twin(of browser: Browser, on app: Application) -> Browser {
        let twin = Browser(app)
        for (name, value) in browser.cookies { twin.setCookie(name, value) }
        return twin
    }

    /// Posts each (browser, path, form) at the same moment; answers the status and `Location` of each, in order.
    private static func atOnce(_ posts: [(Browser, String, [String: String])]) async throws -> [(code: UInt, location: String)] {
        try await withThrowingTaskGroup(of: (Int, UInt, String).self) { group in
            for (index, (browser, path, form)) in posts.enumerated() {
                group.addTask {
                    let response = try await browser.post(path, form: form)
                    return (index, response.status.code, response.location ?? "")
                }
            }
            var answers = [(code: UInt, location: String)](repeating: (0, ""), count: posts.count)
            for try await (index, code, location) in group { answers[index] = (code, location) }
            return answers
        }
    }

    private static func count(_ app: Application, _ kind: String) async throws -> Int {
        try await SecurityEvent.query(on: app.db).filter(\.$kind == kind).count()
    }

    @Test("a member changes her own password from five tabs on two servers at once: one change, audited and mailed once; the rest signed out or 409")
    func ownPasswordAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let email = "bea@staff.test"
            let first = try await Scenario.staff(apps[0], role: .billing, email: email)
            let tabs = [first, Self.twin(of: first, on: apps[1]), try await Scenario.staffSession(apps[1], email: email),
                        try await Scenario.staffSession(apps[0], email: email), try await Scenario.staffSession(apps[1], email: email)]
            var posts: [(Browser, String, [String: String])] = []
            for (index, tab) in tabs.enumerated() {
                posts.append((tab, SiteRoute.staffPassword.path, ["current_password": Scenario.password, "new_password": "quiet lantern over ridge \(index)",
                                                                   "_csrf": try await tab.csrfToken(page: SiteRoute.staffPassword.path)]))
            }

            let answers = try await Self.atOnce(posts)

            #expect(answers.allSatisfy { $0.code < 500 }, "\(answers)")
            let changed = answers.filter { $0.code == 303 && $0.location.hasPrefix(SiteRoute.staffPassword.path) }
            #expect(changed.count == 1, "\(answers)")
            // A tab that checked its current password after the winner's change committed is told that password is
            // wrong (422), as the customer's password race answers.
            #expect(answers.allSatisfy { $0.code == 409 || $0.code == 422 || $0.code == 303 && ($0.location == SiteRoute.staffSignIn.path || $0.location.hasPrefix(SiteRoute.staffPassword.path)) },
                    "the others: their session ended (sign-in), their click came second (409), or their current password had changed (422): \(answers)")
            #expect(try await Self.count(apps[1], "staff_password_changed") == 1)
            #expect(try await OutboxMessage.query(on: apps[1].db).filter(\.$subject == "Your staff password was changed").count() == 1)
            let member = try await Self.member(apps[1], email)
            #expect(try await AuthSession.query(on: apps[1].db).filter(\.$staffMember.$id == member.requireID()).count() == 1)
            var working = 0
            for index in tabs.indices {
                if try await apps[0].kontor.hasher.verify("quiet lantern over ridge \(index)", against: member.passwordHash) { working += 1 }
            }
            #expect(working == 1, "exactly one of the new passwords is the member's")
        }
    }

    @Test("four administrator tabs on two servers give a billing member the support role at once: one change, audited once, her tokens ended and mailed once")
    func roleChangeAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let one = try await Scenario.staff(apps[0], role: .administrator, email: "one@staff.test")
            let two = try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing, email: "bea@staff.test")
            let bea = try await Self.member(apps[0], "bea@staff.test").requireID()
            let browsers = [one, Self.twin(of: one, on: apps[1]), two, Self.twin(of: two, on: apps[0])]
            var posts: [(Browser, String, [String: String])] = []
            for browser in browsers {
                posts.append((browser, SiteRoute.staffMemberRole(bea).path, ["role": "support", "_csrf": try await browser.csrfToken(page: SiteRoute.staffMembers.path)]))
            }

            let answers = try await Self.atOnce(posts)

            #expect(answers.allSatisfy { $0.code == 303 && $0.location.hasPrefix(SiteRoute.staffMembers.path) }, "\(answers)")
            #expect(try await Self.member(apps[1], "bea@staff.test").role == .support)
            #expect(try await Self.count(apps[1], "staff_role_changed") == 1)
            #expect(try await OutboxMessage.query(on: apps[1].db).filter(\.$subject == "Your staff API tokens ended with your new role").count() == 1)
            #expect(try await Scenario.staffAPI(apps[1], .GET, .staffUnidentifiedPayments, token: token).status == .unauthorized)
        }
    }

    @Test("four administrator tabs on two servers deactivate a member at once, then reactivate her at once: each happens and is audited once")
    func deactivationAndReactivationAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let one = try await Scenario.staff(apps[0], role: .administrator, email: "one@staff.test")
            let two = try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")
            _ = try await Scenario.staffWithToken(apps[0], role: .billing, email: "bea@staff.test")
            let bea = try await Self.member(apps[0], "bea@staff.test").requireID()
            let browsers = [one, Self.twin(of: one, on: apps[1]), two, Self.twin(of: two, on: apps[0])]
            var csrf: [String] = []
            for browser in browsers { csrf.append(try await browser.csrfToken(page: SiteRoute.staffMembers.path)) }

            let off = try await Self.atOnce(browsers.indices.map { (browsers[$0], SiteRoute.staffMemberDeactivate(bea).path, ["_csrf": csrf[$0]]) })
            #expect(off.allSatisfy { $0.code == 303 }, "\(off)")
            #expect(!(try await Self.member(apps[1], "bea@staff.test").isActive))
            #expect(try await Self.count(apps[1], "staff_deactivated") == 1)
            #expect(try await StaffAPIToken.query(on: apps[1].db).count() == 0)

            let on = try await Self.atOnce(browsers.indices.map { (browsers[$0], SiteRoute.staffMemberReactivate(bea).path, ["_csrf": csrf[$0]]) })
            #expect(on.allSatisfy { $0.code == 303 }, "\(on)")
            #expect(try await Self.member(apps[1], "bea@staff.test").isActive)
            #expect(try await Self.count(apps[1], "staff_reactivated") == 1)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Administrators change each other, and members make tokens, from several desks at once over two servers.
@Suite("Staff administrators and staff tokens changed at the same moment over two servers")
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
}

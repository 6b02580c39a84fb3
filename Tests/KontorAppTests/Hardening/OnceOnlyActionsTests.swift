import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Buttons people double-click, on two servers at once: each takes effect exactly once, and nobody gets a 500.
@Suite("Once-only actions under concurrent clients")
struct OnceOnlyActionsTests {
    @Test("eight staff clicks on 'send again' over two servers queue a failed message once")
    func sendAgainTwice() async throws {
        try await withTestApps(count: 2) { apps, clock in
            try await MailExactlyOnceTests.enqueue(1, on: apps[0])
            let message = try #require(try await OutboxMessage.query(on: apps[0].db).first())
            message.failedAt = clock.now
            message.attempts = 13
            try await message.save(on: apps[0].db)
            let staff = [try await Scenario.staff(apps[0], role: .support, email: "one@staff.test"),
                         try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")]
            let path = SiteRoute.staffFailedMailSendAgain(message.id!).path
            let tokens = [try await staff[0].csrfToken(page: SiteRoute.staffFailedMail.path), try await staff[1].csrfToken(page: SiteRoute.staffFailedMail.path)]
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for click in 0..<8 {
                    let browser = staff[click % 2], token = tokens[click % 2]
                    group.addTask { try await browser.post(path, form: ["_csrf": token]).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 303 }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == 303 || $0 == 404 })
            let queued = try #require(try await OutboxMessage.find(message.id, on: apps[1].db))
            #expect(queued.failedAt == nil && queued.attempts == 0)
        }
    }

    /// Six clicks on one button at once, alternately in `signedIn`'s browser and in a browser on the second server
    /// holding the same session cookie (the same person in two tabs, balanced over two servers); their statuses.
    static func sixClicks(_ path: String, page: String, signedIn first: Browser, secondServer: Application) async throws -> [UInt] {
        let second = Browser(secondServer)
        for (name, value) in first.cookies { second.setCookie(name, value) }
        let browsers = [first, second]
        let tokens = [try await first.csrfToken(page: page), try await second.csrfToken(page: page)]
        return try await withThrowingTaskGroup(of: UInt.self) { group in
            for click in 0..<6 {
                let browser = browsers[click % 2], token = tokens[click % 2]
                group.addTask { try await browser.post(path, form: ["_csrf": token]).status.code }
            }
            return try await group.reduce(into: [UInt]()) { $0.append($1) }
        }
    }

    @Test("a staff API token revoked from six tabs over two servers is revoked and audited once; the others are told it is gone")
    func revokeStaffTokenTwice() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (first, _) = try await Scenario.staffWithToken(apps[0], role: .billing, email: "ana@staff.test")
            let record = try #require(try await StaffAPIToken.query(on: apps[0].db).first())
            let statuses = try await Self.sixClicks(SiteRoute.staffRevokeAPIToken(record.id!).path, page: SiteRoute.staffAPITokens.path,
                                                    signedIn: first, secondServer: apps[1])
            #expect(statuses.filter { $0 == 303 }.count == 1 && statuses.allSatisfy { $0 == 303 || $0 == 404 }, "\(statuses)")
            #expect(try await StaffAPIToken.query(on: apps[1].db).count() == 0)
            #expect(try await SecurityEvent.query(on: apps[0].db).filter(\.$kind == "staff_api_token_revoked").count() == 1, "audited once")
        }
    }

    @Test("a personal API token revoked from six tabs over two servers is revoked and audited once; the others are told it is gone")
    func revokePersonalTokenTwice() async throws {
        try await withTestApps(count: 2) { apps, _ in
            _ = try await Scenario.customer(apps[0], name: "Alice", email: "alice@example.test")
            let first = try await Scenario.signedIn(apps[0], email: "alice@example.test")
            let created = try await first.post(SiteRoute.apiTokens.path, form: ["_csrf": try await first.csrfToken(page: SiteRoute.apiTokens.path), "name": "Deploy", "password": Scenario.password])
            #expect(created.status == .created)
            let record = try #require(try await APIToken.query(on: apps[0].db).first())
            let statuses = try await Self.sixClicks(SiteRoute.revokeAPIToken(record.id!).path, page: SiteRoute.apiTokens.path,
                                                    signedIn: first, secondServer: apps[1])
            #expect(statuses.filter { $0 == 303 }.count == 1 && statuses.allSatisfy { $0 == 303 || $0 == 404 }, "\(statuses)")
            #expect(try await APIToken.query(on: apps[1].db).count() == 0)
            #expect(try await SecurityEvent.query(on: apps[0].db).filter(\.$kind == SecurityEventKind.apiTokenRevoked.rawValue).count() == 1, "audited once")
        }
    }

    @Test("the unlock link opened in four tabs over two servers recognises one browser, the others are told it is used")
    func unlockTwice() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let user = try await Scenario.customer(apps[0], name: "Alice", email: "alice@example.test")
            let token = try await EmailLinks(db: apps[0].db, now: clock.now).issue(.unlockSignIn, for: user, lifetime: 3600)
            let path = SiteRoute.signInUnlock(token: token).path
            let tabs = (0..<4).map { Browser(apps[$0 % 2]) }
            let forms = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for (index, tab) in tabs.enumerated() { group.addTask { (index, try await tab.csrfToken(page: path)) } }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for (index, tab) in tabs.enumerated() {
                    let csrf = forms[index] ?? ""
                    group.addTask { try await tab.post(path, form: ["_csrf": csrf]).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 303 }.count == 1 && statuses.filter { $0 == 410 }.count == 3, "\(statuses)")
            #expect(try await KnownDevice.query(on: apps[0].db).filter(\.$user.$id == user.requireID()).count() == 1,
                    "only the unlocked tab is remembered")
        }
    }
}

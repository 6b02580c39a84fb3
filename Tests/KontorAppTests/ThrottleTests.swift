import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Sign-in throttling (ASVS 6.3.1, 2.4.1)")
struct ThrottleTests {
    @Test("many wrong passwords in parallel: no more than the limit are even checked")
    func parallelGuesses() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for attempt in 0..<30 {
                    group.addTask {
                        try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "guess number \(attempt)"]).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            let checked = statuses.filter { $0 == 401 }.count
            let limited = statuses.filter { $0 == 429 }.count
            #expect(checked == ThrottlePolicy.signInPerAccountAndAddress.limit)
            #expect(limited == 30 - checked)
            // The right password from the same place is refused too until the window passes.
            let right = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            #expect(right.status == .tooManyRequests)
        }
    }

    @Test("the owner signs in from a device they used before while an attacker is throttled")
    func noLockout() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let owner = try await Scenario.signedIn(app, email: "alice@example.test")
            let device = try #require(owner.cookies["kontor_device"])
            try await owner.post(SiteRoute.signOut.path)
            // An attacker exhausts the per-account budget (simulated: the counter stands at its limit).
            let limiter = RateLimiter(database: app.db, now: { Date(timeIntervalSince1970: 1_790_000_000) })
            for _ in 0...ThrottlePolicy.signInPerAccount.limit {
                _ = try await limiter.hit("signin:account:" + SecretToken.hash("alice@example.test"), limit: ThrottlePolicy.signInPerAccount)
            }
            let stranger = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            #expect(stranger.status == .tooManyRequests)
            let returning = Browser(app)
            returning.setCookie("kontor_device", device)
            let response = try await returning.post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            #expect(response.status == .seeOther)
        }
    }

    @Test("a success ends the run of failures")
    func successResets() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            for _ in 0..<9 { try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "wrong password"]) }
            try await Scenario.signedIn(app, email: "alice@example.test")
            for _ in 0..<9 {
                #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "wrong password"]).status == .unauthorized)
            }
        }
    }

    @Test("the window passes and attempts are counted afresh")
    func windowExpires() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            for _ in 0..<11 { try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "wrong password"]) }
            #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password]).status == .tooManyRequests)
            clock.advance(by: 16 * 60)
            #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password]).status == .seeOther)
        }
    }
}

@Suite("Password storage (ASVS 6.2.8, 11.4.2)")
struct PasswordStorageTests {
    @Test("hashes are argon2id with their parameters stored beside them")
    func phc() throws {
        let hash = try PasswordHasher.hashNow("a long enough passphrase")
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(PasswordHasher.verifyNow("a long enough passphrase", against: hash))
        #expect(!PasswordHasher.verifyNow("a long enough passphrasE", against: hash))
    }

    @Test("nothing is truncated: passwords differing after byte 72 do not both verify")
    func noTruncation() throws {
        let base = String(repeating: "x", count: 99)
        let hash = try PasswordHasher.hashNow(base + "a")
        #expect(PasswordHasher.verifyNow(base + "a", against: hash))
        #expect(!PasswordHasher.verifyNow(base + "b", against: hash))
        let nul = try PasswordHasher.hashNow("prefix\0suffix-one")
        #expect(!PasswordHasher.verifyNow("prefix\0suffix-two", against: nul))
    }

    @Test("the same passphrase typed in another Unicode form verifies")
    func normalization() throws {
        let hash = try PasswordHasher.hashNow("contrase\u{00F1}a segura")
        #expect(PasswordHasher.verifyNow("contrasen\u{0303}a segura", against: hash))
    }
}

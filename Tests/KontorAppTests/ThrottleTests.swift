import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
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
            #expect(right.headers.first(name: "Retry-After").flatMap(Int.init).map { $0 > 0 } == true, "the page says when, as the API does")
        }
    }

    @Test("once the account's delay is on, twenty guesses at the same moment over two servers count as one: the others wait")
    func delayHoldsUnderABurst() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let policy = ThrottlePolicy.signInAccountDelay
            let key = "signin:account:burst"
            let limiter = RateLimiter(database: apps[0].db, now: { clock.now })
            for _ in 0..<policy.freeAttempts { _ = try await limiter.attempt(key, delay: policy) }
            clock.advance(by: TimeInterval(policy.delaySeconds(afterAttempts: policy.freeAttempts) + 1))
            let decisions = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let limiter = RateLimiter(database: apps[index % 2].db, now: { clock.now })
                        if case .allowed = try await limiter.attempt(key, delay: policy).decision { return true }
                        return false
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(decisions.filter { $0 }.count == 1, "one guess after the wait, not \(decisions.filter { $0 }.count)")
            #expect(try await limiter.count(key, limit: RateLimit(limit: 100, windowSeconds: policy.windowSeconds)) == policy.freeAttempts + 1)
        }
    }

    @Test("a burst within the free attempts over two servers: every attempt is let through and counted once")
    func freeAttemptsHoldUnderABurst() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let policy = ProgressiveDelay(freeAttempts: 40, maximumSeconds: 60, windowSeconds: 3600)
            let key = "signin:account:free-burst"
            let decisions = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<policy.freeAttempts {
                    group.addTask {
                        let limiter = RateLimiter(database: apps[index % 2].db, now: { clock.now })
                        if case .allowed = try await limiter.attempt(key, delay: policy).decision { return true }
                        return false
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(decisions.filter { !$0 }.count == 0, "refused within the free attempts: \(decisions.filter { !$0 }.count)")
            let limiter = RateLimiter(database: apps[0].db, now: { clock.now })
            #expect(try await limiter.count(key, limit: RateLimit(limit: 100, windowSeconds: policy.windowSeconds)) == policy.freeAttempts)
            // The next one, at the same moment, meets the delay.
            #expect(try await limiter.attempt(key, delay: policy).decision != .allowed)
        }
    }

    @Test("the owner signs in from a device they used before while an attacker is throttled")
    func noLockout() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let owner = try await Scenario.signedIn(app, email: "alice@example.test")
            let device = try #require(owner.cookies["kontor_device"])
            try await owner.post(SiteRoute.signOut.path)
            // Guesses from elsewhere have put the account's delay on (counted as the limiter counts them).
            let limiter = RateLimiter(database: app.db, now: { clock.now })
            for _ in 0..<(ThrottlePolicy.signInAccountDelay.freeAttempts + 5) {
                _ = try await limiter.attempt("signin:account:" + SecretToken.hash("alice@example.test"), delay: ThrottlePolicy.signInAccountDelay)
            }
            let stranger = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            #expect(stranger.status == .tooManyRequests)
            #expect(stranger.headers.first(name: "Retry-After") != nil)
            // A wait of seconds is not called "1 minute" (the delay's first steps are seconds).
            #expect(AppError.rateLimited(retryAfterSeconds: 1).messageKey == "error.rate_limited_shortly")
            #expect(AppError.rateLimited(retryAfterSeconds: 61).messageKey == "error.rate_limited"
                    && AppError.rateLimited(retryAfterSeconds: 61).messageArguments == ["minutes": "2"])
            // Nor is a day's wait "1440 minutes".
            let day = AppError.rateLimited(retryAfterSeconds: 86_400)
            #expect(day.messageKey == "error.rate_limited_hours" && app.kontor.localizer.text(day.messageKey, .de, day.messageArguments)
                    == "Zu viele Versuche. Bitte versuchen Sie es in 24 Stunden erneut.")
            let returning = Browser(app)
            returning.setCookie("kontor_device", device)
            let response = try await returning.post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            #expect(response.status == .seeOther)
        }
    }

    @Test("a browser becomes known only once signed in; a new password forgets every known browser but the one it was changed from")
    func knownDevicesEndWithThePassword() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            // Someone with the password only, stopped at the second factor: no known browser for them.
            try await Scenario.signedInWithAuthenticator(app, email: "bob@example.test", now: clock.now)
            let halfway = try await Scenario.passwordStep(app, email: "bob@example.test")
            #expect(halfway.cookies["kontor_device"] == nil, "the password alone proves nothing about the browser")

            let thief = try await Scenario.signedIn(app, email: "alice@example.test")
            let stolen = try #require(thief.cookies["kontor_device"])
            let owner = try await Scenario.signedIn(app, email: "alice@example.test")
            let ownDevice = try #require(owner.cookies["kontor_device"])
            let changed = try await owner.post(SiteRoute.profilePassword.path,
                                               form: ["current_password": Scenario.password, "new_password": "a brand new river stone"])
            #expect(changed.location == SiteRoute.profile.path + "?notice=password_changed")
            let alice = try #require(try await User.find(email: "alice@example.test", on: app.db)).requireID()
            let known = try await KnownDevice.query(on: app.db).filter(\.$user.$id == alice).all().map(\.tokenHash)
            #expect(known == [SecretToken.hash(ownDevice)], "the thief's browser is forgotten, the owner's kept")
            #expect(!known.contains(SecretToken.hash(stolen)))
        }
    }

    @Test("24 browsers signing in at once through two servers: each gets in or is throttled, and each one that got in is known, up to 20")
    func knownBrowsersCappedUnderConcurrency() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let user = try await Scenario.customer(apps[0], name: "Alice", email: "alice@example.test")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        try await Browser(apps[index % 2]).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password]).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            // Ten attempts per account and address in a quarter of an hour: more at the very same moment may be throttled
            // (on PostgreSQL they are, before a success resets the count), and a throttled one is no known browser.
            #expect(statuses.allSatisfy { $0 == .seeOther || $0 == .tooManyRequests } && statuses.contains(.seeOther), "\(statuses)")
            let signedIn = statuses.count { $0 == .seeOther }
            let known = try await KnownDevice.query(on: apps[1].db).filter(\.$user.$id == user.requireID()).count()
            #expect(known == min(signedIn, KnownDevice.maximumPerUser), "\(known) known browsers for \(signedIn) sign-ins")
        }
    }

    @Test("a reset from the mailed link keeps the browser it was made from known and ends the delay the guesses caused")
    func resetKeepsTheOwnersBrowser() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let owner = try await Scenario.signedIn(app, email: "alice@example.test")
            let device = try #require(owner.cookies["kontor_device"])
            let limiter = RateLimiter(database: app.db, now: { clock.now })
            for _ in 0..<(ThrottlePolicy.signInAccountDelay.freeAttempts + 5) {
                _ = try await limiter.attempt("signin:account:" + SecretToken.hash("alice@example.test"), delay: ThrottlePolicy.signInAccountDelay)
            }
            let user = try #require(try await User.find(email: "alice@example.test", on: app.db))
            let token = try await EmailLinks(db: app.db, now: clock.now).issue(.resetPassword, for: user, lifetime: 3600)
            // The reset form posted from the owner's browser, as the page sends it.
            let request = Request(application: app, on: app.eventLoopGroup.next())
            request.headers.replaceOrAdd(name: .cookie, value: "kontor_device=\(device)")
            try await RecoveryService(request: request).resetPassword(token: token, newPassword: "a brand new river stone")
            #expect(try await KnownDevice.query(on: app.db).filter(\.$user.$id == user.requireID()).all().map(\.tokenHash) == [SecretToken.hash(device)])
            let stranger = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "a brand new river stone"])
            #expect(stranger.status == .seeOther, "the old guesses no longer slow the new password")
        }
    }

    /// Ten wrong passwords from each of eleven addresses, through a trusted proxy on a real connection.
    private static func attack(_ app: Application, port: Int, email: String) async throws {
        for address in 0..<11 {
            for guess in 0..<10 {
                _ = try await app.client.post(URI(string: "http://127.0.0.1:\(port)/api/v1/sessions"),
                                              headers: ["X-Forwarded-For": "203.0.113.\(address + 1)", "Content-Type": "application/json"]) { request in
                    try request.content.encode(["email": email, "password": "guess \(address)-\(guess)"])
                }
            }
        }
    }

    @Test("110 guesses from 11 addresses slow the account for minutes, not a day; the owner gets in with the second factor or the mailed link")
    func distributedGuessing() async throws {
        try await withTestApp(configure: { $0.trustedProxies = try! TrustedProxies.parse("127.0.0.1").get() }) { app, clock in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let setup = try await Scenario.signedIn(app, email: "alice@example.test")
            let (secret, _) = try await Scenario.enableTwoFactor(app, setup, now: clock.now)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            try await Self.attack(app, port: port, email: "alice@example.test")
            await app.server.shutdown()

            // A stranger's right password (or the owner's, from a new place without a second factor) waits minutes.
            let waiting = try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: ["Content-Type": "application/json"],
                                                              body: ByteBuffer(string: #"{"email":"alice@example.test","password":"\#(Scenario.password)"}"#))
            #expect(waiting.status == .tooManyRequests)
            let retry = try #require(waiting.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(retry <= ThrottlePolicy.signInAccountDelay.maximumSeconds, "a delay of minutes, not a lockout: \(retry) s")

            // The owner with the second factor is let through at once.
            let otp = OneTimePassword.totp(secret: secret, time: clock.now.addingTimeInterval(30), digits: 6)
            clock.advance(by: 30)
            let withFactor = try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: ["Content-Type": "application/json"],
                                                                 body: ByteBuffer(string: #"{"email":"alice@example.test","password":"\#(Scenario.password)","otp":"\#(otp)"}"#))
            #expect(withFactor.status == .created, "answered \(withFactor.status): \(withFactor.body.string)")

            // The owner was told once, with a link that makes a new browser a known device.
            let unlockMails = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "alice@example.test")
                .filter(\.$subject == app.kontor.localizer.text("mail.unlock.subject", .en, ["provider": "Kontor"])).count()
            #expect(unlockMails == 1)
            let link = try await Scenario.lastLink(app, to: "alice@example.test", path: "/sign-in/unlock/")
            let newBrowser = Browser(app)
            #expect(try await newBrowser.get(link).body.string.contains("id=\"unlock-form\""))
            let unlocked = try await newBrowser.post(link)
            #expect(unlocked.location?.contains("notice=sign_in_unlocked") == true && newBrowser.cookies["kontor_device"] != nil)
            let signedIn = try await newBrowser.post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            #expect(signedIn.status == .seeOther, "the unlocked browser is not slowed")
            #expect(try await newBrowser.post(link).status == .gone, "the link works once")

            // And the wait ends by itself within the cap.
            clock.advance(by: Double(ThrottlePolicy.signInAccountDelay.maximumSeconds))
            let later = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            #expect(later.status == .seeOther)
        }
    }

    @Test("while the account is slowed, a password sent with a second factor is refused after the same time, right or wrong")
    func throttledRefusalTakesTheSameTime() async throws {
        try await withTestApp(configure: { $0.throttledSignInAnswerFloor = .milliseconds(400) }) { app, clock in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let setup = try await Scenario.signedIn(app, email: "alice@example.test")
            _ = try await Scenario.enableTwoFactor(app, setup, now: clock.now)
            let limiter = RateLimiter(database: app.db, now: { clock.now })
            for _ in 0..<(ThrottlePolicy.signInAccountDelay.freeAttempts + 5) {
                _ = try await limiter.attempt("signin:account:" + SecretToken.hash("alice@example.test"), delay: ThrottlePolicy.signInAccountDelay)
            }
            for (password, address) in [("a wrong guess", "203.0.113.7"), (Scenario.password, "203.0.113.8"), ("another guess", "203.0.113.9")] {
                let started = ContinuousClock.now
                let answer = try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: ["Content-Type": "application/json", "X-Forwarded-For": address],
                                                                 body: ByteBuffer(string: #"{"email":"alice@example.test","password":"\#(password)","otp":"AAAAA-AAAAA"}"#))
                let took = ContinuousClock.now - started
                #expect(answer.status == .tooManyRequests)
                #expect(took >= .milliseconds(400), "\(password): answered after \(took)")
            }
            #expect(try await AuthSession.query(on: app.db).count() == 1, "only the session set up before")
        }
    }

    @Test("a staff password guessed from many addresses is slowed per account after ten guesses, for minutes, and the attempts are logged")
    func staffGuessingIsSlowedPerAccount() async throws {
        try await withTestApp { app, clock in
            try await StaffService(database: app.db, hasher: app.kontor.hasher, policy: app.kontor.passwordPolicy, now: clock.now)
                .create(name: "Admin", email: "admin@staff.test", password: Scenario.password, role: StaffRole.administrator.rawValue)
            let browser = Browser(app)
            for guess in 0..<12 {
                let answer = try await browser.post(SiteRoute.staffSignIn.path, form: ["email": "admin@staff.test", "password": "wrong-\(guess)"])
                #expect(answer.status == .unauthorized || answer.status == .tooManyRequests)
                // Each guess from another address: only the per-account count is left to stop them.
                try await (app.db as! any SQLDatabase).raw("""
                    DELETE FROM rate_limit_counters WHERE key LIKE 'staff-signin:%' AND key NOT LIKE 'staff-signin:account:%'
                    """).run()
            }
            let slowed = try await browser.post(SiteRoute.staffSignIn.path, form: ["email": "admin@staff.test", "password": Scenario.password])
            #expect(slowed.status == .tooManyRequests, "even the right password waits while the account is slowed")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_sign_in_throttled").count() >= 1)
            clock.advance(by: 16 * 60)
            let later = try await browser.post(SiteRoute.staffSignIn.path, form: ["email": "admin@staff.test", "password": Scenario.password])
            #expect(later.status == .seeOther, "minutes later the owner goes on to the authenticator code")
        }
    }

    @Test("a success ends the run of failures")
    func successResets() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            for _ in 0..<9 { try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "wrong password"]) }
            _ = try await Scenario.signedIn(app, email: "alice@example.test")
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

    @Test("a server hashes at OWASP's cost whatever its environment; only the tests' own configuration is cheaper")
    func serversHashAtOWASPCost() async throws {
        for production in [false, true] {
            let config = try AppConfig.load(environment: ["KONTOR_SECRET_KEY": String(repeating: "0f", count: 32),
                                                          "KONTOR_PUBLIC_URL": "https://console.example.ch"]
                                                .merging(BillingConfigurationTests.productionCreditor) { $1 }, dotEnvPath: nil, isProduction: production)
            #expect(config.passwordHashing == .owasp)
            let hash = try await PasswordHasher(cost: config.passwordHashing).hash("a long enough passphrase")
            #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        }
        // And the server `configure` builds from such a configuration hashes with it.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-owasp-\(UUID().uuidString).sqlite").path
        var config = try AppConfig.load(environment: ["KONTOR_SECRET_KEY": String(repeating: "0f", count: 32), "KONTOR_DATABASE_PATH": path],
                                        dotEnvPath: nil, isProduction: false)
        config.databaseConnections = 1
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: config)
            #expect(app.kontor.hasher.cost == .owasp)
            #expect(try await app.kontor.hasher.hash("a long enough passphrase").hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        } catch {
            Issue.record(error)
        }
        try await app.asyncShutdown()
        for suffix in ["", "-wal", "-shm", ".secret"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        // A hash from the tests' cost still verifies on a server, which then upgrades it at the next sign-in.
        let cheap = try await PasswordHasher(cost: .testing).hash("a long enough passphrase")
        #expect(PasswordHasher.verifyNow("a long enough passphrase", against: cheap))
        let strong = try PasswordHasher.hashNow("a long enough passphrase")
        #expect(PasswordHasher(cost: .owasp).needsRehash(cheap) && !PasswordHasher(cost: .owasp).needsRehash(strong))
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

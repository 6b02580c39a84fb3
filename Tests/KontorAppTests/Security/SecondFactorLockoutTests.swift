import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Someone with the password guessing the authenticator code slowly enough for the per-15-minute limit: NIST SP
/// 800-63B §5.2.2 allows no more than 100 failures in a row, however slow.
@Suite("Wrong second-factor codes in a row (NIST SP 800-63B §5.2.2)")
struct SecondFactorLockoutTests {
    static let email = "ana@example.test"
    static let limit = ThrottlePolicy.secondFactorConsecutiveFailures.limit
    static let window = TimeInterval(ThrottlePolicy.secondFactorPerAccount.windowSeconds + 1)

    /// A six-digit code the app does not show at `time`, nor one step either side.
    static func wrongCode(_ secret: [UInt8], at time: Date) -> String {
        let valid = Set([-30.0, 0, 30].map { OneTimePassword.totp(secret: secret, time: time.addingTimeInterval($0), digits: 6) })
        return (0..<4).map { String(format: "%06d", $0 * 111_111) }.first { !valid.contains($0) }!
    }

    /// `count` wrong codes through the sign-in page, spread over as many 15-minute windows as the per-window limit needs.
    static func guess(_ count: Int, _ app: Application, _ clock: TestClock, secret: [UInt8]) async throws {
        var left = count
        while left > 0 {
            let attacker = try await Scenario.passwordStep(app, email: email)
            for _ in 0..<min(left, ThrottlePolicy.secondFactorPerAccount.limit) {
                let answer = try await attacker.post(SiteRoute.signInSecondFactor.path, form: ["code": wrongCode(secret, at: clock.now)])
                #expect(answer.status == .unauthorized)
                left -= 1
            }
            clock.advance(by: window)
        }
    }

    static func lockMails(_ app: Application) async throws -> Int {
        let stem = app.kontor.localizer.text("mail.second_factor_locked.subject", .en).components(separatedBy: "{provider}")[0]
        return try await OutboxMessage.query(on: app.db).filter(\.$recipient == email).all().filter { $0.subject.hasPrefix(stem) }.count
    }

    @Test("after 100 wrong codes in a row even the right code is refused, on the page and in the API, and the owner is mailed once")
    func hundredWrongCodesBlockCodes() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let (secret, backupCodes) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            try await Self.guess(Self.limit - 1, app, clock, secret: secret)
            #expect(try await Self.lockMails(app) == 0, "nothing is said before the run is full")
            try await Self.guess(1, app, clock, secret: secret)
            #expect(try await Self.lockMails(app) == 1)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).sort(\.$createdAt, .descending).first())
            #expect(mail.textBody.contains(SiteRoute.forgotPassword.path), "the mail says where to set a new password")

            let owner = try await Scenario.passwordStep(app, email: Self.email)
            let right = try await owner.post(SiteRoute.signInSecondFactor.path, form: ["code": OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)])
            #expect(right.status == .forbidden, "the right code after the run may be the lucky guess: it is not checked")
            #expect(right.body.string.contains("id=\"forgot-password-link\""))
            #expect(try await owner.post(SiteRoute.signInBackupCode.path, form: ["code": backupCodes[0]]).status == .forbidden)
            #expect(try await BackupCode.query(on: app.db).filter(\.$usedAt != nil).count() == 0, "no backup code was spent on it")
            #expect(try await owner.get(SiteRoute.console.path).status != .ok)

            let api = try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: ["Content-Type": "application/json"],
                body: ByteBuffer(data: try JSONEncoder().encode(["email": Self.email, "password": Scenario.password,
                                                                 "otp": OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)])))
            #expect(api.status == .forbidden)
            #expect(try api.content.decode(KontorErrorMiddleware.Body.self).error.code == "locked")
            #expect(try await Self.lockMails(app) == 1, "one mail, however many codes come after")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "second_factor_locked").count() >= 1)
        }
    }

    @Test("a new password set through the mailed reset link ends the run: the owner signs in with her code again")
    func newPasswordEndsTheRun() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let (secret, _) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            try await Self.guess(Self.limit, app, clock, secret: secret)

            try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": Self.email])
            let link = try #require(try await RecoveryTests.links(app, to: Self.email, path: "/reset-password/").first)
            let newPassword = "a brand new river stone"
            #expect(try await Browser(app).post(link, form: ["new_password": newPassword]).location?.hasPrefix(SiteRoute.signIn.path) == true)

            let owner = Browser(app)
            #expect(try await owner.post(SiteRoute.signIn.path, form: ["email": Self.email, "password": newPassword]).location?
                .hasPrefix(SiteRoute.signInSecondFactor.path) == true)
            clock.advance(by: 30)
            let passed = try await owner.post(SiteRoute.signInSecondFactor.path, form: ["code": OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)])
            #expect(passed.location == SiteRoute.console.path)
        }
    }

    @Test("a right code ends the run: wrong codes only count in a row")
    func rightCodeEndsTheRun() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let (secret, _) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            try await Self.guess(Self.limit - 1, app, clock, secret: secret)
            let owner = try await Scenario.passwordStep(app, email: Self.email)
            clock.advance(by: 30)
            #expect(try await owner.post(SiteRoute.signInSecondFactor.path, form: ["code": OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)])
                .location == SiteRoute.console.path)
            try await Self.guess(Self.limit - 1, app, clock, secret: secret)
            let again = try await Scenario.passwordStep(app, email: Self.email)
            clock.advance(by: 30)
            #expect(try await again.post(SiteRoute.signInSecondFactor.path, form: ["code": OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)])
                .location == SiteRoute.console.path)
            #expect(try await Self.lockMails(app) == 0)
        }
    }

    /// 10 wrong codes sent at once through `apps` when the run has room for `left`: only `left` are checked (401), the
    /// rest refused unchecked (403), and the owner is mailed once.
    static func guessesAtOnceAtTheEnd(_ apps: [Application], _ clock: TestClock, left: Int) async throws {
        let app = apps[0]
        try await Scenario.customer(app, name: "Ana", email: email)
        let (secret, _) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: email), now: clock.now)
        try await guess(limit - left, app, clock, secret: secret)
        let attacker = try await Scenario.passwordStep(app, email: email)
        let token = try await attacker.csrfToken(page: SiteRoute.signInSecondFactor.path)
        let code = wrongCode(secret, at: clock.now)
        let sent = ThrottlePolicy.secondFactorPerAccount.limit
        let statuses = try await attacker.postAtOnce(apps, count: sent, SiteRoute.signInSecondFactor.path) { _ in ["code": code, "_csrf": token] }
            .map(\.status.code)
        #expect(statuses.filter { $0 == 401 }.count == left, "\(statuses)")
        #expect(statuses.filter { $0 == 403 }.count == sent - left, "\(statuses)")
        #expect(try await lockMails(app) == 1)
    }

    @Test("guesses sent together at the end of the run: no more than 100 in a row are checked, and one mail goes out")
    func parallelGuessesAtTheEnd() async throws {
        try await withTestApp { app, clock in try await Self.guessesAtOnceAtTheEnd([app], clock, left: 5) }
    }

    @Test("the same at the end of the run from two servers on one database: the run is counted in the database, not per server")
    func twoServersAtTheEnd() async throws {
        try await withTestApps(count: 2) { apps, clock in try await Self.guessesAtOnceAtTheEnd(apps, clock, left: 4) }
    }
}

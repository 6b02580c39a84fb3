import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import Testing
import Vapor
import VaporTesting

@Suite("Staff accounts must use two-factor authentication")
struct StaffTwoFactorTests {
    static let email = "erika@staff.test"

    private func createStaff(_ app: Application, email: String = Self.email, role: StaffRole = .support) async throws {
        try await StaffService(database: app.db, hasher: app.kontor.hasher, policy: app.kontor.passwordPolicy, now: app.kontor.clock.now())
            .create(name: "Erika", email: email, password: Scenario.password, role: role.rawValue)
    }

    private func secret(from page: String) throws -> [UInt8] {
        // Staff set it up right after typing their password: the page does not ask for it again.
        #expect(!page.contains("id=\"enrol-password\""))
        return try #require(Scenario.between(page, "id=\"totp-secret\">", "</code>").flatMap(Base32.decode))
    }

    /// A member who has signed in once and set up the authenticator app: that browser, and the app's key.
    @discardableResult
    private func enrolled(_ app: Application, _ clock: TestClock) async throws -> (Browser, [UInt8]) {
        try await createStaff(app)
        let first = Browser(app)
        try await first.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password])
        let key = try secret(from: try await first.get(SiteRoute.staffTwoFactorSetup.path).body.string)
        try await first.post(SiteRoute.staffTwoFactorSetup.path, form: ["code": OneTimePassword.totp(secret: key, time: clock.now, digits: 6)])
        return (first, key)
    }

    @Test("the first sign-in cannot finish without setting up an authenticator app; until then nothing opens")
    func firstSignIn() async throws {
        try await withTestApp { app, clock in
            try await createStaff(app)
            let browser = Browser(app)
            let password = try await browser.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password])
            #expect(password.location == SiteRoute.staffTwoFactorSetup.path)
            for path in [SiteRoute.staffHome.path, SiteRoute.staffLookup.path, SiteRoute.staffIdentityChecks.path] {
                #expect(try await browser.get(path).location == SiteRoute.staffSignIn.path, "\(path) needs the second factor")
            }
            let page = try await browser.get(SiteRoute.staffTwoFactorSetup.path).body.string
            #expect(page.contains("<svg") && page.contains("id=\"enrol-required\""))
            let key = try secret(from: page)
            #expect(try secret(from: try await browser.get(SiteRoute.staffTwoFactorSetup.path).body.string) == key,
                    "reloading shows the same key, so a scanned code keeps working")
            #expect(try await browser.post(SiteRoute.staffTwoFactorSetup.path, form: ["code": "000000"]).status == .unprocessableEntity)
            let done = try await browser.post(SiteRoute.staffTwoFactorSetup.path,
                                              form: ["code": OneTimePassword.totp(secret: key, time: clock.now, digits: 6)])
            #expect(done.location == SiteRoute.staffHome.path)
            #expect(try await browser.get(SiteRoute.staffHome.path).status == .ok)
            let staff = try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first())
            #expect(staff.totpConfirmedAt != nil && staff.totpSecretSealed?.contains(Base32.encode(key)) == false, "the key is sealed")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_two_factor_enabled").count() == 1)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_sign_in").count() == 1,
                    "'signed in' is logged once the second factor is passed")
        }
    }

    @Test("later sign-ins ask for the code; a wrong or replayed code is refused")
    func laterSignIns() async throws {
        try await withTestApp { app, clock in
            let (_, key) = try await enrolled(app, clock)

            clock.advance(by: 30)
            let browser = Browser(app)
            let password = try await browser.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password])
            #expect(password.location == SiteRoute.staffSignInSecondFactor.path)
            #expect(try await browser.get(SiteRoute.staffTwoFactorSetup.path).location == SiteRoute.staffSignInSecondFactor.path,
                    "a confirmed app cannot be replaced from a half-signed-in session")
            #expect(try await browser.post(SiteRoute.staffSignInSecondFactor.path, form: ["code": "123456"]).status == .unauthorized)
            let code = OneTimePassword.totp(secret: key, time: clock.now, digits: 6)
            #expect(try await browser.post(SiteRoute.staffSignInSecondFactor.path, form: ["code": code]).location == SiteRoute.staffHome.path)

            let replay = Browser(app)
            try await replay.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password])
            #expect(try await replay.post(SiteRoute.staffSignInSecondFactor.path, form: ["code": code]).status == .unauthorized)
        }
    }

    @Test("an administrator resets another member's app (their sessions end); never their own")
    func reset() async throws {
        try await withTestApp { app, clock in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let member = try await Scenario.staff(app, role: .support, email: Self.email)
            let memberRow = try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first())
            let adminRow = try #require(try await StaffMember.query(on: app.db).filter(\.$email == "admin@staff.test").first())
            #expect(try await member.post(SiteRoute.staffMemberResetTwoFactor(adminRow.id!).path).status == .forbidden, "only administrators")
            #expect(try await admin.post(SiteRoute.staffMemberResetTwoFactor(adminRow.id!).path).status == .conflict)
            #expect(try await admin.post(SiteRoute.staffMemberResetTwoFactor(memberRow.id!).path).status == .seeOther)
            #expect(try await member.get(SiteRoute.staffHome.path).location == SiteRoute.staffSignIn.path)
            let again = Browser(app)
            #expect(try await again.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password]).location
                    == SiteRoute.staffTwoFactorSetup.path)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_two_factor_reset").count() == 1)
        }
    }

    @Test("after 100 wrong codes in a row a member's right code is refused too, until an administrator resets the app")
    func hundredWrongCodes() async throws {
        try await withTestApp { app, clock in
            let (_, key) = try await enrolled(app, clock)
            let limit = ThrottlePolicy.secondFactorConsecutiveFailures.limit
            var left = limit
            while left > 0 {
                let guesser = Browser(app)
                try await guesser.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password])
                for _ in 0..<min(left, ThrottlePolicy.secondFactorPerAccount.limit) {
                    #expect(try await guesser.post(SiteRoute.staffSignInSecondFactor.path,
                                                   form: ["code": SecondFactorLockoutTests.wrongCode(key, at: clock.now)]).status == .unauthorized)
                    left -= 1
                }
                clock.advance(by: SecondFactorLockoutTests.window)
            }
            let owner = Browser(app)
            try await owner.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password])
            let refused = try await owner.post(SiteRoute.staffSignInSecondFactor.path, form: ["code": OneTimePassword.totp(secret: key, time: clock.now, digits: 6)])
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains(HTMLEscaping.escape(app.kontor.localizer.text("error.staff.two_factor_locked", .en))))
            #expect(try await owner.get(SiteRoute.staffHome.path).location == SiteRoute.staffSignIn.path)

            // An administrator signed in now (hours of guessing outlast any session) resets the member's app.
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let member = try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first())
            #expect(try await admin.post(SiteRoute.staffMemberResetTwoFactor(member.id!).path).location?.hasPrefix(SiteRoute.staffMembers.path) == true)
            let afterReset = Browser(app)
            #expect(try await afterReset.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password]).location
                    == SiteRoute.staffTwoFactorSetup.path)
            let newKey = try secret(from: try await afterReset.get(SiteRoute.staffTwoFactorSetup.path).body.string)
            clock.advance(by: 30)
            #expect(try await afterReset.post(SiteRoute.staffTwoFactorSetup.path, form: ["code": OneTimePassword.totp(secret: newKey, time: clock.now, digits: 6)])
                .location == SiteRoute.staffHome.path)
            clock.advance(by: 30)
            let later = Browser(app)
            try await later.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password])
            #expect(try await later.post(SiteRoute.staffSignInSecondFactor.path, form: ["code": OneTimePassword.totp(secret: newKey, time: clock.now, digits: 6)])
                .location == SiteRoute.staffHome.path, "the reset ended the run")
        }
    }
}

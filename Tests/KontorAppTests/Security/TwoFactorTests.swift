import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import Testing
import Vapor
import VaporTesting

@Suite("Two-factor authentication with an authenticator app (seed guide: desactivar la 2FA; ASVS 6.5)")
struct TwoFactorTests {
    static let email = "ana@example.test"

    @Test("turning it on needs the current password: a stolen session cannot put its own app in front of the account")
    func enrolmentNeedsThePassword() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let thief = try await Scenario.signedIn(app, email: Self.email)
            let page = try await thief.get(SiteRoute.securityAuthenticator.path).body.string
            #expect(page.contains("id=\"enrol-password\""), "the form asks for it")
            let key = try #require(Scenario.between(page, "id=\"totp-secret\">", "</code>"))
            let code = OneTimePassword.totp(secret: try #require(Base32.decode(key)), time: clock.now, digits: 6)
            for password in [nil, "not-the-password-1"] as [String?] {
                var form = ["code": code]
                if let password { form["password"] = password }
                let refused = try await thief.post(SiteRoute.securityAuthenticator.path, form: form)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains("id=\"enrol-password-error\""), "the error stands at the password field")
            }
            #expect(try await SecondFactor.query(on: app.db).filter(\.$confirmedAt != nil).count() == 0)
            #expect(try await BackupCode.query(on: app.db).count() == 0)
            let owner = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": Self.email, "password": Scenario.password])
            #expect(owner.location == SiteRoute.console.path, "the owner still signs in with the password alone")
        }
    }

    @Test("turning it on shows a QR code and the key, needs a first valid code, and then shows ten backup codes once")
    func enrolment() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let ana = try await Scenario.signedIn(app, email: Self.email)
            let page = try await ana.get(SiteRoute.securityAuthenticator.path).body.string
            #expect(page.contains("<svg") && page.contains("id=\"totp-secret\""))
            #expect(try await ana.post(SiteRoute.securityAuthenticator.path, form: ["code": "000000", "password": Scenario.password]).status == .unprocessableEntity)
            #expect(try await SecondFactor.query(on: app.db).filter(\.$confirmedAt != nil).count() == 0)

            let (secret, codes) = try await Scenario.enableTwoFactor(app, ana, now: clock.now)
            #expect(codes.count == 10 && Set(codes).count == 10)
            #expect(codes.allSatisfy { BackupCodes.normalize($0) != nil })
            let factor = try #require(try await SecondFactor.query(on: app.db).first())
            #expect(!factor.secretSealed.contains(Base32.encode(secret)), "the secret is sealed, not stored as typed")
            let stored = try await BackupCode.query(on: app.db).all()
            #expect(stored.count == 10 && stored.allSatisfy { $0.codeHash.hasPrefix("$argon2id$") })
            let overview = try await ana.get(SiteRoute.security.path).body.string
            #expect(overview.contains("id=\"backup-codes-left\">Backup codes left: 10"))
            let subjects = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all().map(\.subject)
            #expect(subjects.contains(app.kontor.localizer.text("mail.two_factor_on.subject", .en)), "the user is told by e-mail (6.3.7)")
        }
    }

    @Test("a wrong password in one form of the security page is reported at that form only")
    func errorAtItsForm() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let ana = try await Scenario.signedIn(app, email: Self.email)
            _ = try await Scenario.enableTwoFactor(app, ana, now: clock.now)
            let codes = try await ana.post(SiteRoute.securityBackupCodes.path, form: ["password": "not my password"]).body.string
            #expect(codes.contains("id=\"codes-password-error\"") && !codes.contains("id=\"disable-password-error\"")
                    && !codes.contains("id=\"recovery-password-error\""))
            let off = try await ana.post(SiteRoute.securityDisableTwoFactor.path, form: ["password": "not my password"]).body.string
            #expect(off.contains("id=\"disable-password-error\"") && !off.contains("id=\"codes-password-error\""))
        }
    }

    @Test("the second step speaks the language the customer chose, not the browser's")
    func secondStepInHerLanguage() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Pedro", email: "pedro@example.test", language: "es")
            _ = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: "pedro@example.test"), now: clock.now)
            let browser = try await Scenario.passwordStep(app, email: "pedro@example.test")
            let page = try await browser.get(SiteRoute.signInSecondFactor.path).body.string
            #expect(page.contains("Segundo paso: su código") && page.contains("<html lang=\"es\">"))
        }
    }

    @Test("after the password comes the code; only then a new session opens the console, and a used code is refused")
    func signInWithCode() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let (secret, _) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            clock.advance(by: 30)
            let browser = try await Scenario.passwordStep(app, email: Self.email)
            let pendingCookie = try #require(browser.cookies["kontor_session"])
            #expect(try await browser.get(SiteRoute.console.path).status == .seeOther, "a password alone opens nothing")
            let signInsBefore = try await SecurityEvent.query(on: app.db).filter(\.$kind == "sign_in").count()
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "password_accepted").count() == 1,
                    "the log does not say 'signed in' after the password alone")
            #expect(try await browser.get(SiteRoute.profile.path).location?.hasPrefix(SiteRoute.signIn.path) == true)

            let code = OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)
            #expect(try await browser.post(SiteRoute.signInSecondFactor.path, form: ["code": "123456"]).status == .unauthorized)
            let passed = try await browser.post(SiteRoute.signInSecondFactor.path, form: ["code": code])
            #expect(passed.location == SiteRoute.console.path)
            #expect(browser.cookies["kontor_session"] != pendingCookie, "passing the second factor issues a new session id (7.2.4)")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "sign_in").count() == signInsBefore)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "second_factor_passed").count() == 1)
            #expect(try await browser.get(SiteRoute.console.path).status == .ok)
            #expect(try await AuthSession.query(on: app.db).filter(\.$tokenHash == SecretToken.hash(pendingCookie)).count() == 0)

            let replay = try await Scenario.passwordStep(app, email: Self.email)
            #expect(try await replay.post(SiteRoute.signInSecondFactor.path, form: ["code": code]).status == .unauthorized, "replay (6.5.1)")
            clock.advance(by: 30)
            let next = OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)
            #expect(try await replay.post(SiteRoute.signInSecondFactor.path, form: ["code": next]).status == .seeOther)
        }
    }

    @Test("a backup code signs in once; the same code sent twice at the same moment wins exactly once")
    func backupCodes() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let (_, codes) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            let first = try await Scenario.passwordStep(app, email: Self.email)
            let lower = codes[0].lowercased().replacingOccurrences(of: "-", with: "")
            #expect(try await first.post(SiteRoute.signInBackupCode.path, form: ["code": lower]).status == .seeOther)
            #expect(try await first.get(SiteRoute.security.path).body.string.contains("Backup codes left: 9"))
            let again = try await Scenario.passwordStep(app, email: Self.email)
            #expect(try await again.post(SiteRoute.signInBackupCode.path, form: ["code": codes[0]]).status == .unauthorized)

            let a = try await Scenario.passwordStep(app, email: Self.email)
            let b = try await Scenario.passwordStep(app, email: Self.email)
            async let answerA = a.post(SiteRoute.signInBackupCode.path, form: ["code": codes[1]])
            async let answerB = b.post(SiteRoute.signInBackupCode.path, form: ["code": codes[1]])
            let statuses = [try await answerA.status, try await answerB.status]
            #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            #expect(try await BackupCode.query(on: app.db).filter(\.$usedAt != nil).count() == 2)
        }
    }

    @Test("many wrong codes in parallel: no more than the limit are even checked")
    func parallelGuessing() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            _ = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            let attacker = try await Scenario.passwordStep(app, email: Self.email)
            let token = try await attacker.csrfToken(page: SiteRoute.signInSecondFactor.path)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for guess in 0..<24 {
                    group.addTask { try await attacker.post(SiteRoute.signInSecondFactor.path, form: ["code": String(format: "%06d", guess), "_csrf": token]).status.code }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count <= ThrottlePolicy.secondFactorPerAccount.limit)
            #expect(statuses.filter { $0 == 429 }.count >= 24 - ThrottlePolicy.secondFactorPerAccount.limit)
        }
    }

    @Test("switching it off needs a session that passed 2FA and the current password, and the user is told")
    func disabling() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let enrolling = try await Scenario.signedIn(app, email: Self.email)
            _ = try await Scenario.enableTwoFactor(app, enrolling, now: clock.now)
            let older = try await Scenario.sessionWithoutSecondFactor(app, email: Self.email)

            #expect(try await older.get(SiteRoute.security.path).body.string.contains("id=\"disable-needs-second-factor\""))
            #expect(try await older.post(SiteRoute.securityDisableTwoFactor.path, form: ["password": Scenario.password]).status == .forbidden)
            #expect(try await enrolling.post(SiteRoute.securityDisableTwoFactor.path, form: ["password": "wrong password here"]).status == .unprocessableEntity)
            let user = try #require(try await User.find(email: Self.email, on: app.db))
            #expect(try await SecondFactor.query(on: app.db).filter(\.$user.$id == user.id!).count() == 1)

            #expect(try await enrolling.post(SiteRoute.securityDisableTwoFactor.path, form: ["password": Scenario.password]).status == .seeOther)
            #expect(try await SecondFactor.query(on: app.db).count() == 0)
            #expect(try await BackupCode.query(on: app.db).count() == 0)
            let subjects = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all().map(\.subject)
            #expect(subjects.contains(app.kontor.localizer.text("mail.two_factor_off.subject", .en)))
            #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": Self.email, "password": Scenario.password]).location == SiteRoute.console.path)
        }
    }

    @Test("a session from before 2FA was switched on cannot mint new backup codes, even with the password")
    func oldSessionMintsNothing() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let enrolling = try await Scenario.signedIn(app, email: Self.email)
            let (_, codes) = try await Scenario.enableTwoFactor(app, enrolling, now: clock.now)
            let old = try await Scenario.sessionWithoutSecondFactor(app, email: Self.email)
            #expect(!(try await old.get(SiteRoute.security.path).body.string.contains("id=\"regenerate-codes-form\"")))
            let refused = try await old.post(SiteRoute.securityBackupCodes.path, form: ["password": Scenario.password])
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains(HTMLEscaping.escape(app.kontor.localizer.text("error.backup_codes.session_without_second_factor", .en))),
                    "the refusal names what was asked for, not switching 2FA off")
            let stored = try await BackupCode.query(on: app.db).filter(\.$usedAt == nil).count()
            #expect(stored == codes.count, "the codes shown at enrolment still stand")
            #expect(try await enrolling.post(SiteRoute.securityBackupCodes.path, form: ["password": Scenario.password]).status == .ok)
            // Each form asking for the password says under its own heading what it does.
            let page = try await enrolling.get(SiteRoute.security.path).body.string
            #expect(page.contains("<h3 id=\"regenerate-heading\">New backup codes</h3>") && page.contains("<h3 id=\"disable-heading\">Turn off two-step verification</h3>"))
        }
    }

    @Test("no staff route can switch a customer's 2FA off: there is no such endpoint (ASVS 6.4.6)")
    func noStaffBypass() async throws {
        try await withTestApp { app, _ in
            let staffPaths = app.routes.all.map { $0.path.map(\.description).joined(separator: "/") }.filter { $0.hasPrefix("staff") }
            #expect(!staffPaths.isEmpty)
            // The staff's own sign-in factor (set up, given, reset by another administrator) and a member's own password
            // (`staff/password`, no user or staff ID in it) concern staff accounts.
            let staffOwn: Set<String> = ["staff/sign-in/two-factor", "staff/sign-in/two-factor-setup", "staff/members/:staffID/reset-two-factor",
                                         "staff/password"]
            let suspicious = staffPaths.filter { ($0.contains("factor") || $0.contains("security") || $0.contains("password")) && !staffOwn.contains($0) }
            #expect(suspicious.isEmpty, "\(suspicious)")
            // The one staff decision that removes a customer's factors acts on a request the customer filed with
            // their password and documents (IdentityCheckTests); it takes no user ID.
            let approvals = staffPaths.filter { $0.hasSuffix("approve") }
            #expect(approvals == ["staff/identity-checks/:requestID/approve"])
        }
    }

    @Test("the API asks for the code with the password and refuses a wrong one")
    func apiSignIn() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let (secret, _) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            clock.advance(by: 30)
            func signIn(_ otp: String?) async throws -> TestingHTTPResponse {
                var body: [String: String] = ["email": Self.email, "password": Scenario.password]
                body["otp"] = otp
                return try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: ["Content-Type": "application/json"],
                                                           body: ByteBuffer(data: try JSONEncoder().encode(body)))
            }
            let missing = try await signIn(nil)
            #expect(missing.status == .unauthorized)
            #expect(try missing.content.decode(KontorErrorMiddleware.Body.self).error.code == "second_factor_required")
            #expect(try await signIn("000000").status == .unauthorized)
            #expect(try await signIn(OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)).status == .created)
        }
    }

    @Test("the security log shows my sign-ins and 2FA changes, and nobody else's")
    func securityLog() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            _ = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "bob@example.test", "password": "wrong wrong wrong"])
            let ana = try await Scenario.signedIn(app, email: Self.email)
            _ = try await Scenario.enableTwoFactor(app, ana, now: clock.now)
            let log = try await ana.get(SiteRoute.securityEvents.path).body.string
            #expect(log.contains("Two-factor authentication switched on"))
            #expect(log.contains("Signed in"))
            #expect(!log.contains("Failed sign-in"), "Bob's failure is not in Ana's log")
        }
    }
}

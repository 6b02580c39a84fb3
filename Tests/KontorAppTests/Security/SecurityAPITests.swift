import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("JSON API for account security: two-factor, recovery e-mail, password reset, security log")
struct SecurityAPITests {
    static let email = "ana@example.test"
    static let recovery = "ana.private@example.org"

    /// Ana with 2FA switched on in her browser; the clock is moved on so that the next code is new.
    static func anaWithTwoFactor(_ app: Application, _ clock: TestClock) async throws -> (secret: [UInt8], backupCodes: [String]) {
        try await Scenario.customer(app, name: "Ana", email: email)
        let enabled = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: email), now: clock.now)
        clock.advance(by: 30)
        return enabled
    }

    static func code(_ secret: [UInt8], _ clock: TestClock) -> String {
        OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)
    }

    @Test("GET /me/two-factor says whether 2FA is on, by which methods, how many backup codes are left, and whether this token may switch it off")
    func status() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let bob = try await Scenario.api(app, .GET, .meTwoFactor, token: try await Scenario.apiToken(app, email: "bob@example.test"))
            #expect(bob.status == .ok)
            let off = try bob.content.decode(APIModels.TwoFactorStatus.self)
            #expect(!off.enabled && off.methods.isEmpty && off.remainingBackupCodes == 0 && !off.canDisable)

            let (secret, _) = try await Self.anaWithTwoFactor(app, clock)
            let session = try await Scenario.apiSession(app, email: Self.email, otp: Self.code(secret, clock))
            let on = try await Scenario.api(app, .GET, .meTwoFactor, token: session).content.decode(APIModels.TwoFactorStatus.self)
            #expect(on.enabled && on.methods == ["totp", "backup_codes"] && on.remainingBackupCodes == 10 && on.canDisable)
            let viaToken = try await Scenario.api(app, .GET, .meTwoFactor, token: try await Scenario.personalToken(app, session: session))
            #expect(try viaToken.content.decode(APIModels.TwoFactorStatus.self).canDisable == false, "a personal token never may")
            #expect(try await Scenario.api(app, .GET, .meTwoFactor, token: nil).status == .unauthorized)
        }
    }

    @Test("new backup codes need the current password, are shown once, replace the old ones, and cannot be minted with a personal token")
    func backupCodes() async throws {
        try await withTestApp { app, clock in
            let (secret, oldCodes) = try await Self.anaWithTwoFactor(app, clock)
            let session = try await Scenario.apiSession(app, email: Self.email, otp: Self.code(secret, clock))

            let wrong = try await Scenario.api(app, .POST, .meBackupCodes, token: session, body: #"{"password":"not my password"}"#)
            #expect(wrong.status == .unprocessableEntity)
            #expect(try Scenario.apiError(wrong).fields?.map(\.field) == ["password"])
            let missing = try await Scenario.api(app, .POST, .meBackupCodes, token: session, body: "{}")
            #expect(try missing.status == .unprocessableEntity && Scenario.apiError(missing).fields?.map(\.field) == ["password"])
            #expect(try await Scenario.api(app, .POST, .meBackupCodes, token: session, body: #"{"password":"#).status == .badRequest)

            let token = try await Scenario.personalToken(app, session: session)
            let refused = try await Scenario.api(app, .POST, .meBackupCodes, token: token, body: #"{"password":"\#(Scenario.password)"}"#)
            #expect(try refused.status == .forbidden && Scenario.apiError(refused).code == "not_with_personal_token")

            let fresh = try await Scenario.api(app, .POST, .meBackupCodes, token: session, body: #"{"password":"\#(Scenario.password)"}"#)
            #expect(fresh.status == .ok)
            let codes = try fresh.content.decode(APIModels.BackupCodes.self).codes
            #expect(codes.count == 10 && Set(codes).isDisjoint(with: oldCodes))
            let signIn = { (otp: String) in
                try await app.testing().sendRequest(.POST, SiteRoute.api(.sessions).path, headers: ["Content-Type": "application/json"],
                                                    body: ByteBuffer(data: try JSONEncoder().encode(["email": Self.email, "password": Scenario.password, "otp": otp])))
            }
            #expect(try await signIn(oldCodes[0]).status == .unauthorized, "the old codes stop working")
            #expect(try await signIn(codes[0]).status == .created)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "backup_codes_regenerated").count() == 1)
        }
    }

    @Test("backup codes for an account without 2FA are a conflict, not a fresh set")
    func backupCodesWithoutTwoFactor() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let response = try await Scenario.api(app, .POST, .meBackupCodes, token: try await Scenario.apiToken(app, email: "bob@example.test"),
                                                  body: #"{"password":"\#(Scenario.password)"}"#)
            #expect(try response.status == .conflict && Scenario.apiError(response).code == "not_enabled")
            #expect(try await BackupCode.query(on: app.db).count() == 0)
        }
    }

    @Test("switching 2FA off needs a session that passed 2FA and the password; personal tokens and sessions without 2FA get 403 saying why")
    func disable() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let enabled = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            let before = try await Scenario.apiSessionWithoutSecondFactor(app, email: Self.email)
            clock.advance(by: 30)
            let passed = try await Scenario.apiSession(app, email: Self.email, otp: Self.code(enabled.secret, clock))
            let token = try await Scenario.personalToken(app, session: passed)
            let body = #"{"password":"\#(Scenario.password)"}"#

            let viaToken = try await Scenario.api(app, .POST, .meTwoFactorDisable, token: token, body: body)
            #expect(viaToken.status == .forbidden)
            let tokenError = try Scenario.apiError(viaToken)
            #expect(tokenError.code == "not_with_personal_token")
            #expect(tokenError.message == app.kontor.localizer.text("error.two_factor.not_with_personal_token", .en))
            let viaOldSession = try await Scenario.api(app, .POST, .meTwoFactorDisable, token: before, body: body)
            #expect(try viaOldSession.status == .forbidden && Scenario.apiError(viaOldSession).code == "session_without_second_factor")
            let wrong = try await Scenario.api(app, .POST, .meTwoFactorDisable, token: passed, body: #"{"password":"not my password"}"#)
            #expect(try wrong.status == .unprocessableEntity && Scenario.apiError(wrong).fields?.map(\.field) == ["password"])
            #expect(try await SecondFactor.query(on: app.db).count() == 1, "nothing was switched off so far")

            #expect(try await Scenario.api(app, .POST, .meTwoFactorDisable, token: passed, body: body).status == .noContent)
            #expect(try await SecondFactor.query(on: app.db).count() == 0)
            #expect(try await BackupCode.query(on: app.db).count() == 0)
            let subjects = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all().map(\.subject)
            #expect(subjects.contains(app.kontor.localizer.text("mail.two_factor_off.subject", .en)), "the user is told")
            #expect(try await Scenario.api(app, .GET, .meTwoFactor, token: passed).content.decode(APIModels.TwoFactorStatus.self).enabled == false)
        }
    }

    @Test("the security page says why an older session cannot switch 2FA off, in the user's language")
    func disablePageMessage() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email, language: "es")
            _ = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            let older = try await Scenario.sessionWithoutSecondFactor(app, email: Self.email)
            let refused = try await older.post(SiteRoute.securityDisableTwoFactor.path, form: ["password": Scenario.password])
            #expect(refused.status == .forbidden)
            let message = app.kontor.localizer.text("error.two_factor.session_without_second_factor", .es)
            #expect(refused.body.string.contains(message), "not a bare 'forbidden'")
        }
    }

    @Test("PUT /me/recovery-email re-checks the password, mails a link to the new address, tells the old one, and changes nothing until the link is opened")
    func recoveryEmail() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let token = try await Scenario.apiToken(app, email: Self.email)
            func change(_ body: String) async throws -> TestingHTTPResponse {
                try await Scenario.api(app, .PUT, .meRecoveryEmail, token: token, body: body)
            }
            let wrong = try await change(#"{"email":"\#(Self.recovery)","password":"not my password"}"#)
            #expect(try wrong.status == .unprocessableEntity && Scenario.apiError(wrong).fields?.map(\.field) == ["password"])
            let same = try await change(#"{"email":"\#(Self.email)","password":"\#(Scenario.password)"}"#)
            #expect(try same.status == .unprocessableEntity && Scenario.apiError(same).fields?.map(\.field) == ["email"])
            let invalid = try await change(#"{"email":"not-an-address","password":"\#(Scenario.password)"}"#)
            #expect(try Scenario.apiError(invalid).fields?.map(\.field) == ["email"])
            #expect(try await change(#"{"email":42}"#).status == .badRequest)
            #expect(try await RecoveryTests.links(app, to: Self.recovery, path: "/recovery-email/").isEmpty)

            let accepted = try await change(#"{"email":"\#(Self.recovery)","password":"\#(Scenario.password)"}"#)
            #expect(accepted.status == .accepted)
            #expect(try accepted.content.decode(APIModels.Accepted.self).status == "confirmation_sent")
            let subjects = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all().map(\.subject)
            #expect(subjects.contains(app.kontor.localizer.text("mail.recovery_changing.subject", .en)), "the address in use is told")
            #expect(try await User.find(email: Self.email, on: app.db)?.recoveryEmail == nil)
            let link = try #require(try await RecoveryTests.links(app, to: Self.recovery, path: "/recovery-email/").first)
            let reader = Browser(app)
            #expect(try await reader.post(link, form: ["_csrf": try await reader.csrfToken(page: link)]).status == .seeOther)
            #expect(try await User.find(email: Self.email, on: app.db)?.recoveryEmail == Self.recovery)
        }
    }

    @Test("POST /password-resets needs no token and gives the same answer for known and unknown addresses; only a real account gets a link")
    func passwordReset() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let known = try await Scenario.api(app, .POST, .passwordResets, token: nil, body: #"{"email":"\#(Self.email)"}"#)
            let unknown = try await Scenario.api(app, .POST, .passwordResets, token: nil, body: #"{"email":"nobody@example.test"}"#)
            #expect(known.status == .accepted && unknown.status == .accepted)
            let knownBody = try known.content.decode(APIModels.Accepted.self), unknownBody = try unknown.content.decode(APIModels.Accepted.self)
            #expect(knownBody.status == "reset_link_sent" && knownBody.status == unknownBody.status && knownBody.message == unknownBody.message)
            #expect(try await RecoveryTests.links(app, to: Self.email, path: "/reset-password/").count == 1)
            #expect(try await RecoveryTests.links(app, to: "nobody@example.test", path: "/reset-password/").isEmpty)
            #expect(try await EmailToken.query(on: app.db).filter(\.$purpose == EmailToken.Purpose.resetPassword.rawValue).count() == 1,
                    "nothing is written for the unknown address")

            let invalid = try await Scenario.api(app, .POST, .passwordResets, token: nil, body: #"{"email":"not-an-address"}"#)
            #expect(try invalid.status == .unprocessableEntity && Scenario.apiError(invalid).fields?.map(\.field) == ["email"])
            #expect(try await Scenario.api(app, .POST, .passwordResets, token: nil, body: "{not json").status == .badRequest)
        }
    }

    @Test("GET /me/security-events lists only my events, newest first, described in my language, and pages without skipping or repeating")
    func securityEvents() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email, language: "es")
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            _ = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "bob@example.test", "password": "wrong wrong wrong"])
            clock.advance(by: 60)
            let token = try await Scenario.apiToken(app, email: Self.email)
            // Several events in the very same second, so the paging cursor must not be a timestamp.
            for _ in 0..<3 { _ = try await Scenario.apiToken(app, email: Self.email) }
            clock.advance(by: 60)
            _ = try await Scenario.personalToken(app, session: token)

            let ana = try #require(try await User.find(email: Self.email, on: app.db))
            let mine = try await SecurityEvent.query(on: app.db).filter(\.$userID == ana.id!).count()
            #expect(mine >= 6)
            let all = try await Scenario.api(app, .GET, .meSecurityEvents, token: token).content.decode(APIModels.SecurityLogPage.self)
            #expect(all.items.count == mine && all.nextBefore == nil)
            #expect(all.items.first?.kind == "api_token_created", "newest first")
            #expect(zip(all.items, all.items.dropFirst()).allSatisfy { $0.createdAt >= $1.createdAt })
            #expect(!all.items.contains { $0.kind == "sign_in_failed" }, "Bob's failure is not in Ana's log")
            let signIn = try #require(all.items.first { $0.kind == "sign_in" })
            #expect(signIn.description == app.kontor.localizer.text("security.event.sign_in", .es))

            var paged: [UUID] = []
            var before: UUID?
            repeat {
                let query = "?limit=2" + (before.map { "&before=\($0)" } ?? "")
                let page = try await Scenario.api(app, .GET, .meSecurityEvents, query: query, token: token).content.decode(APIModels.SecurityLogPage.self)
                #expect(page.items.count <= 2)
                paged += page.items.map(\.id)
                before = page.nextBefore
            } while before != nil && paged.count <= mine
            #expect(paged == all.items.map(\.id), "pages of two add up to the whole log, in the same order")
        }
    }

    @Test("the security log refuses a bad limit and a cursor that is not one of my events, naming the parameter", arguments: [
        ("?limit=0", "limit"), ("?limit=101", "limit"), ("?limit=ten", "limit"), ("?before=not-an-id", "before"), ("?before=\(UUID())", "before"),
    ])
    func securityEventsValidation(query: String, field: String) async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let response = try await Scenario.api(app, .GET, .meSecurityEvents, query: query, token: try await Scenario.apiToken(app, email: Self.email))
            #expect(response.status == .unprocessableEntity)
            #expect(try Scenario.apiError(response).fields?.map(\.field) == [field])
        }
    }

    @Test("another user's event is not a cursor into my log")
    func securityEventsForeignCursor() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let bob = try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let bobsEvent = try #require(try await SecurityEvent.query(on: app.db).filter(\.$userID == bob.id!).first())
            let response = try await Scenario.api(app, .GET, .meSecurityEvents, query: "?before=\(bobsEvent.id!)",
                                                  token: try await Scenario.apiToken(app, email: Self.email))
            #expect(try response.status == .unprocessableEntity && Scenario.apiError(response).fields?.map(\.field) == ["before"])
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Recovery e-mail and password reset (seed guide on the recovery e-mail; ASVS 6.4)")
struct RecoveryTests {
    static let email = "ana@example.test"
    static let recovery = "ana.private@example.org"

    static func links(_ app: Application, to recipient: String, path: String) async throws -> [String] {
        try await OutboxMessage.query(on: app.db).filter(\.$recipient == recipient).all().compactMap { message in
            guard let range = message.textBody.range(of: "http://127.0.0.1:8080" + path) else { return nil }
            return String(message.textBody[range.lowerBound...].prefix { !$0.isWhitespace }.dropFirst("http://127.0.0.1:8080".count))
        }
    }

    @Test("setting a recovery address needs the current password, is confirmed from the new mailbox, and the old address is told")
    func recoveryAddress() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let ana = try await Scenario.signedIn(app, email: Self.email)
            let wrong = try await ana.post(SiteRoute.securityRecoveryEmail.path, form: ["recovery_email": Self.recovery, "password": "not my password"])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("id=\"recovery-password-error\""))
            let same = try await ana.post(SiteRoute.securityRecoveryEmail.path, form: ["recovery_email": Self.email, "password": Scenario.password])
            #expect(same.status == .unprocessableEntity && same.body.string.contains("id=\"recovery-email-error\""))
            #expect(try await Self.links(app, to: Self.recovery, path: "/recovery-email/").isEmpty)

            #expect(try await ana.post(SiteRoute.securityRecoveryEmail.path, form: ["recovery_email": "old@example.org", "password": Scenario.password]).status == .seeOther)
            #expect(try await ana.post(SiteRoute.securityRecoveryEmail.path, form: ["recovery_email": Self.recovery, "password": Scenario.password]).status == .seeOther)
            let subjects = try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).all().map(\.subject)
            #expect(subjects.contains(app.kontor.localizer.text("mail.recovery_changing.subject", .en)), "the address in use is told")
            #expect(try await User.find(email: Self.email, on: app.db)?.recoveryEmail == nil, "nothing changes before the link is opened")
            let waiting = try await ana.get(SiteRoute.security.path).body.string
            #expect(Scenario.between(waiting, "id=\"recovery-email-pending\">", "</p>")?.contains(Self.recovery) == true,
                    "the page shows the address waiting for its confirmation")

            let killed = try #require(try await Self.links(app, to: "old@example.org", path: "/recovery-email/").first)
            #expect(try await Browser(app).get(killed).status == .gone, "a newer link kills the older one")
            let link = try #require(try await Self.links(app, to: Self.recovery, path: "/recovery-email/").first)
            // Opening the link (as a mail scanner does) changes nothing; the page's button confirms.
            let page = try await Browser(app).get(link)
            #expect(page.status == .ok && page.body.string.contains(Self.recovery) && page.body.string.contains("id=\"recovery-email-confirm-submit\""))
            #expect(try await User.find(email: Self.email, on: app.db)?.recoveryEmail == nil)
            let reader = Browser(app)
            #expect(try await reader.post(link, form: ["_csrf": try await reader.csrfToken(page: link)]).status == .seeOther)
            #expect(try await User.find(email: Self.email, on: app.db)?.recoveryEmail == Self.recovery)
            #expect(try await Browser(app).get(link).status == .gone, "single use")
            let confirmed = try await ana.get(SiteRoute.security.path).body.string
            #expect(confirmed.contains(Self.recovery) && !confirmed.contains("id=\"recovery-email-pending\""))
        }
    }

    @Test("a recovery link confirmed after the sign-in address moved to the same address is refused: the two never become one")
    func recoveryNeverTheSignInAddress() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let ana = try await Scenario.signedIn(app, email: Self.email)
            #expect(try await ana.post(SiteRoute.securityRecoveryEmail.path, form: ["recovery_email": Self.recovery, "password": Scenario.password]).status == .seeOther)
            let recoveryLink = try #require(try await Self.links(app, to: Self.recovery, path: "/recovery-email/").first)
            #expect(try await ana.post(SiteRoute.profileEmail.path, form: ["new_email": Self.recovery, "password": Scenario.password]).status == .seeOther)
            let signInLink = try #require(try await Self.links(app, to: Self.recovery, path: "/sign-in-email/").first)
            #expect(try await Browser(app).post(signInLink).status == .seeOther)
            let reader = Browser(app)
            let refused = try await reader.post(recoveryLink, form: ["_csrf": try await reader.csrfToken(page: recoveryLink)])
            #expect(refused.status == .conflict)
            let user = try #require(try await User.find(email: Self.recovery, on: app.db))
            #expect(user.recoveryEmail != user.email)
        }
    }

    @Test("a reset link dies when the address it went to stops being the account's, or when the password changes")
    func resetLinkDiesWithItsAddress() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let ana = try await Scenario.signedIn(app, email: Self.email)
            func resetLink(to mailbox: String) async throws -> String {
                try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": Self.email])
                return try #require(try await Self.links(app, to: mailbox, path: "/reset-password/").last)
            }
            func works(_ link: String) async throws -> Bool { try await Browser(app).get(link).status == .ok }

            // Mailed to the sign-in address; the owner moves it to a new mailbox.
            let toOldSignIn = try await resetLink(to: Self.email)
            #expect(try await ana.post(SiteRoute.profileEmail.path, form: ["new_email": "ana@new.example", "password": Scenario.password]).status == .seeOther)
            #expect(try await works(toOldSignIn), "only asking for the change kills nothing")
            let confirm = try #require(try await Self.links(app, to: "ana@new.example", path: "/sign-in-email/").first)
            #expect(try await Browser(app).post(confirm).status == .seeOther)
            #expect(try await !works(toOldSignIn), "the old mailbox's link is dead")
            #expect(try await Browser(app).post(toOldSignIn, form: ["new_password": "a thief's own passphrase"]).status == .gone)

            // Mailed to the recovery address; the owner sets another.
            let user = try #require(try await User.find(email: "ana@new.example", on: app.db))
            user.recoveryEmail = Self.recovery
            try await user.save(on: app.db)
            let email = "ana@new.example"
            try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": email])
            let toOldRecovery = try #require(try await Self.links(app, to: Self.recovery, path: "/reset-password/").last)
            #expect(try await ana.post(SiteRoute.securityRecoveryEmail.path, form: ["recovery_email": "ana.other@example.org", "password": Scenario.password]).status == .seeOther)
            let recoveryLink = try #require(try await Self.links(app, to: "ana.other@example.org", path: "/recovery-email/").first)
            let reader = Browser(app)
            #expect(try await reader.post(recoveryLink, form: ["_csrf": try await reader.csrfToken(page: recoveryLink)]).status == .seeOther)
            #expect(try await !works(toOldRecovery))

            // A password change kills the links still waiting.
            try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": email])
            let beforeChange = try #require(try await Self.links(app, to: "ana.other@example.org", path: "/reset-password/").last)
            let changed = try await ana.post(SiteRoute.profilePassword.path, form: ["current_password": Scenario.password, "new_password": "another long passphrase 2026"])
            #expect(changed.status == .seeOther)
            #expect(try await !works(beforeChange))
        }
    }

    @Test("forgot password answers the same for known and unknown addresses and mails the recovery address")
    func forgotPassword() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let user = try #require(try await User.find(email: Self.email, on: app.db))
            user.recoveryEmail = Self.recovery
            try await user.save(on: app.db)
            let known = try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": Self.email])
            let unknown = try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": "nobody@example.test"])
            #expect(known.status == unknown.status)
            #expect(Self.stripped(known.body.string) == Self.stripped(unknown.body.string))
            #expect(try await Self.links(app, to: Self.recovery, path: "/reset-password/").count == 1)
            #expect(try await Self.links(app, to: Self.email, path: "/reset-password/").isEmpty)
            #expect(try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": "not-an-address"]).status == .unprocessableEntity)
        }
    }

    @Test("a reset sets the password, ends every session, does not sign in, works once and expires after an hour")
    func reset() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let elsewhere = try await Scenario.signedIn(app, email: Self.email)
            try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": Self.email])
            let link = try #require(try await Self.links(app, to: Self.email, path: "/reset-password/").first)
            let visitor = Browser(app)
            #expect(try await visitor.get(link).body.string.contains("id=\"reset-form\""))
            let weak = try await visitor.post(link, form: ["new_password": "short"])
            #expect(weak.status == .unprocessableEntity && weak.body.string.contains("id=\"new-password-error\""))

            let done = try await visitor.post(link, form: ["new_password": "a brand new river stone"])
            #expect(done.location?.hasPrefix(SiteRoute.signIn.path) == true)
            #expect(visitor.cookies["kontor_session"] == nil, "a reset never signs in")
            #expect(try await elsewhere.get(SiteRoute.console.path).status == .seeOther, "every other session has ended")
            #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": Self.email, "password": "a brand new river stone"]).status == .seeOther)
            let used = try await visitor.get(link)
            #expect(used.status == .gone && used.body.string.contains("id=\"reset-unusable\""), "single use, 410 like every used link")

            try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": Self.email])
            let later = try #require(try await Self.links(app, to: Self.email, path: "/reset-password/").first { $0 != link })
            clock.advance(by: RecoveryService.resetLinkLifetime + 1)
            #expect(try await Browser(app).post(later, form: ["new_password": "another long passphrase"]).status == .gone)
        }
    }

    @Test("after a reset, signing in still asks for the second factor")
    func resetKeepsSecondFactor() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            _ = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": Self.email])
            let link = try #require(try await Self.links(app, to: Self.email, path: "/reset-password/").first)
            try await Browser(app).post(link, form: ["new_password": "a brand new river stone"])
            let signIn = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": Self.email, "password": "a brand new river stone"])
            #expect(signIn.location?.hasPrefix(SiteRoute.signInSecondFactor.path) == true)
            #expect(try await SecondFactor.query(on: app.db).count() == 1)
        }
    }

    /// The page without the per-visitor anti-forgery token.
    static func stripped(_ html: String) -> String {
        html.replacingOccurrences(of: #"value="[A-Za-z0-9_-]{43}""#, with: "", options: .regularExpression)
    }
}

@Suite("Password reset: the answer tells nothing, not even by its timing")
struct ResetTimingTests {
    @Test("the reset request is answered before anything about the address is looked up or written")
    func answersBeforeTheWork() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let before = try await OutboxMessage.query(on: app.db).count()
            await app.kontor.backgroundWork.hold()
            // The answer comes while the work is still held: it cannot have waited for the look-up or the mail.
            let known = try await app.testing().sendRequest(.POST, SiteRoute.api(.passwordResets).path, headers: ["Content-Type": "application/json"],
                                                            body: ByteBuffer(string: #"{"email":"ana@example.test"}"#))
            let unknown = try await app.testing().sendRequest(.POST, SiteRoute.api(.passwordResets).path, headers: ["Content-Type": "application/json"],
                                                              body: ByteBuffer(string: #"{"email":"nobody@example.test"}"#))
            #expect(known.status == .accepted && unknown.status == .accepted)
            #expect(try known.content.decode([String: String].self) == unknown.content.decode([String: String].self), "the same answer")
            #expect(try await OutboxMessage.query(on: app.db).count() == before, "nothing was done before answering")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "password_reset_requested").count() == 0)
            await app.kontor.backgroundWork.release()
            await app.kontor.backgroundWork.drain()
            #expect(try await OutboxMessage.query(on: app.db).count() == before + 1, "the known address gets its link after the answer")
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Review finding F2: personal API tokens outlived a password reset and an approved identity check — the paths that
/// exist to evict an attacker — and a token could mint more tokens.
@Suite("Personal API tokens end with the password: reset, change and approved identity checks revoke them; a token mints none")
struct PersonalTokenRevocationTests {
    static let email = "giulia@example.test"

    /// Two personal tokens of `email`, made from an API session.
    static func twoTokens(_ app: Application, email: String = Self.email, otp: String? = nil) async throws -> [String] {
        let session = if let otp { try await Scenario.apiSession(app, email: email, otp: otp) } else { try await Scenario.apiToken(app, email: email) }
        return [try await Scenario.personalToken(app, session: session), try await Scenario.personalToken(app, session: session)]
    }

    static func works(_ app: Application, _ token: String) async throws -> Bool {
        try await Scenario.api(app, .GET, .me, token: token).status == .ok
    }

    static func revocations(_ app: Application, of user: User) async throws -> [SecurityEvent] {
        try await SecurityEvent.query(on: app.db).filter(\.$kind == "api_tokens_revoked").filter(\.$userID == user.requireID()).all()
    }

    @Test("the report's reproduction: a reset through the recovery link revokes every token, logs how many, and the e-mail says so")
    func reset() async throws {
        try await withTestApp { app, _ in
            let giulia = try await Scenario.customer(app, name: "Giulia", email: Self.email)
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let tokens = try await Self.twoTokens(app)
            let bobs = try await Self.twoTokens(app, email: "bob@example.test")

            try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": Self.email])
            let link = try await Scenario.lastLink(app, to: Self.email, path: "/reset-password/")
            let done = try await Browser(app).post(link, form: ["new_password": "a brand new river stone"])
            #expect(done.location?.hasPrefix(SiteRoute.signIn.path) == true)

            for token in tokens { #expect(try await !Self.works(app, token), "the attacker's token is out with the old password") }
            #expect(try await APIToken.query(on: app.db).filter(\.$user.$id == giulia.requireID()).count() == 0)
            for token in bobs { #expect(try await Self.works(app, token), "another customer's tokens stay") }
            #expect(try await Self.revocations(app, of: giulia).map(\.detail) == ["2"])
            let notice = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email)
                .filter(\.$subject == app.kontor.localizer.text("mail.password_reset_done.subject", .en)).first())
            #expect(notice.textBody.contains(app.kontor.localizer.text("mail.password_reset_done.body", .en, ["provider": app.kontor.config.providerName])))
            #expect(app.kontor.localizer.text("mail.password_reset_done.body", .en).contains("API token"))
        }
    }

    @Test("an approved identity check revokes every token, logged with the reviewer; the owner alone is back in")
    func identityCheck() async throws {
        try await withTestApp { app, clock in
            let giulia = try await Scenario.customer(app, name: "Giulia", email: Self.email)
            let enabled = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            clock.advance(by: 30)
            let tokens = try await Self.twoTokens(app, otp: OneTimePassword.totp(secret: enabled.secret, time: clock.now, digits: 6))

            let lost = try await Scenario.passwordStep(app, email: Self.email)
            let sent = try await lost.postMultipart(SiteRoute.identityCheck.path, fields: ["password": Scenario.password], files: Scenario.identityUploads())
            #expect(sent.status == .seeOther)
            let check = try #require(try await IdentityRequest.query(on: app.db).first())
            let support = try await Scenario.staff(app, role: .support)
            let approved = try await support.post(SiteRoute.staffIdentityApprove(check.id!).path, form: ["confirmed": "on"])
            #expect(approved.location == SiteRoute.staffIdentityChecks.path + "?notice=identity_approved")

            for token in tokens { #expect(try await !Self.works(app, token)) }
            let event = try #require(try await Self.revocations(app, of: giulia).first)
            #expect(event.detail == "2" && event.staffMemberID != nil)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email)
                .filter(\.$subject == app.kontor.localizer.text("mail.identity_approved.subject", .en)).first())
            #expect(mail.textBody.contains(app.kontor.localizer.text("mail.identity_approved.body", .en, ["provider": app.kontor.config.providerName])))
        }
    }

    @Test("changing the password on the profile page ends the other sessions and revokes every token, as the notice says")
    func changeOnThePage() async throws {
        try await withTestApp { app, _ in
            let giulia = try await Scenario.customer(app, name: "Giulia", email: Self.email)
            let browser = try await Scenario.signedIn(app, email: Self.email)
            let tokens = try await Self.twoTokens(app)
            let changed = try await browser.post(SiteRoute.profilePassword.path,
                                                 form: ["current_password": Scenario.password, "new_password": "a brand new river stone"])
            #expect(changed.location == SiteRoute.profile.path + "?notice=password_changed")
            for token in tokens { #expect(try await !Self.works(app, token)) }
            #expect(try await browser.get(SiteRoute.profile.path).status == .ok, "this browser stays signed in")
            #expect(try await Self.revocations(app, of: giulia).map(\.detail) == ["2"])
            #expect(app.kontor.localizer.text("notice.password_changed", .en).contains("API tokens revoked"))
        }
    }

    @Test("POST /me/password keeps the caller: a change made with a personal token keeps that token, one made with a session keeps none")
    func changeThroughTheAPI() async throws {
        try await withTestApp { app, _ in
            let giulia = try await Scenario.customer(app, name: "Giulia", email: Self.email)
            let tokens = try await Self.twoTokens(app)
            let change = { (token: String, from: String, to: String) in
                try await Scenario.api(app, .POST, .mePassword, token: token, body: #"{"currentPassword":"\#(from)","newPassword":"\#(to)"}"#)
            }
            // A refusal names the body's fields, not the profile form's.
            let wrong = try await change(tokens[0], "not my password", "a brand new river stone")
            #expect(wrong.status == .unprocessableEntity && (try? Scenario.apiFields(wrong)) == ["currentPassword"])
            let short = try await change(tokens[0], Scenario.password, "short")
            #expect(short.status == .unprocessableEntity && (try? Scenario.apiFields(short)) == ["newPassword"])
            #expect(try await change(tokens[0], Scenario.password, "a brand new river stone").status == .noContent)
            #expect(try await Self.works(app, tokens[0]), "the token the change was made with")
            #expect(try await !Self.works(app, tokens[1]))

            let session = try await Scenario.api(app, .POST, .sessions, token: nil,
                                                 body: #"{"email":"\#(Self.email)","password":"a brand new river stone"}"#)
            let sessionToken = try session.content.decode(APIModels.SessionCreated.self).token
            #expect(try await change(sessionToken, "a brand new river stone", "yet another long passphrase").status == .noContent)
            #expect(try await !Self.works(app, tokens[0]))
            #expect(try await Self.works(app, sessionToken))
            #expect(try await Self.revocations(app, of: giulia).map(\.detail) == ["1", "1"])
        }
    }

    @Test("a personal token cannot create another token (403 not_with_personal_token, in the user's language); a session can")
    func noTokenFromAToken() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Giulia", email: Self.email, language: "it")
            let session = try await Scenario.apiToken(app, email: Self.email)
            let token = try await Scenario.personalToken(app, session: session)

            let refused = try await Scenario.api(app, .POST, .meTokens, token: token, body: #"{"name":"child","password":"correct horse battery staple"}"#)
            #expect(refused.status == .forbidden)
            let error = try Scenario.apiError(refused)
            #expect(error.code == "not_with_personal_token")
            #expect(error.message == app.kontor.localizer.text("error.tokens.not_with_personal_token", .it))
            #expect(try await APIToken.query(on: app.db).count() == 1)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "api_token_created").count() == 1)
            #expect(try await Scenario.api(app, .POST, .meTokens, token: session, body: #"{"name":"second","password":"correct horse battery staple"}"#).status == .created)
        }
    }
}

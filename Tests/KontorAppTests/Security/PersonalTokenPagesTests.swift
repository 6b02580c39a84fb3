import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Review finding F1: a personal API token sent to the HTML security forms added a phone or turned on an authenticator
/// app, though the API refuses both to a token. A page needs a browser session; the services refuse a token as well.
@Suite("A personal API token opens the API only: pages need a browser session, and no sign-in method changes with a token")
struct PersonalTokenPagesTests {
    static let email = "emma@example.test"

    /// A visitor's browser (its own anti-forgery cookie, no session) that also sends `token` as a bearer token.
    static func holder(of token: String, _ app: Application) -> Browser {
        let browser = Browser(app)
        browser.extraHeaders.replaceOrAdd(name: .authorization, value: "Bearer \(token)")
        return browser
    }

    /// A personal token made from an API session, as a script's owner makes one.
    static func personalToken(_ app: Application, email: String, otp: String? = nil) async throws -> String {
        let session = if let otp { try await Scenario.apiSession(app, email: email, otp: otp) } else { try await Scenario.apiToken(app, email: email) }
        return try await Scenario.personalToken(app, session: session)
    }

    /// Signed out, the way `RequireCustomer` answers a browser: to the sign-in page.
    static func sentToSignIn(_ response: TestingHTTPResponse) -> Bool {
        response.status == .seeOther && response.location?.hasPrefix(SiteRoute.signIn.path + "?") == true
    }

    @Test("the report's reproduction: token, password and a matching anti-forgery cookie add no phone; the form answers as to a visitor")
    func noPhoneWithAToken() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Emma", email: Self.email)
            let enabled = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            clock.advance(by: 30)
            let token = try await Self.personalToken(app, email: Self.email, otp: OneTimePassword.totp(secret: enabled.secret, time: clock.now, digits: 6))
            let attacker = Self.holder(of: token, app)

            let start = try await attacker.post(SiteRoute.securityPhone.path, form: ["phone": "+41 79 123 45 67", "password": Scenario.password])
            #expect(Self.sentToSignIn(start), "answered \(start.status) → \(start.location ?? "-")")
            let confirm = try await attacker.post(SiteRoute.securityPhoneConfirm.path, form: ["code": "123456"])
            #expect(Self.sentToSignIn(confirm))
            #expect(Self.sentToSignIn(try await attacker.post(SiteRoute.securityPhoneRemove.path, form: ["password": Scenario.password])))

            #expect(try app.sentSMS().isEmpty, "no code was texted")
            #expect(try await SecondFactor.query(on: app.db).filter(\.$kindValue == SecondFactorKind.sms.rawValue).count() == 0)
            let status = try await Scenario.api(app, .GET, .meTwoFactor, token: token).content.decode(APIModels.TwoFactorStatus.self)
            #expect(status.methods == ["totp", "backup_codes"], "the token still works on the API, and no method was added")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "phone_added").count() == 0)
        }
    }

    @Test("variant (b): a token alone neither reads an authenticator secret nor turns 2FA on; the owner still signs in with the password")
    func noAuthenticatorWithAToken() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Giulia", email: "giulia@example.test")
            let token = try await Self.personalToken(app, email: "giulia@example.test")
            let attacker = Self.holder(of: token, app)

            let page = try await attacker.get(SiteRoute.securityAuthenticator.path)
            #expect(Self.sentToSignIn(page) && !page.body.string.contains("totp-secret"))
            let confirm = try await attacker.post(SiteRoute.securityAuthenticator.path, form: ["code": "123456"])
            #expect(Self.sentToSignIn(confirm))
            #expect(try await SecondFactor.query(on: app.db).count() == 0, "not even a pending factor was made")
            #expect(try await BackupCode.query(on: app.db).count() == 0)
            let owner = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "giulia@example.test", "password": Scenario.password])
            #expect(owner.location == SiteRoute.console.path, "the owner is not locked out")
        }
    }

    @Test("no page counts a bearer token: every signed-in page and form answers as to a visitor, and nothing is written",
          arguments: [
              (HTTPMethod.GET, SiteRoute.console, [String: String]()),
              (.GET, .security, [:]),
              (.GET, .apiTokens, [:]),
              (.POST, .apiTokens, ["name": "child"]),
              (.POST, .securityBackupCodes, ["password": Scenario.password]),
              (.POST, .securityDisableTwoFactor, ["password": Scenario.password]),
              (.POST, .securityRecoveryEmail, ["recovery_email": "attacker@example.org", "password": Scenario.password]),
              (.POST, .profilePassword, ["current_password": Scenario.password, "new_password": "an attacker's own passphrase"]),
              (.POST, .profileEmail, ["new_email": "attacker@example.org", "password": Scenario.password]),
          ])
    func noPageWithAToken(method: HTTPMethod, route: SiteRoute, form: [String: String]) async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Giulia", email: "giulia@example.test")
            let token = try await Self.personalToken(app, email: "giulia@example.test")
            let attacker = Self.holder(of: token, app)
            let events = try await SecurityEvent.query(on: app.db).count()

            let response = method == .GET ? try await attacker.get(route.path) : try await attacker.post(route.path, form: form)
            #expect(Self.sentToSignIn(response), "\(method) \(route.path) answered \(response.status)")
            #expect(try await APIToken.query(on: app.db).count() == 1)
            #expect(try await SecurityEvent.query(on: app.db).count() == events, "nothing happened to log")
            #expect(try await Scenario.api(app, .GET, .me, token: token).status == .ok, "the API still takes the token")
        }
    }

    @Test("the services themselves refuse a personal token: phone, authenticator app and recovery address need a session")
    func servicesRefuseAToken() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Emma", email: Self.email)
            let enabled = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
            clock.advance(by: 30)
            _ = try await Self.personalToken(app, email: Self.email, otp: OneTimePassword.totp(secret: enabled.secret, time: clock.now, digits: 6))
            let user = try #require(try await User.find(email: Self.email, on: app.db))
            let apiToken = try #require(try await APIToken.query(on: app.db).first())
            let viaToken = CustomerIdentity(user: user, session: nil, apiToken: apiToken)
            let request = Request(application: app, on: app.eventLoopGroup.next())
            let refused = AppError.refused(messageKey: "error.two_factor.not_with_personal_token")

            await #expect(throws: refused) {
                try await PhoneFactorService(request: request).startVerification(of: "+41 79 123 45 67", password: Scenario.password, by: viaToken)
            }
            await #expect(throws: refused) { try await PhoneFactorService(request: request).confirmVerification(code: "123456", by: viaToken) }
            await #expect(throws: refused) { try await PhoneFactorService(request: request).remove(by: viaToken, password: Scenario.password) }
            await #expect(throws: refused) { try await TwoFactorService(request: request).enrolment(by: viaToken) }
            let factor = try #require(try await SecondFactor.query(on: app.db).first())
            await #expect(throws: refused) { try await TwoFactorService(request: request).confirm(factor, code: "123456", password: Scenario.password, by: viaToken) }
            await #expect(throws: AppError.refused(messageKey: "error.recovery.not_with_personal_token")) {
                try await RecoveryService(request: request).requestRecoveryEmailChange(by: viaToken, to: "attacker@example.org", password: Scenario.password)
            }
            #expect(try app.sentSMS().isEmpty)
            #expect(try await SecondFactor.query(on: app.db).count() == 1, "only the app Emma set up herself")
        }
    }

    @Test("PUT /me/recovery-email refuses a personal token (403 not_with_personal_token, said in the user's language) and takes a session")
    func recoveryAddressThroughTheAPI() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Giulia", email: "giulia@example.test", language: "de")
            let session = try await Scenario.apiToken(app, email: "giulia@example.test")
            let token = try await Scenario.personalToken(app, session: session)
            let body = #"{"email":"giulia.private@example.org","password":"\#(Scenario.password)"}"#

            let refused = try await Scenario.api(app, .PUT, .meRecoveryEmail, token: token, body: body)
            #expect(refused.status == .forbidden)
            let error = try Scenario.apiError(refused)
            #expect(error.code == "not_with_personal_token")
            #expect(error.message == app.kontor.localizer.text("error.recovery.not_with_personal_token", .de))
            #expect(try await EmailToken.query(on: app.db).filter(\.$purpose == EmailToken.Purpose.confirmRecoveryEmail.rawValue).count() == 0)
            #expect(try await Scenario.api(app, .PUT, .meRecoveryEmail, token: session, body: body).status == .accepted)
        }
    }

    @Test("PUT /me/email refuses a personal token: a token and the password cannot move where password resets go")
    func signInAddressThroughTheAPI() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Giulia", email: "giulia@example.test", language: "de")
            let session = try await Scenario.apiToken(app, email: "giulia@example.test")
            let token = try await Scenario.personalToken(app, session: session)
            let body = #"{"email":"attacker@example.org","password":"\#(Scenario.password)"}"#

            let refused = try await Scenario.api(app, .PUT, .meEmail, token: token, body: body)
            #expect(refused.status == .forbidden)
            let error = try Scenario.apiError(refused)
            #expect(error.code == "not_with_personal_token")
            #expect(error.message == app.kontor.localizer.text("error.sign_in_email.not_with_personal_token", .de))
            #expect(try await EmailToken.query(on: app.db).filter(\.$purpose == EmailToken.Purpose.changeSignInEmail.rawValue).count() == 0)
            #expect(try await Scenario.api(app, .PUT, .meEmail, token: session, body: body).status == .accepted)
        }
    }
}

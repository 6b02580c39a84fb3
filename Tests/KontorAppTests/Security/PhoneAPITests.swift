import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("API: the phone number for codes by SMS")
struct PhoneAPITests {
    static let email = "api-sms@example.test"

    /// An API session for a customer with the authenticator app on.
    private func session(_ app: Application, _ clock: TestClock) async throws -> String {
        try await Scenario.customer(app, name: "Ana", email: Self.email)
        let (secret, _) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: Self.email), now: clock.now)
        clock.advance(by: 30)
        return try await Scenario.apiSession(app, email: Self.email, otp: OneTimePassword.totp(secret: secret, time: clock.now, digits: 6))
    }

    @Test("add a number, confirm it with the texted code, see it masked in the status, remove it")
    func lifecycle() async throws {
        try await withTestApp { app, clock in
            let token = try await session(app, clock)
            #expect(try await Scenario.api(app, .GET, .mePhone, token: token).content.decode(APIModels.Phone.self).phone == nil)
            let added = try await Scenario.api(app, .PUT, .mePhone, token: token, body: #"{"phone":"+41 79 123 45 67","password":"\#(Scenario.password)"}"#)
            #expect(added.status == .accepted)
            #expect(try added.content.decode(APIModels.Phone.self).phone == "+41 •• ••• •• 67")
            let wrong = try await Scenario.api(app, .POST, .mePhoneConfirmation, token: token, body: #"{"code":"12345"}"#)
            let wrongField = try Scenario.apiError(wrong).fields?.first?.field
            #expect(wrong.status == .unprocessableEntity && wrongField == "code")
            let code = try #require(try app.lastSMSCode())
            let confirmed = try await Scenario.api(app, .POST, .mePhoneConfirmation, token: token, body: #"{"code":"\#(code)"}"#)
            let isConfirmed = try confirmed.content.decode(APIModels.Phone.self).confirmed
            #expect(confirmed.status == .ok && isConfirmed)
            let status = try await Scenario.api(app, .GET, .meTwoFactor, token: token).content.decode(APIModels.TwoFactorStatus.self)
            #expect(status.methods.contains("sms"))
            #expect(try await Scenario.api(app, .POST, .mePhoneRemoval, token: token, body: #"{"password":"nope"}"#).status == .unprocessableEntity)
            #expect(try await Scenario.api(app, .POST, .mePhoneRemoval, token: token, body: #"{"password":"\#(Scenario.password)"}"#).status == .noContent)
            #expect(try await SecondFactor.query(on: app.db).filter(\.$kindValue == "sms").count() == 0)
        }
    }

    @Test("the right code sent several times at once (a double click, over two servers) confirms the number once and never removes it")
    func confirmedTwiceAtOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let app = apps[0]
            let token = try await session(app, clock)
            #expect(try await Scenario.api(app, .PUT, .mePhone, token: token, body: #"{"phone":"+41 79 123 45 67","password":"\#(Scenario.password)"}"#).status == .accepted)
            let code = try #require(try app.lastSMSCode())
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<6 {
                    group.addTask { try await Scenario.api(apps[index % 2], .POST, .mePhoneConfirmation, token: token, body: #"{"code":"\#(code)"}"#).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Before, the requests that found the code used by another were told "five wrong codes" and deleted the
            // number the first had just confirmed.
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses)")
            let phone = try await Scenario.api(app, .GET, .mePhone, token: token).content.decode(APIModels.Phone.self)
            #expect(phone.confirmed == true && phone.phone != nil)
            let events = try await SecurityEvent.query(on: app.db).all().map(\.kind)
            #expect(events.filter { $0 == SecurityEventKind.phoneAdded.rawValue }.count == 1 && !events.contains(SecurityEventKind.phoneRemoved.rawValue))
        }
    }

    @Test("validation names the field; a personal token cannot change sign-in methods; bad JSON is a 400")
    func refusals() async throws {
        try await withTestApp { app, clock in
            let token = try await session(app, clock)
            let invalid = try await Scenario.api(app, .PUT, .mePhone, token: token, body: #"{"phone":"079 123","password":"\#(Scenario.password)"}"#,
                                                 language: "es")
            #expect(invalid.status == .unprocessableEntity)
            let field = try #require(try Scenario.apiError(invalid).fields?.first)
            #expect(field.field == "phone" && field.message == app.kontor.localizer.text("error.phone.invalid", .es), "in the language the caller asked for")
            #expect(try await Scenario.api(app, .PUT, .mePhone, token: token, body: #"{"phone":"#).status == .badRequest)
            let personal = try await Scenario.personalToken(app, session: token)
            let refused = try await Scenario.api(app, .PUT, .mePhone, token: personal, body: #"{"phone":"+41791234567","password":"\#(Scenario.password)"}"#)
            #expect(refused.status == .forbidden)
            #expect(try app.sentSMS().isEmpty)
        }
    }
}

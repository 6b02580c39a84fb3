import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("API: signing in with a code by SMS, in two calls")
struct SMSSignInAPITests {
    static let email = "api-sms-sign-in@example.test"
    static let credentials = #"{"email":"api-sms-sign-in@example.test","password":"correct horse battery staple"}"#

    private func customerWithPhone(_ app: Application, _ clock: TestClock) async throws {
        try await Scenario.customer(app, name: "Ana", email: Self.email)
        let browser = try await Scenario.signedIn(app, email: Self.email)
        _ = try await Scenario.enableTwoFactor(app, browser, now: clock.now)
        try await Scenario.addPhone(app, browser)
    }

    private func attempt(_ app: Application) async throws -> APIModels.SMSAttempt {
        let sent = try await Scenario.api(app, .POST, .sessionSMSCode, token: nil, body: Self.credentials)
        #expect(sent.status == .accepted)
        return try sent.content.decode(APIModels.SMSAttempt.self)
    }

    @Test("the password texts a code; the attempt token and the code open a session that passed 2FA")
    func signIn() async throws {
        try await withTestApp { app, clock in
            try await customerWithPhone(app, clock)
            let attempt = try await attempt(app)
            #expect(attempt.phone == "+41 •• ••• •• 67")
            #expect(try await Scenario.api(app, .GET, .me, token: attempt.attemptToken).status == .unauthorized, "the attempt token opens nothing")
            let code = try #require(try app.lastSMSCode())
            let opened = try await Scenario.api(app, .POST, .sessionSMS, token: nil, body: #"{"attemptToken":"\#(attempt.attemptToken)","code":"\#(code)"}"#)
            #expect(opened.status == .created)
            let token = try opened.content.decode(APIModels.SessionCreated.self).token
            let status = try await Scenario.api(app, .GET, .meTwoFactor, token: token).content.decode(APIModels.TwoFactorStatus.self)
            #expect(status.canDisable, "a session opened with SMS passed the second factor")
            let again = try await Scenario.api(app, .POST, .sessionSMS, token: nil, body: #"{"attemptToken":"\#(attempt.attemptToken)","code":"\#(code)"}"#)
            let againField = try Scenario.apiError(again).fields?.first?.field
            #expect(again.status == .unprocessableEntity && againField == "attemptToken", "the attempt and its code are used up")
        }
    }

    @Test("the right code sent several times at once signs in once; the others are told it was used (or gone), never that the attempt ended as if five were wrong")
    func rightCodeTwiceAtOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            try await customerWithPhone(apps[0], clock)
            let attempt = try await attempt(apps[0])
            let code = try #require(try apps[0].lastSMSCode())
            let answers = try await withThrowingTaskGroup(of: (HTTPStatus, String?).self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let answer = try await Scenario.api(apps[index % 2], .POST, .sessionSMS, token: nil,
                                                            body: #"{"attemptToken":"\#(attempt.attemptToken)","code":"\#(code)"}"#)
                        return (answer.status, answer.status == .created ? nil : try Scenario.apiError(answer).code)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.0 == .created }.count == 1, "\(answers)")
            #expect(!answers.contains { $0.1 == "attempt_ended" }, "\(answers)")
            let events = try await SecurityEvent.query(on: apps[0].db).all().map(\.kind)
            #expect(!events.contains(SecurityEventKind.signInAttemptEnded.rawValue), "\(events)")
            #expect(events.filter { $0 == SecurityEventKind.secondFactorPassed.rawValue }.count == 1)
        }
    }

    @Test("a wrong password texts nothing; an account without a phone is told so; five wrong codes end the attempt")
    func refusals() async throws {
        try await withTestApp { app, clock in
            try await customerWithPhone(app, clock)
            let wrong = try await Scenario.api(app, .POST, .sessionSMSCode, token: nil, body: #"{"email":"\#(Self.email)","password":"nope"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(try app.sentSMS().filter { $0.purpose == "sign_in" }.isEmpty)
            try await Scenario.customer(app, name: "Bo", email: "bo@example.test")
            let noPhone = try await Scenario.api(app, .POST, .sessionSMSCode, token: nil, body: #"{"email":"bo@example.test","password":"\#(Scenario.password)"}"#)
            #expect(noPhone.status == .conflict)

            let attempt = try await attempt(app)
            let code = try #require(try app.lastSMSCode())
            let bad = code == "111111" ? "222222" : "111111"
            for _ in 0..<4 {
                let answer = try await Scenario.api(app, .POST, .sessionSMS, token: nil, body: #"{"attemptToken":"\#(attempt.attemptToken)","code":"\#(bad)"}"#)
                let field = try Scenario.apiError(answer).fields?.first?.field
                #expect(answer.status == .unprocessableEntity && field == "code")
            }
            let fifth = try await Scenario.api(app, .POST, .sessionSMS, token: nil, body: #"{"attemptToken":"\#(attempt.attemptToken)","code":"\#(bad)"}"#)
            #expect(fifth.status == .conflict)
            let late = try await Scenario.api(app, .POST, .sessionSMS, token: nil, body: #"{"attemptToken":"\#(attempt.attemptToken)","code":"\#(code)"}"#)
            let lateField = try Scenario.apiError(late).fields?.first?.field
            #expect(late.status == .unprocessableEntity && lateField == "attemptToken", "even the right code is refused once the attempt ended")
            let noCode = try await Scenario.api(app, .POST, .sessionSMS, token: nil, body: #"{"attemptToken":"\#(attempt.attemptToken)"}"#)
            #expect(try Scenario.apiError(noCode).fields?.map(\.field) == ["code"], "a missing code is named, not counted as a wrong try")
            #expect(try await Scenario.api(app, .POST, .sessionSMS, token: nil, body: #"{"code":1}"#).status == .badRequest)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Confirming a change with the current password is throttled per account")
struct ReauthenticationTests {
    @Test("a signed-in session cannot guess the password through the confirmation forms: after ten wrong tries even the right one waits")
    func throttled() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: "reauth@example.test")
            let session = try await Scenario.signedIn(app, email: "reauth@example.test")
            let limit = ThrottlePolicy.passwordChecksPerAccount.limit
            for attempt in 0..<limit {
                // The forms share one count: the recovery address and the password change alike.
                let path = attempt.isMultiple(of: 2) ? SiteRoute.securityRecoveryEmail.path : SiteRoute.profilePassword.path
                let fields = attempt.isMultiple(of: 2) ? ["recovery_email": "ana.private@example.test", "password": "wrong \(attempt)"]
                    : ["current_password": "wrong \(attempt)", "new_password": "a much longer new passphrase"]
                #expect(try await session.post(path, form: fields).status == .unprocessableEntity)
            }
            let blocked = try await session.post(SiteRoute.securityRecoveryEmail.path,
                                                 form: ["recovery_email": "ana.private@example.test", "password": Scenario.password])
            #expect(blocked.status == .tooManyRequests)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "sign_in_throttled").count() >= 1)
            clock.advance(by: TimeInterval(ThrottlePolicy.passwordChecksPerAccount.windowSeconds))
            let later = try await session.post(SiteRoute.securityRecoveryEmail.path,
                                               form: ["recovery_email": "ana.private@example.test", "password": Scenario.password])
            #expect(later.status == .seeOther, "the window passes and the right password works")
        }
    }
}

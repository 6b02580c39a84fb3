import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// The administrator who creates a staff account chooses its first password. The member replaces it with one only
/// they know, and is told by mail when an administrator resets their authenticator app: together, an administrator can
/// no longer reset the app and sign in as the member unnoticed.
@Suite("Staff change their own password, and are mailed when their two-factor setup is reset")
struct StaffPasswordTests {
    static let email = "tom@staff.test"
    static let newPassword = "quiet lantern over the ridge"

    private func change(_ browser: Browser, current: String, new: String) async throws -> TestingHTTPResponse {
        try await browser.post(SiteRoute.staffPassword.path, form: ["current_password": current, "new_password": new])
    }

    @Test("with the current password, a new one is set, the member's other staff sessions end and this one stays; audited and mailed")
    func changesPassword() async throws {
        try await withTestApp { app, clock in
            let tom = try await Scenario.staff(app, role: .support, email: Self.email)
            let otherSession = Browser(app)
            #expect(try await otherSession.post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password]).status == .seeOther)
            #expect(try await tom.get(SiteRoute.staffHome.path).body.string.contains("id=\"nav-staff-password\""))
            #expect(try await tom.get(SiteRoute.staffPassword.path).status == .ok)

            #expect(try await change(tom, current: Scenario.password, new: Self.newPassword).location?.hasPrefix(SiteRoute.staffPassword.path) == true)
            #expect(try await tom.get(SiteRoute.staffHome.path).status == .ok, "the session the change was made in stays")
            let member = try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first())
            #expect(try await AuthSession.query(on: app.db).filter(\.$staffMember.$id == member.id!).count() == 1, "every other session ended")

            clock.advance(by: 60)
            #expect(try await Browser(app).post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Scenario.password]).status
                    == .unauthorized, "the old password no longer works")
            #expect(try await Browser(app).post(SiteRoute.staffSignIn.path, form: ["email": Self.email, "password": Self.newPassword]).location
                    == SiteRoute.staffSignInSecondFactor.path)
            let audit = try #require(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_password_changed").first())
            #expect(audit.staffMemberID == member.id)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email)
                .filter(\.$subject == "Your staff password was changed").first())
            #expect(mail.textBody.contains("Hello Staff support"))
        }
    }

    @Test("a wrong current password, a short, common or self-describing new one are 422 on their field, in the reader's language; nothing changes")
    func validation() async throws {
        try await withTestApp { app, _ in
            let tom = try await Scenario.staff(app, role: .support, email: Self.email)
            let before = try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first()).passwordHash
            let wrong = try await change(tom, current: "not my password", new: Self.newPassword)
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("The current password is not correct."))
            for new in ["short", "password123", "tom@staff.test", ""] {
                let refused = try await change(tom, current: Scenario.password, new: new)
                #expect(refused.status == .unprocessableEntity, "\(new) answered \(refused.status)")
                #expect(refused.body.string.contains("id=\"staff-new-password\"") && refused.body.string.contains("class=\"error\""))
            }
            tom.setCookie(LanguageCookie.name, "de")
            let german = try await change(tom, current: "falsch", new: Self.newPassword)
            #expect(german.status == .unprocessableEntity && german.body.string.contains("Das aktuelle Passwort"))
            #expect(try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first()).passwordHash == before)
            #expect(try await Browser(app).get(SiteRoute.staffPassword.path).location == SiteRoute.staffSignIn.path, "only for a signed-in member")
        }
    }

    @Test("an administrator's reset of a member's authenticator app is mailed to the member, naming the administrator")
    func resetIsMailed() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            _ = try await Scenario.staff(app, role: .support, email: Self.email)
            let member = try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first())
            #expect(try await admin.post(SiteRoute.staffMemberResetTwoFactor(member.id!).path).status == .seeOther)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == Self.email).first())
            #expect(mail.subject == "Your two-factor authentication was reset")
            #expect(mail.textBody.contains("Staff administrator") && mail.textBody.contains("tell an administrator"))
        }
    }
}

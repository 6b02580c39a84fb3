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

    @Test("a member an administrator made signs in to the password page; every other page leads there and JSON callers get 403 until she chooses her own")
    func administratorsPasswordMustBeReplaced() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            #expect(try await admin.get(SiteRoute.staffMembers.path).body.string.contains("id=\"staff-password-hint\""))
            let (tom, landing) = try await Scenario.staffMadeByAdministrator(app, admin: admin, role: .billing, email: Self.email)
            #expect(landing == SiteRoute.staffPassword.path, "the first sign-in ends on the password page")
            #expect(try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first()).mustChangePassword)
            // The administrator sees that the member has not chosen her own yet.
            #expect(try await admin.get(SiteRoute.staffMembers.path).body.string.contains("Has not chosen their own password yet"))

            let page = try await tom.get(SiteRoute.staffPassword.path)
            #expect(page.status == .ok && page.body.string.contains("id=\"staff-password-required\""))
            for path in [SiteRoute.staffHome.path, SiteRoute.staffAPITokens.path, SiteRoute.staffBilling.path] {
                #expect(try await tom.get(path).location == SiteRoute.staffPassword.path, "\(path) opened before the password was replaced")
            }
            let csrf = try await tom.csrfToken(page: SiteRoute.staffPassword.path)
            let token = try await tom.post(SiteRoute.staffAPITokens.path, form: ["name": "ERP", "password": Scenario.password, "_csrf": csrf])
            #expect(token.location == SiteRoute.staffPassword.path && !token.body.string.contains("kst_"))
            #expect(try await StaffAPIToken.query(on: app.db).count() == 0)
            tom.extraHeaders = ["Accept": "application/json"]
            let json = try await tom.get(SiteRoute.staffHome.path)
            #expect(json.status == .forbidden)
            #expect(try Scenario.apiError(json).code == "password_change_required")
            tom.extraHeaders = [:]

            let same = try await change(tom, current: Scenario.password, new: Scenario.password)
            #expect(same.status == .unprocessableEntity && same.body.string.contains("Choose a new password, not the current one."))
            #expect(try await change(tom, current: Scenario.password, new: Self.newPassword).location?.hasPrefix(SiteRoute.staffPassword.path) == true)
            #expect(!(try #require(try await StaffMember.query(on: app.db).filter(\.$email == Self.email).first()).mustChangePassword))
            #expect(!(try await admin.get(SiteRoute.staffMembers.path).body.string.contains("Has not chosen their own password yet")))
            #expect(try await tom.get(SiteRoute.staffHome.path).status == .ok)
            #expect(!(try await tom.get(SiteRoute.staffPassword.path).body.string.contains("id=\"staff-password-required\"")))
            #expect(try await tom.post(SiteRoute.staffSignOut.path).location == SiteRoute.staffSignIn.path)
        }
    }

    @Test("a member who must still replace the administrator's password can sign out, and her staff API token answers 403 password_change_required")
    func apiRefusesUntilReplaced() async throws {
        try await withTestApp { app, _ in
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing, email: Self.email)
            try await StaffMember.query(on: app.db).filter(\.$email == Self.email).set(\.$mustChangePassword, to: true).update()
            let response = try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token)
            #expect(response.status == .forbidden)
            #expect(try Scenario.apiError(response).code == "password_change_required")
            #expect(try Scenario.apiError(response).message.contains("Choose your own password first"))
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "access_denied").count() == 1)
        }
    }
}

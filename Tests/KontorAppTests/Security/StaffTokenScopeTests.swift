import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A staff API token keeps the scope it was made with: it acts with the lesser of that scope and the member's current
/// role, so a promotion never widens it, and a new role that may not do what it was made for ends it (mailed, audited).
@Suite("Staff API tokens keep the role they were made with: a promotion never widens one, a demotion narrows or ends it at once")
struct StaffTokenScopeTests {
    private func member(_ app: Application, _ email: String) async throws -> StaffMember {
        try #require(try await StaffMember.query(on: app.db).filter(\.$email == email).first())
    }

    private func payments(_ app: Application, _ token: String) async throws -> HTTPResponseStatus {
        try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status
    }

    @Test("a support member's token stays without billing powers when she becomes administrator; a token she makes now has them")
    func promotionDoesNotWiden() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let (sofia, old) = try await Scenario.staffWithToken(app, role: .support, email: "sofia@staff.test")
            let id = try await member(app, "sofia@staff.test").requireID()
            #expect(try await payments(app, old) == .forbidden)

            #expect(try await admin.post(SiteRoute.staffMemberRole(id).path, form: ["role": "administrator"]).status == .seeOther)
            #expect(try await payments(app, old) == .forbidden, "the token kept the support scope it was made with")
            let denied = try await SecurityEvent.query(on: app.db).filter(\.$kind == "access_denied").all().map(\.detail)
            #expect(denied.filter { $0.hasSuffix("as administrator, token made as support") }.count == 1, "\(denied)")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == "Your staff API tokens ended with your new role").count() == 0,
                    "an administrator may do all a support token was made for: it stays")

            let new = try await Scenario.staffToken(app, sofia, name: "ERP as administrator")
            #expect(try await payments(app, new) == .ok)
            let page = try await sofia.get(SiteRoute.staffAPITokens.path).body.string
            #expect(page.contains("<th scope=\"col\">Made as</th>") && page.contains("<td>Support</td>") && page.contains("<td>Administrator</td>"))
        }
    }

    @Test("a billing member promoted to administrator keeps her billing token working, at billing scope")
    func billingTokenSurvivesPromotion() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing, email: "bea@staff.test")
            let id = try await member(app, "bea@staff.test").requireID()
            #expect(try await admin.post(SiteRoute.staffMemberRole(id).path, form: ["role": "administrator"]).status == .seeOther)
            #expect(try await payments(app, token) == .ok)
            #expect(try #require(try await StaffAPIToken.query(on: app.db).first()).scope == .billing)
        }
    }

    @Test("a role that may not do what a token was made for ends it at once: 401 on the next call, audited with the role change, mailed once")
    func demotionEndsTokens() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let (bea, first) = try await Scenario.staffWithToken(app, role: .billing, email: "bea@staff.test")
            let second = try await Scenario.staffToken(app, bea, name: "Bank connector")
            let id = try await member(app, "bea@staff.test").requireID()
            #expect(try await payments(app, first) == .ok)
            #expect(try await payments(app, second) == .ok)

            #expect(try await admin.post(SiteRoute.staffMemberRole(id).path, form: ["role": "editor"]).status == .seeOther)
            #expect(try await payments(app, first) == .unauthorized)
            #expect(try await payments(app, second) == .unauthorized)
            #expect(try await StaffAPIToken.query(on: app.db).count() == 0)
            let audit = try #require(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_role_changed").first())
            #expect(audit.detail.hasPrefix("bea@staff.test: billing → editor; staff API tokens ended: ERP (kst_"))
            #expect(audit.detail.contains("Bank connector (kst_"))
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "bea@staff.test")
                .filter(\.$subject == "Your staff API tokens ended with your new role").all()
            #expect(mails.count == 1)
            let body = try #require(mails.first).textBody
            #expect(body.contains("Staff administrator") && body.contains("“ERP”") && body.contains("“Bank connector”"))

            // Back to billing: nothing comes back, and a role change without tokens mails nothing.
            #expect(try await admin.post(SiteRoute.staffMemberRole(id).path, form: ["role": "billing"]).status == .seeOther)
            #expect(try await payments(app, first) == .unauthorized)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == "Your staff API tokens ended with your new role").count() == 1)
        }
    }

    @Test("an administrator's own token ends when she becomes billing: it was made to do more than billing may")
    func administratorTokenEndsAtDemotion() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let (_, token) = try await Scenario.staffWithToken(app, role: .administrator, email: "ada@staff.test")
            let id = try await member(app, "ada@staff.test").requireID()
            #expect(try await admin.post(SiteRoute.staffMemberRole(id).path, form: ["role": "billing"]).status == .seeOther)
            #expect(try await payments(app, token) == .unauthorized)
        }
    }

    @Test("the lesser of scope and role: a role lowered behind the service's back, or a narrower scope, refuses on the next call")
    func lesserOfScopeAndRole() async throws {
        try await withTestApp { app, _ in
            let (_, token) = try await Scenario.staffWithToken(app, role: .administrator, email: "ada@staff.test")
            let ada = try await member(app, "ada@staff.test")
            #expect(try await payments(app, token) == .ok)
            ada.roleValue = StaffRole.editor.rawValue
            try await ada.save(on: app.db)
            #expect(try await payments(app, token) == .forbidden, "the member's current role is read on every call")

            ada.roleValue = StaffRole.administrator.rawValue
            try await ada.save(on: app.db)
            try await StaffAPIToken.query(on: app.db).set(\.$scopeValue, to: StaffRole.support.rawValue).update()
            #expect(try await payments(app, token) == .forbidden, "nor more than the token's scope")
        }
    }

    @Test("tokens from before scopes get their member's role at the upgrade")
    func upgradeGivesScopes() async throws {
        try await withTestApp { app, _ in
            _ = try await Scenario.staffWithToken(app, role: .billing, email: "bea@staff.test")
            _ = try await Scenario.staffWithToken(app, role: .editor, email: "eli@staff.test")
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE staff_api_tokens SET scope = NULL").run()  // as the upgrade finds them
            try await M073GiveStaffTokensAScope.giveScopes(on: sql)
            let scopes = try await StaffAPIToken.query(on: app.db).with(\.$staffMember).all().map { ($0.staffMember.email, $0.scopeValue) }
            #expect(Dictionary(uniqueKeysWithValues: scopes) == ["bea@staff.test": "billing", "eli@staff.test": "editor"])
        }
    }
}

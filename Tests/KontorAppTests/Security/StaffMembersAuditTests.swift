import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Who becomes administrator, billing or support, and who loses access, are the staff console's most sensitive
/// changes: each is in the staff audit trail with the administrator who made it, the member and the roles.
@Suite("Staff role changes, deactivation and reactivation are audited")
struct StaffMembersAuditTests {
    private func member(_ app: Application, _ email: String) async throws -> StaffMember {
        try #require(try await StaffMember.query(on: app.db).filter(\.$email == email).first())
    }

    private func events(_ app: Application, _ kind: String) async throws -> [SecurityEvent] {
        try await SecurityEvent.query(on: app.db).filter(\.$kind == kind).sort(\.$createdAt).all()
    }

    @Test("a promotion and a demotion each record the administrator, the member and the old and new role; the same role records nothing")
    func roleChanges() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            _ = try await Scenario.staff(app, role: .editor, email: "editor@staff.test")
            let adminID = try await member(app, "admin@staff.test").id
            let editor = try await member(app, "editor@staff.test")

            #expect(try await admin.post(SiteRoute.staffMemberRole(editor.id!).path, form: ["role": "administrator"]).status == .seeOther)
            #expect(try await admin.post(SiteRoute.staffMemberRole(editor.id!).path, form: ["role": "billing"]).status == .seeOther)
            #expect(try await admin.post(SiteRoute.staffMemberRole(editor.id!).path, form: ["role": "billing"]).status == .seeOther)

            let changes = try await events(app, "staff_role_changed")
            #expect(changes.map(\.detail) == ["editor@staff.test: editor → administrator", "editor@staff.test: administrator → billing"])
            #expect(changes.allSatisfy { $0.staffMemberID == adminID && $0.userID == nil })
        }
    }

    @Test("deactivating records who and whom, and ends the member's staff API tokens so a reactivation cannot revive them")
    func deactivation() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing, email: "billing@staff.test")
            let billing = try await member(app, "billing@staff.test")

            #expect(try await admin.post(SiteRoute.staffMemberDeactivate(billing.id!).path).status == .seeOther)
            #expect(try await admin.post(SiteRoute.staffMemberDeactivate(billing.id!).path).status == .seeOther, "again: nothing more happens")
            let deactivated = try await events(app, "staff_deactivated")
            #expect(deactivated.count == 1 && deactivated[0].detail == "billing@staff.test (billing)")
            #expect(deactivated[0].staffMemberID == (try await member(app, "admin@staff.test")).id)
            #expect(try await StaffAPIToken.query(on: app.db).filter(\.$staffMember.$id == billing.id!).count() == 0)

            #expect(try await admin.post(SiteRoute.staffMemberReactivate(billing.id!).path).status == .seeOther)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .unauthorized)
        }
    }

    @Test("an administrator reactivates a deactivated member, who signs in again with the same password and app; audited; others are 403")
    func reactivation() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let support = try await Scenario.staff(app, role: .support, email: "support@staff.test")
            _ = try await Scenario.staff(app, role: .editor, email: "editor@staff.test")
            let editor = try await member(app, "editor@staff.test")
            #expect(try await admin.post(SiteRoute.staffMemberDeactivate(editor.id!).path).status == .seeOther)
            let refused = Browser(app)
            #expect(try await refused.post(SiteRoute.staffSignIn.path, form: ["email": "editor@staff.test", "password": Scenario.password]).status
                    == .unauthorized)

            let page = try await admin.get(SiteRoute.staffMembers.path).body.string
            #expect(page.contains(SiteRoute.staffMemberReactivate(editor.id!).path), "the members page offers it for a deactivated member")
            #expect(try await support.post(SiteRoute.staffMemberReactivate(editor.id!).path).status == .forbidden, "only administrators")
            #expect(try await admin.post(SiteRoute.staffMemberReactivate(UUID()).path).status == .notFound)
            #expect(try await admin.post(SiteRoute.staffMemberReactivate(editor.id!).path).status == .seeOther)
            #expect(try await member(app, "editor@staff.test").isActive)

            let again = Browser(app)
            #expect(try await again.post(SiteRoute.staffSignIn.path, form: ["email": "editor@staff.test", "password": Scenario.password]).location
                    == SiteRoute.staffSignInSecondFactor.path, "the same password, then the authenticator app set up before")
            let reactivated = try await events(app, "staff_reactivated")
            #expect(reactivated.count == 1 && reactivated[0].detail == "editor@staff.test (editor)")
            #expect(reactivated[0].staffMemberID == (try await member(app, "admin@staff.test")).id)
        }
    }
}

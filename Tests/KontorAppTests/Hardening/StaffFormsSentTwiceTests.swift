import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Staff forms whose thing has a natural key (a member's address, a newsletter topic's slug), sent twice — a double
/// click, a resend, two tabs — through two servers. Nothing could be doubled, but the second copy used to answer
/// "address taken" or "slug taken" about what the first copy had just made.
@Suite("Staff forms with a natural key, sent twice, answer as the first copy")
struct StaffFormsSentTwiceTests {
    private static func fourAtOnce(_ apps: [Application], _ staff: Browser, page: String, _ path: String, form: [String: String]) async throws -> [HTTPStatus] {
        let csrf = Browser.token(in: try await staff.get(page).body.string)
        return try await staff.postAtOnce(apps, count: 4, path) { _ in form.merging(["_csrf": csrf]) { $1 } }.map(\.status)
    }

    /// The new-member form as the members page renders it, filled in.
    private static func memberForm(_ admin: Browser, email: String = "nora@staff.test", role: String = "support") async throws -> [String: String] {
        let key = try StaffFormResendTests.formKey(try await admin.get(SiteRoute.staffMembers.path).body.string, form: "staff-create-form")
        return ["name": "Nora Support", "email": email, "password": Scenario.password, "role": role, "idempotency_key": key]
    }

    @Test("a new staff member's form sent four times: one member, one audit entry, every answer 'created'; the same form with other values is refused")
    func staffMemberOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let admin = try await Scenario.staff(apps[0], role: .administrator)
            let form = try await Self.memberForm(admin)
            let statuses = try await Self.fourAtOnce(apps, admin, page: SiteRoute.staffMembers.path, SiteRoute.staffMembers.path, form: form)
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            #expect(try await StaffMember.query(on: apps[1].db).filter(\.$email == "nora@staff.test").count() == 1)
            #expect(try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "staff_created").count() == 1)
            // The same key with another role: the first member stands, and the page says the form was used.
            var otherRole = form
            otherRole["role"] = "administrator"
            let used = try await admin.post(SiteRoute.staffMembers.path, form: otherRole)
            #expect(used.status == .conflict && used.body.string.contains(apps[0].kontor.localizer.text("staff.form_used", .en).replacingOccurrences(of: "'", with: "&#39;")))
            #expect(try await StaffMember.query(on: apps[1].db).filter(\.$email == "nora@staff.test").first()?.roleValue == "support")
            // Back, another password typed, sent again: not answered "created" for a member who has the first one.
            var otherPassword = form
            otherPassword["password"] = Scenario.password + " and more"
            #expect(try await admin.post(SiteRoute.staffMembers.path, form: otherPassword).status == .conflict)
        }
    }

    @Test("a fresh form for a taken address says so on its field; a form without its key makes nothing; a refused form keeps its key")
    func staffMemberRefusals() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator)
            #expect(try await admin.post(SiteRoute.staffMembers.path, form: try await Self.memberForm(admin)).status == .seeOther)
            let again = try await admin.post(SiteRoute.staffMembers.path, form: try await Self.memberForm(admin))
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("aria-describedby=\"email-error\"") && again.body.string.contains("id=\"email-error\""),
                    "the refused field names its error, as the customer forms do")
            var keyless = try await Self.memberForm(admin, email: "otto@staff.test")
            keyless["idempotency_key"] = nil
            #expect(try await admin.post(SiteRoute.staffMembers.path, form: keyless).status == .unprocessableEntity)
            #expect(try await StaffMember.query(on: app.db).filter(\.$email == "otto@staff.test").count() == 0)
            var weak = try await Self.memberForm(admin, email: "otto@staff.test")
            weak["password"] = "short"
            let refused = try await admin.post(SiteRoute.staffMembers.path, form: weak).body.string
            #expect(refused.contains("aria-describedby=\"staff-password-hint password-error\"") && refused.contains("id=\"password-error\""))
            // Corrected, the same form (its key kept) makes the member.
            #expect(try StaffFormResendTests.formKey(refused, form: "staff-create-form") == weak["idempotency_key"])
            weak["password"] = Scenario.password
            #expect(try await admin.post(SiteRoute.staffMembers.path, form: weak).status == .seeOther)
            #expect(try await StaffMember.query(on: app.db).filter(\.$email == "otto@staff.test").count() == 1)
        }
    }

    @Test("a newsletter topic sent four times: one topic with its names, every answer 'created'; other names are still 'taken'")
    func newsletterTopicOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let editor = try await Scenario.staff(apps[0], role: .editor)
            let form = ["slug": "events", "name_en": "Events", "name_es": "Eventos", "description_en": "Where we meet"]
            let statuses = try await Self.fourAtOnce(apps, editor, page: SiteRoute.staffNewsletters.path, SiteRoute.staffNewsletters.path, form: form)
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            #expect(try await NewsletterTopic.query(on: apps[1].db).count() == 1)
            #expect(try await NewsletterTopicName.query(on: apps[1].db).count() == 2)
            var other = form
            other["name_en"] = "Meetings"
            #expect(try await editor.post(SiteRoute.staffNewsletters.path, form: other).status == .unprocessableEntity)
        }
    }
}

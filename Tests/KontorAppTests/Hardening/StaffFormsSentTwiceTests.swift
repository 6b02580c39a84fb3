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

    @Test("a new staff member sent four times: one member, one audit entry, every answer 'created'; other details are still 'taken'")
    func staffMemberOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let admin = try await Scenario.staff(apps[0], role: .administrator)
            let form = ["name": "Nora Support", "email": "nora@staff.test", "password": Scenario.password, "role": "support"]
            let statuses = try await Self.fourAtOnce(apps, admin, page: SiteRoute.staffMembers.path, SiteRoute.staffMembers.path, form: form)
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            #expect(try await StaffMember.query(on: apps[1].db).filter(\.$email == "nora@staff.test").count() == 1)
            #expect(try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "staff_created").count() == 1)
            // Another role or another password for the same address is another request: the address is taken.
            var otherRole = form
            otherRole["role"] = "administrator"
            let taken = try await admin.post(SiteRoute.staffMembers.path, form: otherRole)
            #expect(taken.status == .unprocessableEntity && taken.body.string.contains("id=\"email-error\""))
            var otherPassword = form
            otherPassword["password"] = Scenario.password + " but longer"
            #expect(try await admin.post(SiteRoute.staffMembers.path, form: otherPassword).status == .unprocessableEntity)
        }
    }

    @Test("after ten minutes the same form is another request: the address is taken, and each refused field names its error")
    func staffMemberLater() async throws {
        try await withTestApp { app, clock in
            let admin = try await Scenario.staff(app, role: .administrator)
            let form = ["name": "Nora Support", "email": "nora@staff.test", "password": Scenario.password, "role": "support"]
            #expect(try await admin.post(SiteRoute.staffMembers.path, form: form).status == .seeOther)
            clock.advance(by: StaffService.repeatWindow + 1)
            let again = try await admin.post(SiteRoute.staffMembers.path, form: form)
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("aria-describedby=\"email-error\"") && again.body.string.contains("id=\"email-error\""),
                    "the refused field names its error, as the customer forms do")
            var weak = form
            weak["email"] = "other@staff.test"
            weak["password"] = "short"
            let refused = try await admin.post(SiteRoute.staffMembers.path, form: weak).body.string
            #expect(refused.contains("aria-describedby=\"staff-password-hint password-error\"") && refused.contains("id=\"password-error\""))
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

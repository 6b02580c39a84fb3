import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor

@Suite("The staff home shows what waits for a person, to the roles that can do it")
struct StaffHomeTests {
    @Test("support sees identity checks, failed mail and open grants; billing sees unassigned payments and stale statements; editors see drafts")
    func workByRole() async throws {
        try await withTestApp { app, clock in
            let organization = try await BankImportTests.customer(app, "Ana")
            let owner = try #require(try await Membership.query(on: app.db).filter(\.$organization.$id == organization.id!).first())
            let other = try await BankImportTests.customer(app, "Bob")
            let otherOwner = try #require(try await Membership.query(on: app.db).filter(\.$organization.$id == other.id!).first())
            for user in [owner.$user.id, otherOwner.$user.id] {
                try await IdentityRequest(userID: user, now: clock.now, ipAddress: "192.0.2.1", userAgent: "Firefox").create(on: app.db)
            }
            try await SupportGrant(organizationID: organization.id!, grantedBy: owner.$user.id, canChange: false, hours: 4, now: clock.now).create(on: app.db)
            let failed = try await OutboxPruningTests.message(app, clock.now, daysAgo: 5, sentDaysAgo: nil, failed: true)
            var file = CamtFile(entries: [.init(payments: [.init(amount: "12.00", bankReference: "NOBODY-1")], entryReference: "E-NOBODY")])
            file.day = app.kontor.config.billing.day(of: clock.now)
            _ = try await ReminderTests.importFile(app, clock, file)

            let support = try await Scenario.staff(app, role: .support).get(SiteRoute.staffHome.path).body.string
            #expect(support.contains("id=\"work-identity-checks\"><a href=\"\(SiteRoute.staffIdentityChecks.path)\">2 identity checks wait for a decision"))
            #expect(support.contains("id=\"work-failed-mail\"") && support.contains("1 e-mail could not be sent"))
            #expect(support.contains("1 support access is open"))
            #expect(!support.contains("work-unidentified-payments") && !support.contains("work-help-drafts"), "not support's work")

            let billing = try await Scenario.staff(app, role: .billing)
            let billingHome = try await billing.get(SiteRoute.staffHome.path).body.string
            #expect(billingHome.contains("id=\"work-unidentified-payments\"") && billingHome.contains("1 payment waits to be assigned"))
            #expect(!billingHome.contains("work-stale-statements"), "today's statement is imported")
            #expect(!billingHome.contains("work-identity-checks"))
            clock.advance(by: 5 * 86_400)
            let later = try await Scenario.staff(app, role: .billing, email: "billing2@staff.test")  // a new session, five days on
            #expect(try await later.get(SiteRoute.staffHome.path).body.string.contains("id=\"work-stale-statements\""), "five days without a statement")

            let editor = try await Scenario.staff(app, role: .editor)
            #expect(try await editor.get(SiteRoute.staffHome.path).body.string.contains("id=\"work-none\""))
            _ = try await HelpLibrary(db: app.db, now: clock.now).importDrafts([ArticleDraft(
                slug: "draft-guide", language: "en", kind: .guide, title: "A draft", summary: "Not yet.", body: "Soon.",
                category: "account-security", tags: [], contexts: [])], publish: false)
            #expect(try await editor.get(SiteRoute.staffHome.path).body.string.contains("1 help article is a draft"))

            failed.sentAt = clock.now
            try await failed.save(on: app.db)
            #expect(!(try await Scenario.staff(app, role: .administrator, email: "admin2@staff.test").get(SiteRoute.staffHome.path).body.string
                .contains("work-failed-mail")), "sent again: nothing left to do")
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A bank may split a large day's statement over several messages (`StmtPgntn`, `GrpHdr/MsgPgntn`: page 1, last page
/// no; page 2, last page yes). Page 1 imported alone counted as the whole statement, and a reminder went out to a
/// customer whose payment was on page 2 (bank probe round 9, F5). Such a statement now holds its currency's reminders
/// until its missing pages are imported, or staff confirm the bank never issued them.
@Suite("A statement the bank split into pages holds its currency's reminders until every page is imported or staff confirm the rest was never issued")
struct StatementPagesTests {
    private struct Count: Decodable { let n: Int }
    static let account = MissingStatementTests.account

    /// Page `page` of statement `number` of `day` (of `last` when it is marked the last), paying `payments`.
    static func page(_ page: Int, last: Bool, of number: Int64, day: String, paying payments: [CamtFile.Payment] = [],
                     inMessageHeader: Bool = false) -> CamtFile {
        let filler = CamtFile.Payment(amount: "1.00", bankReference: "S\(number)-P\(page)")
        var file = CamtFile(kind: "053", accountCurrency: "CHF", day: day, entries: [
            .init(payments: [filler] + payments, entryReference: "E-S\(number)-P\(page)"),
        ], sequence: number)
        if inMessageHeader { file.messagePage = (page, last) } else { file.page = (page, last) }
        return file
    }

    @Test("page 1 of 2 imported: the import says page 2 is missing and the invoice paid on it is not reminded; page 2 settles it and nothing waits",
          arguments: [false, true])
    func missingPageHoldsReminders(inMessageHeader: Bool) async throws {
        try await withTestApp { app, clock in
            let (invoice, today) = try await MissingStatementTests.overdueInvoice(app, clock)
            let paid = CamtFile.Payment(reference: invoice.reference, amount: "206.00", bankReference: "PAID-ON-PAGE-2")
            let first = try await ReminderTests.importFile(app, clock, Self.page(1, last: false, of: 104, day: today, inMessageHeader: inMessageHeader))
            let missing = try #require(first.missingStatements)
            #expect(missing.count == 1 && missing.first?.pages == StatementPages.Missing(pages: [], after: 1), "\(missing)")
            #expect(missing.first?.text(.en, localizer: app.kontor.localizer).contains("Statement 104 of account CH44 3199 9123 0008 8901 2") == true)

            let held = try await app.reminderRun(day: today).run()
            #expect(held.heldForMissingStatements == 1 && held.sent.isEmpty, "\(held)")
            #expect(try await PaymentReminder.query(on: app.db).count() == 0)

            let second = try await ReminderTests.importFile(app, clock, Self.page(2, last: true, of: 104, day: today, paying: [paid],
                                                                                     inMessageHeader: inMessageHeader))
            #expect(second.missingStatements == [] && second.settled == 1, "\(second)")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
            #expect(try await app.reminderRun(day: today).run().heldForMissingStatements == 0)
        }
    }

    @Test("pages 1 and 3 of 3 imported: page 2 is named missing; a statement on one page, or pages arriving in any order, holds nothing")
    func pageInTheMiddle() async throws {
        try await withTestApp { app, clock in
            let today = ReminderTests.day(app, clock)
            let billing = app.kontor.config.billing
            _ = try await ReminderTests.importFile(app, clock, Self.page(3, last: true, of: 7, day: today))
            let summary = try await ReminderTests.importFile(app, clock, Self.page(1, last: false, of: 7, day: today))
            #expect(summary.missingStatements?.map(\.pages) == [StatementPages.Missing(pages: [2], after: nil)])
            #expect(summary.missingStatements?.first?.text(.de, localizer: app.kontor.localizer).contains("ohne Seite 2 eingetroffen") == true)
            // Statement 6 of the day before, on one page (page 1, the last): nothing is recorded of its pages.
            _ = try await ReminderTests.importFile(app, clock, Self.page(1, last: true, of: 6, day: billing.day(today, plus: -1)))
            // Page 2 sent twice, the second time with page 1 again: recorded once.
            _ = try await ReminderTests.importFile(app, clock, Self.page(2, last: false, of: 7, day: today))
            _ = try await ReminderTests.importFile(app, clock, Self.page(2, last: false, of: 7, day: today))
            #expect(try await StatementNumbers(db: app.db).missing().isEmpty)
            let rows = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM bank_statement_pages").first(decoding: Count.self)
            #expect(rows?.n == 3, "pages 1, 2 and 3 of statement 7, each once")
        }
    }

    @Test("the pages of one statement dated either side of midnight are one statement; the same number a year later is another")
    func pagesAcrossMidnight() async throws {
        try await withTestApp { app, clock in
            let today = ReminderTests.day(app, clock)
            let billing = app.kontor.config.billing
            _ = try await ReminderTests.importFile(app, clock, Self.page(1, last: false, of: 30, day: billing.day(today, plus: -1)))
            let second = try await ReminderTests.importFile(app, clock, Self.page(2, last: true, of: 30, day: today))
            #expect(second.missingStatements == [], "\(String(describing: second.missingStatements))")
            _ = try await ReminderTests.importFile(app, clock, Self.page(2, last: true, of: 30, day: billing.day(today, plus: -366)))
            #expect(try await StatementNumbers(db: app.db).incomplete().map(\.pages) == [StatementPages.Missing(pages: [1], after: nil)],
                    "last year's statement 30 still lacks its page 1")
        }
    }

    @Test("staff confirm on the billing page, or through the API, that the bank never issued the rest: reminders go, recorded once with who; again is told so")
    func confirmedNeverIssued() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let app = apps[0]
            let (_, today) = try await MissingStatementTests.overdueInvoice(app, clock)
            _ = try await ReminderTests.importFile(app, clock, Self.page(1, last: false, of: 104, day: today))
            let clerk = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            #expect(try await clerk.get(SiteRoute.staffHome.path).body.string.contains("arrived without its last page"), "on the work list")
            let (_, token) = try await Scenario.staffWithToken(apps[1], role: .billing, email: "api@staff.test")
            let listed = try await Scenario.staffAPI(apps[1], .GET, .staffMissingStatements, token: token)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(listed.body.readableBytesView)) as? [String: Any])["items"] as? [[String: Any]]
            #expect(items?.first?["pagesAfter"] as? Int == 1 && items?.first?["first"] as? Int == 104, "\(listed.body.string)")

            // The page and the API at once, on two servers: one records it, the other is told it is done.
            let form = ["account": Self.account, "first": "104", "last": "104"]
            let body = #"{"account": "\#(Self.account)", "first": 104, "last": 104}"#
            async let onPage = clerk.post(SiteRoute.staffBillingStatementsNeverIssued.path, form: form).location
            async let overAPI = Scenario.staffAPI(apps[1], .POST, .staffMissingStatementsNeverIssued, token: token, json: body).status
            let (location, status) = try await (onPage, overAPI)
            let pageDone = location == SiteRoute.staffBilling.path + "?notice=statements_never_issued"
            #expect(pageDone ? status == .conflict : (status == .ok && location == SiteRoute.staffBilling.path + "?notice=statements_not_missing"),
                    "\(String(describing: location)) \(status)")
            let recorded = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM bank_statement_pages WHERE staff_id IS NOT NULL").first(decoding: Count.self)
            #expect(recorded?.n == 1, "recorded once, with who")
            #expect(try await StatementNumbers(db: app.db).missing().isEmpty)
            #expect(try await app.reminderRun(day: today).run().sent == [.reminder1: 1])
        }
    }
}

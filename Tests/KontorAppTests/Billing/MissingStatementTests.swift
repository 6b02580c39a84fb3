import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A bank numbers an account's statements (`ElctrncSeqNb`). Statements 41 and 43 imported and 42 not: 43 made the
/// account look up to date while 42's payments were never seen, so a reminder went out to a customer who had paid on
/// 42's day. A number skipped now holds the reminders of the account's currency until the statement is imported, or
/// staff confirm the bank never issued it.
@Suite("A statement the bank numbered but Kontor never received holds its currency's reminders until it is imported or confirmed never issued")
struct MissingStatementTests {
    private struct Count: Decodable { let n: Int }
    static let account = "CH4431999123000889012"

    /// A camt.053 of `account` numbered `number` on `day`, with one unrelated credit (so it is a file like any other).
    static func statement(_ number: Int64, day: String, account: String = account, currency: String? = "CHF") -> CamtFile {
        CamtFile(kind: "053", account: account, accountCurrency: currency, day: day, entries: [
            .init(payments: [.init(amount: "1.00", bankReference: "S\(number)-\(account.suffix(4))")], entryReference: "E-S\(number)-\(account.suffix(4))"),
        ], sequence: number)
    }

    /// Ana's CHF 206 invoice, 40 days old (reminder 1 due), and the day.
    static func overdueInvoice(_ app: Application, _ clock: TestClock) async throws -> (Invoice, String) {
        let ana = try await BankImportTests.customer(app, "Ana").requireID()
        let invoice = try await InvoiceTests.issue(app, to: ana, francs: 206, now: clock.now)
        clock.advance(by: 40 * 86_400)
        return (invoice, ReminderTests.day(app, clock))
    }

    @Test("41 and 43 imported: the import names 42 as missing and CHF reminders wait; once 42 is imported they go")
    func gapHoldsUntilImported() async throws {
        try await withTestApp { app, clock in
            let (_, today) = try await Self.overdueInvoice(app, clock)
            let billing = app.kontor.config.billing
            _ = try await ReminderTests.importFile(app, clock, Self.statement(41, day: billing.day(today, plus: -2)))
            let later = try await ReminderTests.importFile(app, clock, Self.statement(43, day: today))
            let missing = try #require(later.missingStatements)
            #expect(missing.map(\.gap) == [StatementSequence.Gap(first: 42, last: 42, afterDay: billing.day(today, plus: -2), beforeDay: today)])
            #expect(missing.first?.currency == "CHF")

            let held = try await app.reminderRun(day: today).run()
            #expect(held.heldForMissingStatements == 1 && held.missingStatementCurrencies == ["CHF"] && held.sent.isEmpty, "\(held)")
            #expect(try await PaymentReminder.query(on: app.db).count() == 0)

            let filled = try await ReminderTests.importFile(app, clock, Self.statement(42, day: billing.day(today, plus: -1)))
            #expect(filled.missingStatements == [])
            let run = try await app.reminderRun(day: today).run()
            #expect(run.heldForMissingStatements == 0 && run.sent == [.reminder1: 1], "\(run)")
        }
    }

    @Test("statements arriving out of order, sent again, or numbered from 1 again by the bank show nothing missing; a camt.054's numbers are not a statement's")
    func noFalseGaps() async throws {
        try await withTestApp { app, clock in
            let billing = app.kontor.config.billing
            let today = ReminderTests.day(app, clock)
            let day = { (offset: Int) in billing.day(today, plus: offset) }
            // 12 arrives after 13 (missing until it does); 11 is sent again a day later (another message, the same
            // statement); then the bank starts at 1.
            for (number, offset, missing) in [(11, -6, []), (13, -4, [12]), (12, -5, []), (11, -3, []), (1, -2, []), (2, -1, [])] as [(Int64, Int, [Int64])] {
                var file = Self.statement(number, day: day(offset))
                file.messageID = "MSG-\(number)-\(offset)"
                let summary = try await ReminderTests.importFile(app, clock, file)
                #expect(summary.missingStatements?.map(\.gap.first) == missing, "after \(number): \(summary.missingStatements ?? [])")
            }
            var notification = Self.statement(9, day: today)
            notification.kind = "054"
            let summary = try await ReminderTests.importFile(app, clock, notification)
            #expect(summary.missingStatements == nil)
            #expect(try await StatementNumbers(db: app.db).missing().isEmpty)
        }
    }

    @Test("an older statement imported after the newer ones (a backfill, a return to book) opens no gap; a new year missing its statement 1 does")
    func backfillAndRestart() async throws {
        try await withTestApp { app, clock in
            let billing = app.kontor.config.billing
            let today = ReminderTests.day(app, clock)
            for (number, offset) in [(101, -3), (102, -2), (60, -50)] as [(Int64, Int)] {
                let summary = try await ReminderTests.importFile(app, clock, Self.statement(number, day: billing.day(today, plus: offset)))
                #expect(summary.missingStatements == [], "after \(number)")
            }
            // The bank starts again; its statement 1 never came.
            let summary = try await ReminderTests.importFile(app, clock, Self.statement(2, day: today))
            #expect(summary.missingStatements?.map { "\($0.gap.first)-\($0.gap.last)" } == ["1-1"])
        }
    }

    @Test("an old statement downloaded again today covers the period it reports, not today: reminders stay paused on stale statements")
    func downloadedAgain() async throws {
        try await withTestApp { app, clock in
            let (_, today) = try await Self.overdueInvoice(app, clock)
            let billing = app.kontor.config.billing
            let old = billing.day(today, plus: -20)
            var original = Self.statement(53, day: old)
            original.periodEnd = old
            _ = try await ReminderTests.importFile(app, clock, original)
            #expect(try await app.reminderRun(day: today).run().pausedForStaleStatements)
            // The same statement downloaded today: created today, its period and bookings those of 20 days ago.
            var copy = original
            copy.messageID = "MSG-COPY"
            copy.day = today
            copy.entries = original.entries.map { var entry = $0; entry.day = old; return entry }
            _ = try await ReminderTests.importFile(app, clock, copy)
            let run = try await app.reminderRun(day: today).run()
            #expect(run.pausedForStaleStatements && run.sent.isEmpty, "\(run)")
            #expect(run.paymentsCountedUntil == old)
        }
    }

    @Test("two accounts: a gap in the EUR account holds EUR reminders only, and a statement of unknown currency holds all")
    func perAccount() async throws {
        try await withTestApp { app, clock in
            let today = ReminderTests.day(app, clock)
            let eur = "CH5604835012345678009"
            _ = try await ReminderTests.importFile(app, clock, Self.statement(5, day: app.kontor.config.billing.day(today, plus: -2), account: eur, currency: "EUR"))
            let summary = try await ReminderTests.importFile(app, clock, Self.statement(8, day: today, account: eur, currency: "EUR"))
            #expect(summary.missingStatements?.map { "\($0.account) \($0.currency ?? "-") \($0.gap.first)-\($0.gap.last)" } == ["\(eur) EUR 6-7"])
            #expect(try await StatementNumbers(db: app.db).holdingCurrencies() == ["EUR"])
            let text = try #require(summary.missingStatements?.first).text(.de, localizer: app.kontor.localizer)
            #expect(text.contains("Auszug 6–7") && text.contains("CH56 0483 5012 3456 7800 9") && text.contains("Mahnungen in EUR"), "\(text)")
        }
    }

    @Test("staff confirm from the billing page that the bank never issued it: reminders go; a second click is told so; the work list shows it until then")
    func confirmNeverIssuedOnThePage() async throws {
        try await withTestApp { app, clock in
            let (_, today) = try await Self.overdueInvoice(app, clock)
            _ = try await ReminderTests.importFile(app, clock, Self.statement(41, day: app.kontor.config.billing.day(today, plus: -3)))
            _ = try await ReminderTests.importFile(app, clock, Self.statement(44, day: today))
            let clerk = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let home = try await clerk.get(SiteRoute.staffHome.path).body.string
            #expect(home.contains("Statement 42–43 of account CH44 3199 9123 0008 8901 2 never arrived"), "on the work list")
            let page = try await clerk.get(SiteRoute.staffBilling.path).body.string
            #expect(page.contains("id=\"missing-statements\"") && page.contains(SiteRoute.staffBillingStatementsNeverIssued.path))

            let form = ["account": Self.account, "first": "42", "last": "43"]
            let confirmed = try await clerk.post(SiteRoute.staffBillingStatementsNeverIssued.path, form: form)
            #expect(confirmed.location == SiteRoute.staffBilling.path + "?notice=statements_never_issued")
            #expect(try await StatementNumbers(db: app.db).missing().isEmpty)
            let again = try await clerk.post(SiteRoute.staffBillingStatementsNeverIssued.path, form: form)
            #expect(again.location == SiteRoute.staffBilling.path + "?notice=statements_not_missing")
            let recorded = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM bank_statement_numbers WHERE staff_id IS NOT NULL").first(decoding: Count.self)
            #expect(recorded?.n == 1, "recorded once, with who")
            #expect(try await !clerk.get(SiteRoute.staffHome.path).body.string.contains("never arrived"))
            #expect(try await app.reminderRun(day: today).run().sent == [.reminder1: 1])
            // A part of a gap, or numbers never missing, is not confirmed.
            #expect(try await clerk.post(SiteRoute.staffBillingStatementsNeverIssued.path, form: ["account": Self.account, "first": "x", "last": "43"])
                .location == SiteRoute.staffBilling.path + "?notice=statements_not_missing")
        }
    }

    @Test("the staff API lists what is missing and confirms it once; a field out of range is named; support staff and customers are refused")
    func staffAPI() async throws {
        try await withTestApp { app, clock in
            let today = ReminderTests.day(app, clock)
            _ = try await ReminderTests.importFile(app, clock, Self.statement(7, day: app.kontor.config.billing.day(today, plus: -1)))
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let upload = try await Scenario.staffUpload(app, token: token, Self.statement(9, day: today))
            #expect(upload.status == .ok || upload.status == .created || upload.status == .accepted, "\(upload.status)")
            let listed = try await Scenario.staffAPI(app, .GET, .staffMissingStatements, token: token)
            #expect(listed.status == .ok)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(listed.body.readableBytesView)) as? [String: Any])["items"] as? [[String: Any]]
            #expect(items?.count == 1 && items?.first?["first"] as? Int == 8 && items?.first?["currency"] as? String == "CHF")
            #expect((items?.first?["message"] as? String)?.contains("Statement 8 of account") == true)

            let bad = try await Scenario.staffAPI(app, .POST, .staffMissingStatementsNeverIssued, token: token, json: #"{"account": "", "first": 8, "last": -1}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(try Scenario.apiFields(bad) == ["account", "last"])
            let reversed = #"{"account": "\#(Self.account)", "first": 9, "last": 8}"#
            #expect(try await Scenario.staffAPI(app, .POST, .staffMissingStatementsNeverIssued, token: token, json: reversed).status == .conflict, "not a range listed")
            let body = #"{"account": "\#(Self.account)", "first": 8, "last": 8}"#
            let done = try await Scenario.staffAPI(app, .POST, .staffMissingStatementsNeverIssued, token: token, json: body)
            #expect(done.status == .ok && done.body.string.contains(#""items":[]"#), "\(done.body.string)")
            #expect(try await Scenario.staffAPI(app, .POST, .staffMissingStatementsNeverIssued, token: token, json: body).status == .conflict)

            let (_, support) = try await Scenario.staffWithToken(app, role: .support, email: "support@staff.test")
            #expect(try await Scenario.staffAPI(app, .GET, .staffMissingStatements, token: support).status == .forbidden)
        }
    }

    @Test("two staff confirm the same gap at once on two servers: recorded once, one is told it is done, nobody gets an error")
    func confirmedTwiceAtOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let today = ReminderTests.day(apps[0], clock)
            _ = try await ReminderTests.importFile(apps[0], clock, Self.statement(1, day: apps[0].kontor.config.billing.day(today, plus: -2)))
            _ = try await ReminderTests.importFile(apps[0], clock, Self.statement(3, day: today))
            let clerks = [try await Scenario.staff(apps[0], role: .billing, email: "one@staff.test"),
                          try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")]
            let form = ["account": Self.account, "first": "2", "last": "2"]
            let tokens = try await clerks.asyncMap { Browser.token(in: try await $0.get(SiteRoute.staffBilling.path).body.string) }
            let answers = try await withThrowingTaskGroup(of: String?.self) { group in
                for (clerk, token) in zip(clerks, tokens) {
                    group.addTask { try await clerk.post(SiteRoute.staffBillingStatementsNeverIssued.path, form: form.merging(["_csrf": token]) { $1 }, csrf: false).location }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(answers.compactMap { $0 }.sorted() == [SiteRoute.staffBilling.path + "?notice=statements_never_issued",
                                                          SiteRoute.staffBilling.path + "?notice=statements_not_missing"], "\(answers)")
            let recorded = try await (apps[1].db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM bank_statement_numbers WHERE staff_id IS NOT NULL").first(decoding: Count.self)
            #expect(recorded?.n == 1)
        }
    }
}

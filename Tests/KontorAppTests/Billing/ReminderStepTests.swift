import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Reminder steps: one at a time after any pause, the final notice always before the suspension, no fee on a fee, the prepaid balance first")
struct ReminderStepTests {
    typealias Step = DunningLadder.Step

    /// The steps recorded for the invoice, in order.
    static func steps(_ app: Application, _ invoice: Invoice) async throws -> [Step] {
        try await PaymentReminder.query(on: app.db).filter(\.$invoice.$id == invoice.id!).sort(\.$stepValue).all().map(\.step)
    }

    /// Moves to `days` after the invoice's due day, imports that day's statement and runs the reminders.
    static func run(_ app: Application, _ clock: TestClock, at days: Int, after invoice: Invoice) async throws -> ReminderRun.Report {
        try await ReminderSuspensionTests.go(app, clock, to: days, after: invoice)
        return try await app.reminderRun().run()
    }

    @Test("after a pause the ladder goes on one step per run: reminder 2, then the final notice, and the suspension only a week after it")
    func resumesOneStepAtATime() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 400, item: nil)
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            #expect(try await Self.run(app, clock, at: 10, after: invoice).sent == [.reminder1: 1])

            // The statements went stale for weeks (a bank-connector outage): the first run after it is at due + 60.
            #expect(try await Self.run(app, clock, at: 60, after: invoice).sent == [.reminder2: 1], "reminder 2, not the suspension")
            #expect(try await app.reminderRun().run().sent.isEmpty, "never two steps on one day")
            #expect(try await Self.run(app, clock, at: 61, after: invoice).sent == [.finalNotice: 1])
            // The notice names the day the suspension can come: a week after it, not the ladder's day 45, long past.
            let config = app.kontor.config.billing
            let final = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "Final notice").first())
            let finalText = try await TemplatedMail.rendered(final, on: app.db).text
            #expect(finalText.contains(DayFormatting.format(config.day(invoice.dueOn, plus: 68), .en)))
            for day in 62...67 {
                #expect(try await Self.run(app, clock, at: day, after: invoice).sent.isEmpty, "day \(day): the final notice has not been out a week")
            }
            #expect(try await RenewalScenario.reload(app, hosting).status == .active)
            let suspended = try await Self.run(app, clock, at: 68, after: invoice)
            #expect(suspended.sent == [.suspension: 1] && suspended.suspended == 1)
            #expect(try await Self.steps(app, invoice) == [.reminder1, .reminder2, .finalNotice, .suspension])
            #expect(try await RenewalScenario.reload(app, hosting).status == .suspended)
        }
    }

    @Test("an invoice never reminded before gets reminder 1 first, however late the run")
    func firstMessageIsReminderOne() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            let report = try await Self.run(app, clock, at: 90, after: invoice)
            #expect(report.sent == [.reminder1: 1] && report.suspended == 0)
        }
    }

    @Test("a reminder fee's invoice is marked, reminded without a fee of its own, and never reaches a final notice or a suspension")
    func noFeeOnAFee() async throws {
        try await withTestApp(configure: { $0.billing.reminderFees[.chf] = Money(minorUnits: 2_000, currency: .chf) }) { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 400, item: nil)
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            try await ReminderSuspensionTests.walk(app, clock, to: 24, after: invoice)
            let fee = try #require(try await Invoice.query(on: app.db).filter(\.$feeForInvoiceID == invoice.id!).first())
            #expect(fee.totalMinor == 2_000)
            #expect(try await PaymentReminder.query(on: app.db).filter(\.$feeInvoiceID == fee.id!).count() == 1)

            // The customer pays the invoice but not the fee.
            try await ReminderTests.importStatement(app, clock, [.init(reference: invoice.reference, amount: "100.00", bankReference: "PAID")])
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
            for days in [10, 24, 38, 45, 60, 90] { _ = try await Self.run(app, clock, at: days, after: fee) }
            #expect(try await Self.steps(app, fee) == [.reminder1, .reminder2], "reminders only: no final notice warning of a suspension")
            #expect(try await Invoice.query(on: app.db).filter(\.$organization.$id == org).count() == 2, "no fee charged on the fee")
            #expect(try await RenewalScenario.reload(app, hosting).status == .active, "an unpaid fee alone never suspends services")
        }
    }

    @Test("a customer whose billing addresses are gone (an install from before they were kept) still gets its fee, to the reminded invoice's address, and every other customer is reminded")
    func feeWithoutAddress() async throws {
        try await withTestApp(configure: { $0.billing.reminderFees[.chf] = Money(minorUnits: 2_000, currency: .chf) }) { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let ben = try await BankImportTests.customer(app, "Ben").requireID()
            let anasInvoice = try await InvoiceTests.issue(app, to: ana, francs: 100, now: clock.now)
            let bensInvoice = try await InvoiceTests.issue(app, to: ben, francs: 50, now: clock.now)
            try await BillingAddress.query(on: app.db).filter(\.$organization.$id == ana).delete()
            try await ReminderSuspensionTests.walk(app, clock, to: 24, after: anasInvoice)
            #expect(try await Self.steps(app, anasInvoice) == [.reminder1, .reminder2])
            #expect(try await Self.steps(app, bensInvoice) == [.reminder1, .reminder2])
            let fee = try #require(try await Invoice.query(on: app.db).filter(\.$feeForInvoiceID == anasInvoice.id!).first())
            #expect(fee.billingAddress == anasInvoice.billingAddress && fee.totalMinor == 2_000)
        }
    }

    @Test("a prepaid balance that covers the overdue invoice holds every step and tells the customer once how to pay from it, without a fee")
    func balanceCovers() async throws {
        try await withTestApp(configure: { $0.billing.reminderFees[.chf] = Money(minorUnits: 2_000, currency: .chf) }) { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            #expect(try await Self.run(app, clock, at: 10, after: invoice).sent == [.reminder1: 1])
            // The customer paid 105 instead of 100 (the seed guide's "wrong amount"): it went to the prepaid account.
            try await InvoiceTests.credit(app, org, francs: 105)

            let covered = try await Self.run(app, clock, at: 24, after: invoice)
            #expect(covered.sent.isEmpty && covered.coveredByBalance == 1 && covered.balanceNotices == 1)
            let notice = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "prepaid balance covers").first())
            let text = try await TemplatedMail.rendered(notice, on: app.db).text
            #expect(text.contains(invoice.number) && text.contains("CHF 105.00") && text.contains("Pay from the prepaid balance"))
            #expect(!text.contains("http"), "no link, as in every billing e-mail")
            for days in [38, 45, 60] {
                let report = try await Self.run(app, clock, at: days, after: invoice)
                #expect(report.sent.isEmpty && report.balanceNotices == 0, "day \(days): told once, no step, no suspension")
            }
            #expect(try await Self.steps(app, invoice) == [.reminder1])
            #expect(try await Invoice.query(on: app.db).filter(\.$organization.$id == org).count() == 1, "no fee while the balance covers it")
        }
    }

    @Test("a balance covering part of the invoice is stated in the reminder with the amount still due after it")
    func balanceCoversPart() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            try await InvoiceTests.credit(app, org, francs: 30)
            #expect(try await Self.run(app, clock, at: 10, after: invoice).sent == [.reminder1: 1])
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "Payment reminder").first())
            let text = try await TemplatedMail.rendered(mail, on: app.db).text
            #expect(text.contains("Your prepaid account holds CHF 30.00") && text.contains("CHF 70.00 is still due"))
        }
    }

    @Test("the balance is set against the overdue invoices oldest first: it covers the first, the second is reminded")
    func balanceOldestFirst() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let older = try await InvoiceTests.issue(app, to: org, francs: 80, now: clock.now)
            clock.advance(by: 86_400)
            let newer = try await InvoiceTests.issue(app, to: org, francs: 50, now: clock.now)
            try await InvoiceTests.credit(app, org, francs: 100)
            let report = try await Self.run(app, clock, at: 10, after: newer)
            #expect(report.coveredByBalance == 1 && report.sent == [.reminder1: 1])
            #expect(try await Self.steps(app, older).isEmpty)
            #expect(try await Self.steps(app, newer) == [.reminder1])
        }
    }
}

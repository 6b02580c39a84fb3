import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("The reminder ladder's last step: services stay suspended while any invoice at that step is open; an unpaid order is cancelled, never the customer's other services")
struct ReminderSuspensionTests {
    /// Moves the clock to `days` after the invoice's due day and imports that day's statement, as the run requires.
    static func go(_ app: Application, _ clock: TestClock, to days: Int, after invoice: Invoice) async throws {
        let config = app.kontor.config.billing
        let target = config.day(invoice.dueOn, plus: days)
        clock.advance(by: Double(config.days(from: config.day(of: clock.now), to: target)) * 86_400)
        try await ReminderTests.importStatement(app, clock)
    }

    /// Walks the ladder up to `days` after the invoice's due day: a run on each step's day still ahead (final notice,
    /// then the suspension a week later), as the run takes one step at a time. Answers the last run's report.
    @discardableResult
    static func walk(_ app: Application, _ clock: TestClock, to days: Int, after invoice: Invoice) async throws -> ReminderRun.Report {
        let config = app.kontor.config.billing
        let ladder = config.ladder
        var report = ReminderRun.Report()
        for step in DunningLadder.Step.allCases {
            let day = ladder.days[step]!
            guard day <= days else { break }
            guard config.days(from: invoice.dueOn, to: config.day(of: clock.now)) < day else { continue }
            try await go(app, clock, to: day, after: invoice)
            report = try await app.reminderRun().run()
        }
        return report
    }

    static func pay(_ app: Application, _ invoice: Invoice, _ clock: TestClock) async throws {
        try await InvoiceTests.credit(app, invoice.$organization.id, francs: invoice.totalMinor / 100)
        _ = try await InvoiceSettling.payFromBalance(invoiceID: invoice.id!, organizationID: invoice.$organization.id, userID: nil, now: clock.now, on: app.db)
    }

    @Test("a second invoice reaching the step while the products are suspended holds them: paying the first lifts nothing, paying the last lifts it")
    func secondInvoiceHolds() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 400, item: nil)
            let first = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            clock.advance(by: 20 * 86_400)
            let second = try await InvoiceTests.issue(app, to: org, francs: 50, now: clock.now)

            #expect(try await Self.walk(app, clock, to: 45, after: first).suspended == 1)
            #expect(try await Self.walk(app, clock, to: 45, after: second).suspended == 1,
                    "the second invoice's step is taken although the products are suspended already")

            try await Self.pay(app, first, clock)
            let held = try await RenewalScenario.reload(app, hosting)
            #expect(held.status == .suspended && held.suspensionReason == .unpaid && held.suspendedByInvoiceID == second.id,
                    "the second invoice still holds the suspension, and the product names it")
            clock.advance(by: 30 * 86_400)
            try await ReminderTests.importStatement(app, clock)
            _ = try await app.reminderRun().run()
            #expect(try await RenewalScenario.reload(app, hosting).status == .suspended)

            try await Self.pay(app, second, clock)
            let lifted = try await RenewalScenario.reload(app, hosting)
            #expect(lifted.status == .active && lifted.suspensionReason == nil && lifted.suspendedByInvoiceID == nil)
        }
    }

    @Test("paid by the bank, the products run again; the bank's return of that payment re-opens the invoice and stops them again")
    func returnAfterTheSuspensionWasLifted() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 400, item: nil)
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            #expect(try await Self.walk(app, clock, to: 45, after: invoice).suspended == 1)

            let day = app.kontor.config.billing.day(of: clock.now)
            let payment = CamtFile.Payment(reference: invoice.reference, amount: "100.00", bankReference: "P1", debtorIBAN: "CH9300762011623852957")
            let paid = try await BankImportTests.importer(app).run(.data(CamtFile(day: day, entries: [.init(payments: [payment], entryReference: "E1")]).data),
                                                                    fileName: "paid.xml")
            #expect(paid.settled == 1)
            #expect(try await RenewalScenario.reload(app, hosting).status == .active, "paid: it runs again")

            var returned = payment
            returned.returnReason = "AC04"
            let back = try await BankImportTests.importer(app).run(.data(CamtFile(day: day, entries: [
                .init(payments: [returned], reversal: true, entryReference: "R1", direction: "DBIT"),
            ]).data), fileName: "returned.xml")
            #expect(back.reversals == 1)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 10_000)
            let stopped = try await RenewalScenario.reload(app, hosting)
            #expect(stopped.status == .suspended && stopped.suspensionReason == .unpaid && stopped.suspendedByInvoiceID == invoice.id,
                    "the money went back: the service stops again, held by the invoice")
        }
    }

    @Test("two invoices reaching the step in the same run are both recorded: a bank payment of one keeps it, a credit note for the other lifts it")
    func sameRun() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 400, item: nil)
            let first = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            let second = try await InvoiceTests.issue(app, to: org, francs: 50, now: clock.now)
            #expect(try await Self.walk(app, clock, to: 45, after: first).suspended == 2)
            #expect(try await PaymentReminder.query(on: app.db).filter(\.$stepValue == DunningLadder.Step.suspension.rawValue).count() == 2)

            try await ReminderTests.importStatement(app, clock, [.init(reference: first.reference, amount: "100.00", bankReference: "PAID-1")])
            #expect(try await Invoice.find(first.id, on: app.db)?.openMinor == 0)
            #expect(try await RenewalScenario.reload(app, hosting).status == .suspended, "the second invoice is still open at the step")

            _ = try await app.invoiceIssuer.issueCreditNote(
                for: second.id!, lines: [.init(description: "Goodwill", quantity: 1, unitPrice: Money(minorUnits: 5_000, currency: .chf), vatRate: .zero)],
                staffID: nil, note: nil, now: clock.now)
            #expect(try await RenewalScenario.reload(app, hosting).status == .active, "crediting the last one lifts it")
        }
    }

    @Test("payments and the suspension step at the same moment over two servers: never running with an invoice at the step open, never suspended with none")
    func paymentDuringStep() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let app = apps[0]
            // Each organization: invoice A past the step (products suspended), invoice B reaching it on the run's day.
            var cases: [(hosting: Product, a: Invoice, b: Invoice, paysBoth: Bool)] = []
            for index in 0..<8 {
                let org = try await BankImportTests.customer(app, "Org\(index)").requireID()
                let hosting = try await RenewalScenario.product(app, clock, in: org, name: "org\(index).example", expiresIn: 400, item: nil)
                let a = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now.addingTimeInterval(-86_400))
                let b = try await InvoiceTests.issue(app, to: org, francs: 50, now: clock.now)
                cases.append((hosting, a, b, index % 2 == 1))
            }
            // B is a day younger: the run that suspends over A sends B's final notice, so B's step comes a week later.
            #expect(try await Self.walk(app, clock, to: 45, after: cases[0].a).suspended == 8)
            // Enough to pay A, or both: a balance that covers B before the run would rightly hold B's step back.
            for item in cases { try await InvoiceTests.credit(app, item.a.$organization.id, francs: item.paysBoth ? 150 : 100) }
            try await Self.go(app, clock, to: 44 + app.kontor.config.billing.ladder.suspensionNoticeDays, after: cases[0].b)

            let now = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { _ = try await apps[1].reminderRun().run() }
                for item in cases {
                    group.addTask {
                        let org = item.a.$organization.id
                        _ = try await InvoiceSettling.payFromBalance(invoiceID: item.a.id!, organizationID: org, userID: nil, now: now, on: apps[0].db)
                        if item.paysBoth {
                            _ = try await InvoiceSettling.payFromBalance(invoiceID: item.b.id!, organizationID: org, userID: nil, now: now, on: apps[0].db)
                        }
                    }
                }
                try await group.waitForAll()
            }
            for item in cases {
                let product = try await RenewalScenario.reload(app, item.hosting)
                if item.paysBoth {
                    #expect(product.status == .active, "both invoices paid: nothing holds the suspension")
                } else {
                    #expect(product.status == .suspended && product.suspendedByInvoiceID == item.b.id, "B is open at the step")
                    #expect(try await PaymentReminder.query(on: app.db).filter(\.$invoice.$id == item.b.id!)
                        .filter(\.$stepValue == DunningLadder.Step.suspension.rawValue).count() == 1)
                }
            }
        }
    }

    @Test("an unpaid order is reminded without a fee, warned that the order ends, and cancelled at the last step; the organization's running products keep running")
    func unpaidOrder() async throws {
        try await withTestApp(configure: { $0.billing.reminderFees[.chf] = Money(minorUnits: 2_000, currency: .chf) }) { app, clock in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 400, item: nil)
            try await Scenario.order(browser, org, item: try await Scenario.catalogItem(app, .domain, name: "Domain .ch", prices: [(12, "15.00", "CHF")]),
                                     name: "ana-shop.ch")
            let (_, ordered, invoice) = try await Scenario.onlyOrder(app, org)

            for days in [10, 24, 38] {
                try await Self.go(app, clock, to: days, after: invoice)
                let report = try await app.reminderRun().run()
                #expect(report.sent.values.reduce(0, +) == 1, "day \(days)")
            }
            #expect(try await Invoice.query(on: app.db).filter(\.$organization.$id == org).count() == 1, "no reminder fee for an order never delivered")
            let final = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "Final notice").first())
            let finalText = try await TemplatedMail.rendered(final, on: app.db).text
            #expect(final.subject.contains("order is cancelled") && finalText.contains("the order will be cancelled"))
            #expect(!finalText.contains("services will be suspended"))

            try await Self.go(app, clock, to: 45, after: invoice)
            let report = try await app.reminderRun().run()
            #expect(report.ordersCancelled == 1 && report.suspended == 0)
            #expect(try await RenewalScenario.reload(app, hosting).status == .active, "the paid-up hosting keeps running")
            let (order, product, credited) = try await Scenario.onlyOrder(app, org)
            #expect(order.status == .cancelled && product.status == .deleted && credited.openMinor == 0 && ordered.isPending)
            #expect(try await Invoice.query(on: app.db).filter(\.$creditsInvoiceID == invoice.id!).count() == 1)
            #expect(try await PaymentReminder.query(on: app.db).filter(\.$invoice.$id == invoice.id!)
                .filter(\.$stepValue == DunningLadder.Step.suspension.rawValue).count() == 0)
            let cancelledMail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "Order cancelled").first())
            #expect(try await TemplatedMail.rendered(cancelledMail, on: app.db).text.contains("your other services are not affected"))
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "order_cancelled").count() == 1)

            clock.advance(by: 86_400)
            try await ReminderTests.importStatement(app, clock)
            let again = try await app.reminderRun().run()
            #expect(again.ordersCancelled == 0 && again.sent.isEmpty, "nothing more for a cancelled order")
        }
    }
}

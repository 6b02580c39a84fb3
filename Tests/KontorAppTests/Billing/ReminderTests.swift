import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import KontorMail
import Testing
import Vapor
import VaporTesting

@Suite("Payment reminders, day by day: the ladder, never across a payment, never twice, never while statements are stale")
struct ReminderTests {
    /// Imports today's statement (the test clock's day): the given payments, or only a pending entry.
    static func importStatement(_ app: Application, _ clock: TestClock, _ payments: [CamtFile.Payment] = []) async throws {
        _ = try await importFile(app, clock, statement(app, clock, payments))
    }

    /// A statement of the test clock's day.
    static func statement(_ app: Application, _ clock: TestClock, _ payments: [CamtFile.Payment] = []) -> CamtFile {
        let entries = payments.isEmpty
            ? [CamtFile.Entry(payments: [.init(amount: "1.00", bankReference: "PENDING-\(UUID())")], status: "PDNG", entryReference: "P-\(UUID())")]
            : payments.map { CamtFile.Entry(payments: [$0], entryReference: "E-\($0.bankReference ?? "")") }
        return CamtFile(day: day(app, clock), entries: entries)
    }

    /// Imports the file now (the test clock's time).
    static func importFile(_ app: Application, _ clock: TestClock, _ file: CamtFile) async throws -> BankStatementImporter.Summary {
        try await BankStatementImporter(db: app.db, config: app.kontor.config.billing, allowTestFiles: false, staffID: nil, now: clock.now)
            .run(.data(file.data), fileName: "day.xml")
    }

    static func day(_ app: Application, _ clock: TestClock) -> String { app.kontor.config.billing.day(of: clock.now) }

    @Test("an invoice paid between the run's read and its reminders (an import committing meanwhile) gets no reminder and no fee")
    func paidWhileTheRunRead() async throws {
        try await withTestApp(configure: { $0.billing.reminderFees[.chf] = Money(minorUnits: 2_000, currency: .chf) }) { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let paid = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            let open = try await InvoiceTests.issue(app, to: org, francs: 50, now: clock.now)
            clock.advance(by: 54 * 86_400)                     // due + 24: the second step, with its fee
            try await Self.importStatement(app, clock)
            var run = app.reminderRun(day: Self.day(app, clock))
            let paidID = try paid.requireID()
            run.afterReading = { ids in
                guard ids.contains(paidID) else { return }
                try await InvoiceTests.credit(app, org, francs: 100)
                _ = try await InvoiceSettling.payFromBalance(invoiceID: paidID, organizationID: org, userID: nil, now: Date(), on: app.db)
            }
            let report = try await run.run()
            #expect(report.sent.values.reduce(0, +) == 1, "\(report.sent)")
            let reminded = try await PaymentReminder.query(on: app.db).all().map(\.$invoice.id)
            #expect(reminded == [open.id!], "only the invoice still open is reminded")
            #expect(try await Invoice.query(on: app.db).filter(\.$feeForInvoiceID == paidID).count() == 0, "no fee for a paid invoice")
        }
    }

    /// Runs `body` the first time only (a hook the run calls once per chunk and pass).
    actor Once {
        private var done = false
        func run(_ body: @Sendable () async throws -> Void) async throws {
            guard !done else { return }
            done = true
            try await body()
        }
    }

    @Test("a statement imported between the run's read and its reminders makes it decide again: money that arrived meanwhile stops the reminders it would cross")
    func statementImportedWhileTheRunRead() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let bob = try await BankImportTests.customer(app, "Bob").requireID()
            let larger = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            let smaller = try await InvoiceTests.issue(app, to: org, francs: 50, now: clock.now)
            let bobs = try await InvoiceTests.issue(app, to: bob, francs: 80, now: clock.now)
            clock.advance(by: 40 * 86_400)                     // due + 10: the first step
            try await Self.importStatement(app, clock)
            var run = app.reminderRun(day: Self.day(app, clock))
            let once = Once()
            run.afterReading = { _ in
                try await once.run {
                    // Bob pays too much for his invoice (credited to his prepaid account), and 50.00 arrives with no
                    // reference: Ana's smaller invoice's exact amount.
                    try await Self.importStatement(app, clock, [.init(reference: bobs.reference, amount: "80.50", bankReference: "BOB-1"),
                                                               .init(amount: "50.00", bankReference: "UNKNOWN-1")])
                }
            }
            let report = try await run.run()
            let reminded = try await PaymentReminder.query(on: app.db).all().map(\.$invoice.id)
            #expect(reminded == [larger.id!], "\(report)")
            #expect(report.sent[.reminder1] == 1 && report.skippedForRecentMoney == 2 && report.considered == 3)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "reminder").count() == 1)
            _ = smaller
        }
    }

    @Test("a credit note committed between the run's read and its reminders makes it decide again: the balance it made covers the invoice — no reminder, no fee")
    func creditNoteWhileTheRunRead() async throws {
        try await withTestApp(configure: { $0.billing.reminderFees[.chf] = Money(minorUnits: 2_000, currency: .chf) }) { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let paid = try await InvoiceTests.issue(app, to: org, francs: 200, now: clock.now)
            _ = try await BankImportTests.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: paid.reference, amount: "200.00", bankReference: "PAID-1")], entryReference: "E-PAID-1"),
            ]).data), fileName: "paid.xml")
            let overdue = try await InvoiceTests.issue(app, to: org, francs: 50, now: clock.now)
            clock.advance(by: 40 * 86_400)                     // due + 10: reminder 1
            try await Self.importStatement(app, clock)
            #expect(try await app.reminderRun(day: Self.day(app, clock)).run().sent == [.reminder1: 1])
            clock.advance(by: 14 * 86_400)                     // due + 24: reminder 2, with its fee
            try await Self.importStatement(app, clock)
            var run = app.reminderRun(day: Self.day(app, clock))
            let once = Once()
            run.afterReading = { _ in
                try await once.run {
                    // Staff credit the paid invoice in full: its 200.00 go to the prepaid balance, which covers the 50.00.
                    let line = InvoiceIssuer.Line(description: "Goodwill", quantity: 1, unitPrice: Money(minorUnits: 20_000, currency: .chf), vatRate: .zero)
                    _ = try await app.invoiceIssuer.issueCreditNote(for: paid.requireID(), lines: [line], staffID: nil, note: nil, now: Date())
                }
            }
            let report = try await run.run()
            #expect(report.sent.isEmpty, "\(report.sent)")
            #expect(try await PaymentReminder.query(on: app.db).count() == 1, "no second reminder for an invoice the balance covers")
            #expect(try await Invoice.query(on: app.db).filter(\.$feeForInvoiceID == overdue.id!).count() == 0, "and no fee")
            #expect(report.coveredByBalance == 1 && report.balanceNotices == 1, "the customer is told the balance covers it instead")
        }
    }

    @Test("an invoice the bank pays between the run's read and its balance notices is not said to be covered by the balance")
    func paidBeforeTheBalanceNotice() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let overdue = try await InvoiceTests.issue(app, to: org, francs: 50, now: clock.now)
            try await InvoiceTests.credit(app, org, francs: 100)
            clock.advance(by: 40 * 86_400)                     // due + 10
            try await Self.importStatement(app, clock)
            var run = app.reminderRun(day: Self.day(app, clock))
            let once = Once()
            run.afterReading = { _ in
                try await once.run {
                    try await Self.importStatement(app, clock, [.init(reference: overdue.reference, amount: "50.00", bankReference: "BANK-PAID-1")])
                }
            }
            let report = try await run.run()
            #expect(try await Invoice.find(overdue.id, on: app.db)?.openMinor == 0, "the bank paid it")
            #expect(report.balanceNotices == 0 && report.sent.isEmpty, "\(report)")
            #expect(try await Invoice.find(overdue.id, on: app.db)?.balanceNoticeOn == nil)
            let covers = String(app.kontor.localizer.text("mail.reminder.balance_covers.subject", .en).prefix(25))
            #expect(try await OutboxMessage.query(on: app.db).all().filter { $0.subject.hasPrefix(covers) }.isEmpty,
                    "no 'pay it from your balance' mail for a paid invoice")
        }
    }

    @Test("an account's currency is reminded only while its own statements are recent: a CHF statement says nothing about EUR payments")
    func freshnessPerCurrency() async throws {
        try await withTestApp { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let francs = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            let euros = try await InvoiceTests.issue(app, to: org, francs: 80, currency: .eur, now: clock.now)
            clock.advance(by: 40 * 86_400)                     // due + 10: reminder 1 for both
            try await Self.importStatement(app, clock)         // the CHF account's statement only
            let held = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(held.sent == [.reminder1: 1] && held.heldForStaleStatements == 1 && held.staleCurrencies == ["EUR"], "\(held)")
            #expect(try await PaymentReminder.query(on: app.db).all().map(\.$invoice.id) == [francs.id!], "the EUR invoice waits for a EUR statement")
            let staff = try await Scenario.staff(app, role: .billing)
            let page = try await staff.get(SiteRoute.staffBilling.path).body.string
            #expect(page.contains(HTMLEscaping.escape(app.kontor.localizer.text("staff.billing.never_imported_currency", .en, ["currency": "EUR"]))),
                    "staff are told why")

            var eurStatement = Self.statement(app, clock)
            eurStatement.account = "CH5800791123000889012"
            eurStatement.accountCurrency = "EUR"
            eurStatement.entries = [CamtFile.Entry(payments: [.init(amount: "1.00", currency: "EUR", bankReference: "EUR-PENDING")], status: "PDNG",
                                                   entryReference: "EUR-P-1")]
            _ = try await Self.importFile(app, clock, eurStatement)
            let later = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(later.sent == [.reminder1: 1] && later.staleCurrencies.isEmpty, "\(later)")
            let eurReminder = try #require(try await PaymentReminder.query(on: app.db).filter(\.$invoice.$id == euros.id!).first())
            #expect(eurReminder.paymentsUntil == Self.day(app, clock))
        }
    }

    @Test("a statement without entries counts for its own account's currency only; someone else's empty statement is refused")
    func statementWithoutEntries() async throws {
        // A provider that configured its accounts (the development sample takes a statement of any account).
        try await withTestApp(configure: { $0.billing.accountsAreConfigured = true }) { app, clock in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            _ = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            _ = try await InvoiceTests.issue(app, to: org, francs: 80, currency: .eur, now: clock.now)
            clock.advance(by: 40 * 86_400)                     // due + 10: reminder 1 for both
            var quietDay = Self.statement(app, clock)          // the CHF account's statement of a day without bookings
            quietDay.kind = "053"
            quietDay.entries = []
            #expect(try await Self.importFile(app, clock, quietDay).transactions == 0)
            #expect(try await BankStatementImport.query(on: app.db).all().map(\.currency) == ["CHF"])
            let run = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(run.sent == [.reminder1: 1] && run.staleCurrencies == ["EUR"], "a quiet CHF day says nothing about EUR payments: \(run)")

            var someoneElses = quietDay
            someoneElses.messageID = "MSG-OTHER"
            someoneElses.account = "CH9300762011623852957"
            await #expect(throws: BankStatementImporter.Refusal.notOwnAccount("CH9300762011623852957")) {
                _ = try await Self.importFile(app, clock, someoneElses)
            }
            #expect(try await BankStatementImport.query(on: app.db).count() == 1, "it would have passed for today's statement")
        }
    }

    @Test("reminder 1 at +10 and reminder 2 at +24; a payment that arrived stops the ladder; the same day twice sends nothing; stale statements pause it")
    func ladder() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana")
            let org = try ana.requireID()
            try await InvoiceTests.ensureAddress(app, org)
            let issuer = app.invoiceIssuer
            func issue(_ francs: Int64) async throws -> Invoice {
                try await issuer.issue(.init(organizationID: org, currency: .chf, lines: [
                    .init(description: "Hosting", quantity: 1, unitPrice: Money(minorUnits: francs * 100, currency: .chf), vatRate: .zero)], language: .en),
                                       now: clock.now)
            }
            let a = try await issue(100)
            let b = try await issue(50)
            let dayOf = { (days: Double) in clock.advance(by: days * 86_400) }

            dayOf(39)                                          // due + 9: the day before the first step
            try await Self.importStatement(app, clock)
            #expect(try await app.reminderRun(day: Self.day(app, clock)).run().sent.isEmpty)
            dayOf(1)                                           // due + 10
            let first = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(first.sent[.reminder1] == 2 && !first.pausedForStaleStatements)
            #expect(try await app.reminderRun(day: Self.day(app, clock)).run().sent.isEmpty, "a second run on the same day sends nothing")
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "reminder").all()
            #expect(mails.count == 2)
            var sent: [(message: OutboxMessage, text: String, html: String?)] = []
            for mail in mails {
                let body = try await TemplatedMail.rendered(mail, on: app.db)
                sent.append((mail, body.text, body.html))
            }
            let (mail, text, html) = try #require(sent.first { $0.text.contains(a.number) })
            #expect(text.contains(String(a.customerNumber)) && text.contains("CHF 100.00") && text.contains("Payments received up to"))
            #expect(mail.attachment == MailAttachmentReference.invoicePDF(a.id!).text, "the invoice with its QR-bill goes with it")
            #expect(!text.contains("http://") && !text.contains("https://") && !(html ?? "").contains("href"))
            // The row keeps the template and the values; what is sent is the e-mail composed from the catalog with
            // those values, to the byte (subject, text and HTML).
            let values = try JSONDecoder().decode([String].self, from: Data(try #require(mail.templateValues).utf8))
            let arguments = Dictionary(uniqueKeysWithValues: zip(ReminderMailTemplates.names, values))
            let composed = app.reminderRun().mail.compose(language: .en, step: .reminder1, hasFee: false, arguments: arguments)
            #expect(mail.subject == composed.subject && text == composed.text && html == composed.html)
            // Sent by a delivery that knows nothing of the run (another server, or this one after a restart): the
            // relay is handed exactly that e-mail, with the invoice's PDF.
            let relay = CapturingRelay()
            var delivery = MailDelivery(database: app.db, transport: relay, from: "Kontor <billing@kontor.test>", now: { clock.now }, logger: app.logger)
            delivery.attachments = { _ in [.init(filename: "invoice.pdf", contentType: "application/pdf", data: Array("%PDF".utf8))] }
            try await delivery.deliverDue(limit: 100)
            let received = try #require(await relay.messages.first { $0.subject == mail.subject && $0.to == mail.recipient })
            #expect(received.textBody == composed.text && received.htmlBody == composed.html && received.attachments.count == 1)

            dayOf(1)
            try await Self.importStatement(app, clock, [.init(reference: b.reference, amount: "50.00", bankReference: "B1")])
            dayOf(13)                                          // due + 24
            try await Self.importStatement(app, clock)
            let second = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(second.sent[.reminder2] == 1, "B was paid: only A gets the second reminder")
            #expect(try await PaymentReminder.query(on: app.db).filter(\.$invoice.$id == b.id!).count() == 1)

            dayOf(14)                                          // due + 38, last import 14 days ago
            let paused = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(paused.pausedForStaleStatements && paused.sent.isEmpty)
            let staff = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            #expect(try await staff.get(SiteRoute.staffBilling.path).body.string.contains("id=\"reminders-paused\""))
        }
    }

    @Test("money the customer sent with the last import holds the reminder back; a balance that covers the invoice pays it where the customer chose that")
    func neverAcrossAPayment() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana")
            let org = try ana.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, language: .es, now: clock.now)
            clock.advance(by: 40 * 86_400)
            // The customer paid 90 instead of 100 with the invoice's reference: it went to the prepaid account.
            try await Self.importStatement(app, clock, [.init(reference: invoice.reference, amount: "90.00", bankReference: "W1")])
            let held = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(held.sent.isEmpty && held.skippedForRecentMoney == 1)

            clock.advance(by: 86_400)
            try await Self.importStatement(app, clock, [.init(reference: try BankImportTests.topUp(app, ana), amount: "10.00", bankReference: "W2")])
            clock.advance(by: 86_400)
            try await Self.importStatement(app, clock)
            try await BillingSettings.setPayFromBalance(true, organizationID: org, on: app.db)
            let run = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(run.paidFromBalance == 1 && run.sent.isEmpty)
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
        }
    }

    @Test("an old statement imported again, or a late one imported for the first time, does not make statements look recent")
    func oldStatementsDoNotCountAsRecent() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana")
            let org = try ana.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, language: .en, now: clock.now)
            clock.advance(by: 40 * 86_400)                     // due + 10
            let statementDay = Self.day(app, clock)
            let daily = Self.statement(app, clock)
            _ = try await Self.importFile(app, clock, daily)
            #expect(try await app.reminderRun(day: statementDay).run().sent[.reminder1] == 1)

            clock.advance(by: 14 * 86_400)                     // due + 24: the second step, but statements are 14 days old
            let again = try await Self.importFile(app, clock, daily)
            #expect(again.settled + again.prepaid + again.unidentified == 0, "the same file again changes nothing")
            // A file the bank made that day, uploaded only now for the first time, with a payment booked that day.
            var late = CamtFile(day: statementDay, entries: [.init(payments: [.init(reference: "RF18539007547034", amount: "5.00", bankReference: "LATE-1")],
                                                                   entryReference: "LATE")])
            late.messageID = "LATE-FILE"
            let lateSummary = try await Self.importFile(app, clock, late)
            #expect(lateSummary.transactions == 1 && lateSummary.duplicates == 0, "its payment is new and recorded")
            let paused = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(paused.pausedForStaleStatements && paused.sent.isEmpty && paused.paymentsCountedUntil == statementDay,
                    "both files report payments up to \(statementDay) only: the day they were uploaded does not count")
            let staff = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            #expect(try await staff.get(SiteRoute.staffBilling.path).body.string.contains("id=\"reminders-paused\""))

            // Today's statement reaches today: the ladder goes on and says so.
            try await Self.importStatement(app, clock)
            let resumed = try await app.reminderRun(day: Self.day(app, clock)).run()
            #expect(resumed.sent[.reminder2] == 1 && resumed.paymentsCountedUntil == Self.day(app, clock))
            let second = try #require(try await PaymentReminder.query(on: app.db).filter(\.$invoice.$id == invoice.id!).filter(\.$stepValue == DunningLadder.Step.reminder2.rawValue).first())
            #expect(second.paymentsUntil == Self.day(app, clock))
        }
    }

    @Test("the customer sees every reminder on the invoice and in the API, and only their own")
    func visibleToTheCustomer() async throws {
        try await withTestApp { app, clock in
            let (_, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            clock.advance(by: 45 * 86_400)
            try await Self.importStatement(app, clock)
            #expect(try await app.reminderRun(day: Self.day(app, clock)).run().sent[.reminder1] == 1)
            let ana = try await Scenario.signedIn(app, email: "ana@example.test") // 45 days later: a new session
            let page = try await ana.get(SiteRoute.invoice(org, invoice: invoice.id!).path).body.string
            #expect(page.contains("id=\"reminders\"") && page.contains("first reminder"))
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let api = try await Scenario.api(app, .GET, .organizationReminders(org), token: token)
            #expect(api.body.string.contains("\"step\":\"reminder_1\"") && api.body.string.contains(invoice.number))
        }
    }
}

/// A relay that keeps every message it is handed, whole.
actor CapturingRelay: MailTransport {
    private(set) var messages: [MailMessage] = []

    func deliver(_ message: MailMessage, messageID: String) async throws { messages.append(message) }
}

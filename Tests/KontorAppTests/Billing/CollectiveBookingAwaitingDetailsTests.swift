import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Swiss banks book QR-bill payments as one collective credit in the account statement (camt.053) and list them in the
/// detail file (camt.054), often later. The seed's payment-reminder guide: a customer who paid still got a reminder.
/// Between the two files the money has arrived but is nobody's yet: it is recorded as one line waiting for its details,
/// never credited, and no reminder of its currency goes out until the detail file says whose it is.
@Suite("A camt.053 collective booking without its payments waits for the camt.054: recorded, never credited, and no reminder crosses it")
struct CollectiveBookingAwaitingDetailsTests {
    @Test("the customer paid inside a collective booking: the statement alone holds the reminder; the detail file settles the invoice and releases the rest")
    func reminderWaitsForTheDetails() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let ben = try await BankImportTests.customer(app, "Ben").requireID()
            let paid = try await InvoiceTests.issue(app, to: ana, francs: 206, now: clock.now)
            let other = try await InvoiceTests.issue(app, to: ana, francs: 14, now: clock.now)
            let unpaid = try await InvoiceTests.issue(app, to: ben, francs: 50, now: clock.now)
            clock.advance(by: 40 * 86_400)   // due + 10: reminder 1 for all three
            let day = ReminderTests.day(app, clock)
            let payments: [CamtFile.Payment] = [.init(reference: paid.reference, amount: "206.00", bankReference: "Q1"),
                                                .init(reference: other.reference, amount: "14.00", bankReference: "Q2")]
            let statement = CamtFile(kind: "053", day: day, entries: [.init(payments: payments, entryReference: "C-QR", withoutDetails: true)])
            let stated = try await ReminderTests.importFile(app, clock, statement)
            #expect(stated.flagged == 1 && stated.settled == 0 && stated.prepaid == 0 && stated.ignored == 0, "\(stated)")
            let line = try #require(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.awaitingDetailsFlag).first())
            #expect(line.amountMinor == 22_000 && line.organizationID == nil && !line.canBeCredited && line.canBeClosed)

            // Staff see it for what it is; it is neither credited to one customer nor paid back as one.
            let staff = try await Scenario.staff(app, role: .billing)
            let page = try await staff.get(SiteRoute.staffBilling.path).body.string
            #expect(page.contains(app.kontor.localizer.text("staff.billing.flag.batch_awaiting_details", .en)))
            let lineID = try line.requireID()
            #expect(!page.contains(SiteRoute.staffBillingRefund(lineID).path) && page.contains(SiteRoute.staffBillingClose(lineID).path))
            let number = String(try #require(try await Organization.find(ana, on: app.db)?.customerNumber))
            #expect(try await staff.post(SiteRoute.staffBillingAssign(lineID).path, form: ["customer_number": number]).status == .conflict)
            #expect(try await staff.post(SiteRoute.staffBillingRefund(lineID).path).status == .conflict)
            #expect(try await BankPayment.find(line.id, on: app.db)?.assignment == nil)

            let held = try await app.reminderRun(day: day).run()
            #expect(held.sent.isEmpty && held.heldForBookingsAwaitingDetails == 3 && held.awaitingDetailsCurrencies == ["CHF"], "\(held)")
            #expect(try await PaymentReminder.query(on: app.db).count() == 0)

            let notification = CamtFile(kind: "054", day: day, entries: [.init(payments: payments, entryReference: "C-QR")])
            let detailed = try await ReminderTests.importFile(app, clock, notification)
            #expect(detailed.settled == 2 && detailed.flagged == 0 && detailed.duplicates == 0, "\(detailed)")
            #expect(try await BankPayment.find(line.id, on: app.db)?.assignment == BankPayment.listedInDetailAssignment)

            let run = try await app.reminderRun(day: day).run()
            #expect(run.sent == [.reminder1: 1] && run.heldForBookingsAwaitingDetails == 0, "only Ben, who did not pay: \(run)")
            let reminded = try await PaymentReminder.query(on: app.db).all().map(\.$invoice.id)
            #expect(reminded == [unpaid.id])
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "nothing credited beside the payments")
        }
    }
}

/// A bank that sends only account statements may send the day's statement again with the collective booking's payments
/// listed (a corrected or detailed re-issue), before or after the one that summed them. The payments are the details the
/// summed line waited for: it is decided by them, and no reminder stays held for a booking whose payers are known.
@Suite("A camt.053 that lists a collective booking's payments decides the line another camt.053 recorded without them")
struct CollectiveBookingDetailedBySameKindTests {
    /// Ana's 206.00 and Ben's 50.00, ten days overdue (reminder 1 due for both), and a booking of Ana's payment with a
    /// stranger's 14.00.
    static func overdueInvoices(_ app: Application, _ clock: TestClock) async throws -> (paid: Invoice, unpaid: Invoice, day: String, payments: [CamtFile.Payment]) {
        let ana = try await BankImportTests.customer(app, "Ana").requireID()
        let ben = try await BankImportTests.customer(app, "Ben").requireID()
        let paid = try await InvoiceTests.issue(app, to: ana, francs: 206, now: clock.now)
        let unpaid = try await InvoiceTests.issue(app, to: ben, francs: 50, now: clock.now)
        clock.advance(by: 40 * 86_400)
        let payments: [CamtFile.Payment] = [.init(reference: paid.reference, amount: "206.00", bankReference: "Q1"),
                                            .init(amount: "14.00", bankReference: "Q2", debtorIBAN: "CH5604835012345678009")]
        return (paid, unpaid, ReminderTests.day(app, clock), payments)
    }

    @Test("summed first, detailed later: the payments settle the invoice once, the waiting line is decided, reminders go out again")
    func detailedStatementAfterSummedOne() async throws {
        try await withTestApp { app, clock in
            let (paid, unpaid, day, payments) = try await Self.overdueInvoices(app, clock)
            let summed = CamtFile(kind: "053", day: day, entries: [.init(payments: payments, entryReference: "C-QR", withoutDetails: true)])
            let first = try await ReminderTests.importFile(app, clock, summed)
            #expect(first.flagged == 1 && first.settled == 0, "\(first)")
            let line = try #require(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.awaitingDetailsFlag).first())

            let detailed = CamtFile(kind: "053", day: day, entries: [.init(payments: payments, entryReference: "C-QR")])
            let second = try await ReminderTests.importFile(app, clock, detailed)
            #expect(second.settled == 1 && second.duplicates == 0, "\(second)")
            #expect(try await BankPayment.find(line.id, on: app.db)?.assignment == BankPayment.listedInDetailAssignment)
            #expect(try await Invoice.find(paid.id, on: app.db)?.openMinor == 0)

            let run = try await app.reminderRun(day: day).run()
            #expect(run.heldForBookingsAwaitingDetails == 0 && run.sent == [.reminder1: 1], "only Ben: \(run)")
            #expect(try await PaymentReminder.query(on: app.db).all().map(\.$invoice.id) == [unpaid.id])
        }
    }

    @Test("detailed first, summed later: the summed line is no new money and holds no reminder")
    func summedStatementAfterDetailedOne() async throws {
        try await withTestApp { app, clock in
            let (paid, unpaid, day, payments) = try await Self.overdueInvoices(app, clock)
            let detailed = CamtFile(kind: "053", day: day, entries: [.init(payments: payments, entryReference: "C-QR")])
            let first = try await ReminderTests.importFile(app, clock, detailed)
            #expect(first.settled == 1, "\(first)")
            let before = try await BankPayment.query(on: app.db).count()

            let summed = CamtFile(kind: "053", day: day, entries: [.init(payments: payments, entryReference: "C-QR", withoutDetails: true)])
            let second = try await ReminderTests.importFile(app, clock, summed)
            #expect(second.flagged == 0 && second.settled == 0 && second.unidentified == 0, "\(second)")
            #expect(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.awaitingDetailsFlag).count() == 0)
            #expect(try await BankPayment.query(on: app.db).count() == before)

            let run = try await app.reminderRun(day: day).run()
            #expect(run.heldForBookingsAwaitingDetails == 0 && run.sent == [.reminder1: 1], "only Ben: \(run)")
            #expect(try await PaymentReminder.query(on: app.db).all().map(\.$invoice.id) == [unpaid.id])
        }
    }
}

extension CollectiveBookingDetailedBySameKindTests {
    @Test("a booking reference the bank gives again a year later is another booking: neither file decides the other's line")
    func referenceGivenAgainLater() async throws {
        try await withTestApp { app, clock in
            let (_, _, day, payments) = try await Self.overdueInvoices(app, clock)
            let lastYear = CamtFile(kind: "053", day: "2025-11-28", entries: [.init(payments: payments, entryReference: "C-QR")])
            _ = try await ReminderTests.importFile(app, clock, lastYear)
            let summed = CamtFile(kind: "053", day: day, entries: [.init(payments: payments, entryReference: "C-QR", withoutDetails: true)])
            let now = try await ReminderTests.importFile(app, clock, summed)
            #expect(now.flagged == 1, "recorded, waiting for its details: \(now)")
            let line = try #require(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.awaitingDetailsFlag).first())
            #expect(line.assignment == nil)
        }
    }
}

@Suite("Staff closing a collective booking on one server while its camt.054 imports on another: one of them decides it")
struct CollectiveBookingClosedWhileDetailsImportTests {
    @Test("the line is closed or listed in detail, never both: if staff won, the payments wait for staff; if the import won, they settle and staff are told",
          arguments: [false, true])
    func closeAgainstDetails(staffDuringTheImport: Bool) async throws {
        try await withTestApps(count: 2) { apps, clock in
            let ana = try await BankImportTests.customer(apps[0], "Ana").requireID()
            let paid = try await InvoiceTests.issue(apps[0], to: ana, francs: 206, now: clock.now)
            let payments: [CamtFile.Payment] = [.init(reference: paid.reference, amount: "206.00", bankReference: "Q1"),
                                                .init(amount: "14.00", bankReference: "Q2", debtorIBAN: "CH5604835012345678009")]
            _ = try await BankImportTests.importer(apps[0]).run(
                .data(CamtFile(kind: "053", entries: [.init(payments: payments, entryReference: "C-QR", withoutDetails: true)]).data), fileName: "053.xml")
            let line = try #require(try await BankPayment.query(on: apps[1].db).filter(\.$flag == BankPayment.awaitingDetailsFlag).first())
            let lineID = try line.requireID()
            let filler: [CamtFile.Entry] = (1...20).map {
                .init(payments: [.init(amount: "1.\(String(format: "%02d", $0))", bankReference: "F-\($0)")], entryReference: "F-\($0)")
            }
            let notification = CamtFile(kind: "054", entries: [.init(payments: payments, entryReference: "C-QR")] + filler).data
            @Sendable func close() async throws -> Bool {
                do {
                    try await UnidentifiedPayments(db: apps[1].db).close(lineID, staffID: UUID(), now: Date())
                    return true
                } catch let error as AppError {
                    #expect(error.messageKey == "error.billing.payment_decided", "staff are told the line was decided: \(error)")
                    return false
                }
            }
            var importer = BankImportTests.importer(apps[0])
            importer.transactionsPerBatch = 1
            let closed: Bool
            if staffDuringTheImport {
                let staff = StaffAttempt()
                importer.afterMatching = { await staff.startOnce { try await close() } }
                _ = try await importer.run(.data(notification), fileName: "054.xml")
                closed = try await staff.result()
                #expect(!closed, "the import holds the line: staff cannot close it as well")
            } else {
                async let imported = importer.run(.data(notification), fileName: "054.xml")
                async let staffClosed = close()
                (_, closed) = try await (imported, staffClosed)
            }
            let assignment = try await BankPayment.find(lineID, on: apps[0].db)?.assignment
            let settled = try await InvoiceSettlement.query(on: apps[0].db).count()
            if closed {
                #expect(assignment == BankPayment.closedAssignment)
                #expect(settled == 0, "staff decided the line: its payments wait for staff, none booked on top")
                #expect(try await BankPayment.query(on: apps[0].db).filter(\.$flag == "maybe_in_other_file").count() == 2)
            } else {
                #expect(assignment == BankPayment.listedInDetailAssignment)
                let open = try await Invoice.find(paid.id, on: apps[0].db)?.openMinor
                #expect(settled == 1 && open == 0)
            }
            #expect(try await PrepaidEntry.query(on: apps[0].db).filter(\.$amountMinor == 20_600).count() == 0)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import VaporTesting

/// Payments.md: "A reminder must not cross a payment: … skip invoices with a payment pending". A bank announces a
/// credit before booking it (`Sts` PDNG): no money yet, so nothing is credited, but the invoice it pays is not reminded
/// while the bank books it (bank probe round 8: the reminder went out the day the payment was announced).
@Suite("A payment the bank announces as pending holds the reminder of the invoice it pays, for a few days, crediting nothing")
struct PendingPaymentReminderTests {
    @Test("by reference or, naming none, by exact amount: held; another customer's invoice is reminded; the same file again records it once")
    func pendingHoldsTheReminder() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let ben = try await BankImportTests.customer(app, "Ben").requireID()
            let cleo = try await BankImportTests.customer(app, "Cleo").requireID()
            let anas = try await InvoiceTests.issue(app, to: ana, francs: 206, now: clock.now)
            _ = try await InvoiceTests.issue(app, to: ben, francs: 31, now: clock.now)   // held by the 31.00 naming no reference
            let cleos = try await InvoiceTests.issue(app, to: cleo, francs: 50, now: clock.now)
            clock.advance(by: 40 * 86_400)   // due + 10: reminder 1 for all three
            let day = ReminderTests.day(app, clock)
            var announced = CamtFile.Entry(payments: [.init(reference: anas.reference, amount: "206.00", bankReference: "P1")], entryReference: "E-P1")
            announced.status = "PDNG"
            var nameless = CamtFile.Entry(payments: [.init(amount: "31.00", bankReference: "P2")], entryReference: "E-P2")
            nameless.status = "PDNG"
            let booked = CamtFile.Entry(payments: [.init(amount: "9.00", bankReference: "B1")], entryReference: "E-B1")
            let file = CamtFile(kind: "054", day: day, entries: [announced, nameless, booked])
            let summary = try await ReminderTests.importFile(app, clock, file)
            #expect(summary.settled == 0 && summary.prepaid == 0 && summary.ignored == 2, "announced, not booked: \(summary)")
            _ = try await ReminderTests.importFile(app, clock, file)
            let recorded = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM pending_bank_payments").first(decoding: Count.self)
            #expect(recorded?.n == 2, "each announcement once")

            let run = try await app.reminderRun(day: day).run()
            #expect(run.heldForPendingPayments == 2 && run.sent == [.reminder1: 1], "\(run)")
            #expect(try await PaymentReminder.query(on: app.db).all().map(\.$invoice.id) == [cleos.id])
            #expect(try await Invoice.find(anas.id, on: app.db)?.openMinor == 20_600, "nothing credited")
        }
    }

    @Test("an announcement the bank never books stops holding after five days; the ladder goes on")
    func announcementExpires() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let anas = try await InvoiceTests.issue(app, to: ana, francs: 206, now: clock.now)
            clock.advance(by: 40 * 86_400)
            var announced = CamtFile.Entry(payments: [.init(reference: anas.reference, amount: "206.00", bankReference: "P1")], entryReference: "E-P1")
            announced.status = "PDNG"
            _ = try await ReminderTests.importFile(app, clock, CamtFile(kind: "054", day: ReminderTests.day(app, clock), entries: [announced]))
            clock.advance(by: 6 * 86_400)
            let later = ReminderTests.day(app, clock)
            let other = CamtFile.Entry(payments: [.init(amount: "9.00", bankReference: "B1")], entryReference: "E-B1")
            _ = try await ReminderTests.importFile(app, clock, CamtFile(kind: "054", day: later, entries: [other]))   // statements stay recent
            let run = try await app.reminderRun(day: later).run()
            #expect(run.heldForPendingPayments == 0 && run.sent == [.reminder1: 1], "\(run)")
        }
    }

    @Test("an announcement made again holds from its latest day; money waiting for staff that names an invoice's reference holds its reminder")
    func reannouncedAndWaitingMoney() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let ben = try await BankImportTests.customer(app, "Ben").requireID()
            let anas = try await InvoiceTests.issue(app, to: ana, francs: 206, now: clock.now)
            let bens = try await InvoiceTests.issue(app, to: ben, francs: 58, now: clock.now)
            clock.advance(by: 40 * 86_400)
            var announced = CamtFile.Entry(payments: [.init(reference: anas.reference, amount: "206.00", bankReference: "P1")], entryReference: "E-P1")
            announced.status = "PDNG"
            announced.day = ReminderTests.day(app, clock)   // its value day, which the bank keeps while it is pending
            _ = try await ReminderTests.importFile(app, clock, CamtFile(kind: "054", day: ReminderTests.day(app, clock), entries: [announced]))
            clock.advance(by: 4 * 86_400)
            // Still pending four days later, in the bank's next file: the same announcement.
            let later = CamtFile.Entry(payments: [.init(amount: "9.00", bankReference: "B1")], entryReference: "E-B1")
            _ = try await ReminderTests.importFile(app, clock, CamtFile(kind: "054", messageID: "MSG-AGAIN", day: ReminderTests.day(app, clock), entries: [announced, later]))
            // Ben's invoice is named by money that waits for staff: an amount finer than francs allow, flagged.
            let both = CamtFile.Entry(payments: [.init(reference: bens.reference, amount: "58.001", bankReference: "F1")], entryReference: "E-F1")
            let summary = try await ReminderTests.importFile(app, clock, CamtFile(kind: "054", messageID: "MSG-FINE", day: ReminderTests.day(app, clock), entries: [both]))
            #expect(summary.flagged == 1 && summary.settled == 0 && summary.prepaid == 0, "waits for staff: \(summary)")
            clock.advance(by: 2 * 86_400)
            let run = try await app.reminderRun(day: ReminderTests.day(app, clock)).run()
            #expect(run.heldForPendingPayments == 1, "six days after the first announcement, two after the latest: \(run)")
            #expect(run.skippedForRecentMoney == 1 && run.sent.isEmpty, "\(run)")
        }
    }

    @Test("money announced with the customer's top-up reference holds the overdue invoices it will cover, not a larger one")
    func pendingTopUp() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana")
            let small = try await InvoiceTests.issue(app, to: ana.requireID(), francs: 206, now: clock.now)
            let ben = try await BankImportTests.customer(app, "Ben")
            _ = try await InvoiceTests.issue(app, to: ben.requireID(), francs: 500, now: clock.now)
            clock.advance(by: 40 * 86_400)
            let queries = InvoiceQueries(db: app.db, config: app.kontor.config.billing)
            let anasNumber = try #require(ana.customerNumber), bensNumber = try #require(ben.customerNumber)
            let anasTopUp = try #require(queries.topUpReference(customerNumber: anasNumber, currency: .chf))
            let bensTopUp = try #require(queries.topUpReference(customerNumber: bensNumber, currency: .chf))
            var toAna = CamtFile.Entry(payments: [.init(reference: anasTopUp.electronic, amount: "206.00", bankReference: "P1")], entryReference: "E-P1")
            toAna.status = "PDNG"
            var toBen = CamtFile.Entry(payments: [.init(reference: bensTopUp.electronic, amount: "100.00", bankReference: "P2")], entryReference: "E-P2")
            toBen.status = "PDNG"
            _ = try await ReminderTests.importFile(app, clock, CamtFile(kind: "054", day: ReminderTests.day(app, clock), entries: [toAna, toBen]))
            let run = try await app.reminderRun(day: ReminderTests.day(app, clock)).run()
            #expect(run.heldForPendingPayments == 1 && run.sent == [.reminder1: 1], "Ben's 100 covers not his 500: \(run)")
            #expect(try await PaymentReminder.query(on: app.db).filter(\.$invoice.$id == small.id!).count() == 0)
        }
    }

    @Test("the same announcement in two files imported at once on two servers is recorded once, and neither import fails")
    func announcedTwiceAtOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let ana = try await BankImportTests.customer(apps[0], "Ana").requireID()
            let anas = try await InvoiceTests.issue(apps[0], to: ana, francs: 206, now: clock.now)
            var announced = CamtFile.Entry(payments: [.init(reference: anas.reference, amount: "206.00", bankReference: "P1")], entryReference: "E-P1")
            announced.status = "PDNG"
            let files = (0..<2).map { index in
                CamtFile(kind: "054", entries: [announced, .init(payments: [.init(amount: "9.0\(index)", bankReference: "B\(index)")], entryReference: "E-B\(index)")]).data
            }
            let outcomes = await withTaskGroup(of: String.self) { group in
                for (index, app) in apps.enumerated() {
                    group.addTask {
                        do {
                            _ = try await BankImportTests.importer(app).run(.data(files[index]), fileName: "\(index).xml")
                            return "imported"
                        } catch {
                            return ConcurrentChange(error) == .conflict ? "conflict" : "error \(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0 == "imported" || $0 == "conflict" } && outcomes.contains("imported"), "\(outcomes)")
            let recorded = try await (apps[1].db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM pending_bank_payments").first(decoding: Count.self)
            #expect(recorded?.n == 1, "one announcement, recorded once")
        }
    }

    private struct Count: Decodable { let n: Int }
}

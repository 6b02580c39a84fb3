import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A payment's key (own account + the bank's reference) says when a report repeats a payment; what the key alone
/// cannot say — a return repeating its payment's references, a bank reusing a reference, a report that lacked the
/// amount — is told by what the payment says.
@Suite("Bank payment keys: a return, a reused bank reference and a payment first reported without its amount are never taken for a repeat")
struct BankPaymentKeyTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    static func run(_ app: Application, _ fixture: String, _ values: [String: String?]) async throws -> BankStatementImporter.Summary {
        try await Self.importer(app).run(.data(try CamtFixture.data(fixture, values)), fileName: fixture)
    }

    @Test("a return that repeats the transaction reference of the payment it returns re-opens the invoice; importing it again changes nothing")
    func returnRepeatingReference() async throws {
        try await withTestApp { app, _ in
            let (a, _, values) = try await BankTwoReportsTests.twoInvoices(app)
            #expect(try await Self.run(app, "camt054-v08-qr-payment.xml", values).settled == 1)
            let returned = try await Self.run(app, "camt054-v08-reversal-repeating-transaction-reference.xml", values)
            #expect(returned.reversals == 1 && returned.duplicates == 0)
            #expect(try await Invoice.find(a.id, on: app.db)?.openMinor == 10_700, "the invoice is open again")
            let again = try await Self.importer(app).run(
                .data(try CamtFixture.data("camt054-v08-reversal-repeating-transaction-reference.xml", values) + Data(" ".utf8)), fileName: "again.xml")
            #expect(again.duplicates == 1 && again.reversals == 0)
        }
    }

    @Test("a return imported before keys told returns apart (recorded under its payment's key shape) is not booked again")
    func returnRecordedUnderTheOldKey() async throws {
        try await withTestApp { app, _ in
            let (_, _, values) = try await BankTwoReportsTests.twoInvoices(app)
            _ = try await Self.run(app, "camt054-v08-reversal-repeating-transaction-reference.xml", values)
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE bank_payments SET dedupe_key = 'tx|CH4431999123000889012|T-100' WHERE is_reversal = \(bind: true)").run()
            let again = try await Self.importer(app).run(
                .data(try CamtFixture.data("camt054-v08-reversal-repeating-transaction-reference.xml", values) + Data(" ".utf8)), fileName: "again.xml")
            #expect(again.duplicates == 1 && again.reversals == 0 && again.flagged == 0)
        }
    }

    @Test("two payments the bank gives one reference (in two entries) are two payments, kept and flagged; the file again changes nothing",
          arguments: ["camt053-v08-entry-reference-in-two-entries.xml", "camt054-v08-transaction-reference-in-two-entries.xml"])
    func reusedReference(fixture: String) async throws {
        try await withTestApp { app, _ in
            let (a, b, values) = try await BankTwoReportsTests.twoInvoices(app)
            let summary = try await Self.run(app, fixture, values)
            #expect(summary.settled == 2 && summary.duplicates == 0)
            let paidA = try await BankTwoReportsTests.isPaid(app, a), paidB = try await BankTwoReportsTests.isPaid(app, b)
            #expect(paidA && paidB)
            #expect(try await BankPayment.query(on: app.db).filter(\.$flag == "bank_reference_reused").count() == 1)
            let again = try await Self.importer(app).run(.data(try CamtFixture.data(fixture, values) + Data(" ".utf8)), fileName: "again.xml")
            #expect(again.duplicates == 2 && again.settled == 0)
        }
    }

    @Test("a camt.053 .04 listing a batch's payments without amounts, then the camt.054 with them: the camt.054 completes and books them, once")
    func completedByTheReportWithTheAmount() async throws {
        try await withTestApp { app, _ in
            let (a, b, values) = try await BankTwoReportsTests.twoInvoices(app)
            let stated = try await Self.run(app, "camt053-v04-batch-details-without-amounts.xml", values)
            #expect(stated.flagged == 2)
            let notified = try await Self.run(app, "camt054-v04-batch-with-amounts.xml", values)
            #expect(notified.settled == 2 && notified.duplicates == 0)
            let paidA = try await BankTwoReportsTests.isPaid(app, a), paidB = try await BankTwoReportsTests.isPaid(app, b)
            #expect(paidA && paidB)
            #expect(try await UnidentifiedPayments(db: app.db).count() == 0, "nothing is left to refund")
            let first = try await BankPayment.query(on: app.db).filter(\.$flag == "amount_missing").all()
            #expect(first.count == 2 && first.allSatisfy { $0.assignment == BankPayment.completedAssignment && $0.amountMinor == nil },
                    "the first report stays as it was, marked completed")
            let again = try await Self.run(app, "camt054-v04-batch-with-amounts.xml", values)
            #expect(again.duplicates == 2 && again.settled == 0 && again.prepaid == 0)
            #expect(try await Self.run(app, "camt053-v04-batch-details-without-amounts.xml", values).sameFileImportedAt != nil)
        }
    }

    @Test("a batch whose payments state their amount only as the amount ordered, in the booking's currency with no exchange, settles its invoices")
    func instructedAmountOnly() async throws {
        try await withTestApp { app, _ in
            let (a, b, values) = try await BankTwoReportsTests.twoInvoices(app)
            let summary = try await Self.run(app, "camt054-v04-batch-amounts-only-instructed.xml", values)
            #expect(summary.settled == 2 && summary.flagged == 0)
            let paidA = try await BankTwoReportsTests.isPaid(app, a), paidB = try await BankTwoReportsTests.isPaid(app, b)
            #expect(paidA && paidB)
        }
    }

    @Test("the own account written with spaces and in lower case is the same account: the same payment in a compact statement changes nothing")
    func accountWrittenTwoWays() async throws {
        try await withTestApp { app, _ in
            let (a, _, values) = try await BankTwoReportsTests.twoInvoices(app)
            #expect(try await Self.run(app, "camt053-v08-account-written-with-spaces.xml", values).settled == 1)
            let compact = try await Self.run(app, "camt053-v08-account-written-compact.xml", values)
            #expect(compact.duplicates == 1 && compact.prepaid == 0)
            #expect(try await BankTwoReportsTests.isPaid(app, a))
            #expect(try await BankPayment.query(on: app.db).first()?.accountIBAN == "CH4431999123000889012")
        }
    }

    @Test("one file naming the provider's account two ways (a notification of its QR-IBAN and one of the IBAN KONTOR_STATEMENT_ACCOUNTS lists) books a payment both list once, in either order; the EUR account's payment with the same bank references is its own",
          arguments: [true, false])
    func oneFileOneAccountTwoNames(qrIBANFirst: Bool) async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 10)
            var config = app.kontor.config.billing
            config.accountsAreConfigured = true
            config.statementAccounts = ["CH9300762011623852957"]
            config.statementAccountCurrencies = ["CH9300762011623852957": .chf]
            let importer = BankStatementImporter(db: app.db, config: config, allowTestFiles: false, staffID: nil, now: Date())
            func notification(_ account: String) -> CamtFile {
                CamtFile(account: account, entries: [.init(payments: [.init(reference: invoice.reference, amount: "10.00", bankReference: "T-1")],
                                                           entryReference: "E-1")])
            }
            let names = ["CH4431999123000889012", "CH9300762011623852957"]
            var file = notification(qrIBANFirst ? names[0] : names[1])
            file.moreReports = [notification(qrIBANFirst ? names[1] : names[0]),
                                CamtFile(account: "CH5800791123000889012", entries: [
                                    .init(payments: [.init(amount: "25.00", currency: "EUR", bankReference: "T-1")], entryReference: "E-1")])]
            let summary = try await importer.run(.data(file.data), fileName: "two-names.xml")
            #expect(summary.settled == 1 && summary.duplicates == 1 && summary.prepaid == 0, "\(summary)")
            #expect(summary.unidentified == 1 && summary.flagged == 0, "the EUR payment waits for staff as any payment without a reference")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 0, "the 10.00 was credited a second time")
        }
    }

    @Test("a 0.00 line inside a batch is no payment; a batch stating more payments than it lists, whose sum falls short, is flagged")
    func zeroLineAndShortBatch() async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana")
            let topUp = try BankImportTests.topUp(app, ana)
            let file = CamtFile(entries: [
                .init(payments: [.init(reference: topUp, amount: "14.00", bankReference: "Z-1"), .init(reference: topUp, amount: "0.00", bankReference: "Z-2")],
                      entryReference: "E-1"),
                .init(payments: [.init(reference: topUp, amount: "20.00", bankReference: "S-1"), .init(reference: topUp, amount: "10.00", bankReference: "S-2")],
                      entryReference: "E-2", statedBatchCount: 3, amount: "80.00"),
            ])
            let summary = try await Self.importer(app).run(.data(file.data), fileName: "zero-and-short.xml")
            #expect(summary.prepaid == 3 && summary.ignored == 1, "14, 20 and 10 credited; the 0.00 line ignored")
            #expect(try await PrepaidEntry.query(on: app.db).all().allSatisfy { $0.amountMinor != 0 })
            #expect(try await BankPayment.query(on: app.db).filter(\.$flag == "details_do_not_add_up").count() == 2)
        }
    }
}

/// Payments.md: the bank's reference of a payment is its duplicate-control key. A statement sent again with one of its
/// bookings changed (the amount, the payment reference, the payer) is the same booking reported otherwise — a correction
/// or a mistake — and was credited a second time, once even to another customer (bank probe round 8).
@Suite("A booking sent again on its day under its references but with other details is parked for staff, never credited again")
struct BookingReportedDifferentlyTests {
    @Test("amount, reference or payer changed: nothing credited, the line waits for staff and says why; the invoice it names is not paid by it",
          arguments: ["amount", "reference", "payer"])
    func changedBooking(change: String) async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let ben = try await BankImportTests.customer(app, "Ben").requireID()
            let anas = try await InvoiceTests.issue(app, to: ana, francs: 58, now: clock.now)
            let bens = try await InvoiceTests.issue(app, to: ben, francs: 58, now: clock.now)
            let payment = CamtFile.Payment(reference: anas.reference, amount: "58.00", bankReference: "RS2", debtorIBAN: "CH5604835012345678009")
            let first = try await BankImportTests.importer(app).run(
                .data(CamtFile(kind: "053", entries: [.init(payments: [payment], entryReference: "RSE2")]).data), fileName: "1.xml")
            #expect(first.settled == 1)
            var changed = payment
            switch change {
            case "amount": changed.amount = "60.00"
            case "reference": changed.reference = bens.reference
            default: changed.debtorIBAN = "CH9300762011623852957"
            }
            let again = try await BankImportTests.importer(app).run(
                .data(CamtFile(kind: "053", entries: [.init(payments: [changed], entryReference: "RSE2")]).data), fileName: "2.xml")
            #expect(again.flagged == 1 && again.settled == 0 && again.prepaid == 0 && again.duplicates == 0, "\(again)")
            let parked = try #require(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.reportedDifferentlyFlag).first())
            #expect(parked.outcome == BankPayment.Outcome.flagged.rawValue && parked.assignment == nil && parked.canBeCredited && parked.canBeClosed)
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "no customer's balance grew")
            #expect(try await Invoice.find(bens.id, on: app.db)?.openMinor == 5_800, "Ben's invoice is not paid by Ana's booking")
            #expect(try await UnidentifiedPayments(db: app.db).waiting().map(\.id) == [parked.id], "staff see it")

            let third = try await BankImportTests.importer(app).run(
                .data(CamtFile(kind: "053", entries: [.init(payments: [changed], entryReference: "RSE2")]).data), fileName: "3.xml")
            #expect(third.duplicates == 1 && third.flagged == 0, "the changed file once more changes nothing: \(third)")

            // Staff close it as no new money.
            try await UnidentifiedPayments(db: app.db).close(parked.requireID(), staffID: UUID(), now: clock.now)
            #expect(try await BankPayment.find(parked.id, on: app.db)?.assignment == BankPayment.closedAssignment)
        }
    }

    @Test("a wrong booking taken back by the bank and booked again correctly under the same references is the correction: the invoice is paid, nothing waits for staff, whether the rebooking comes with the reversal or after it",
          arguments: [true, false])
    func reversedThenRebooked(rebookingWithTheReversal: Bool) async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: ana, francs: 58, now: clock.now)
            let right = CamtFile.Payment(reference: invoice.reference, amount: "58.00", bankReference: "RS2", debtorIBAN: "CH5604835012345678009")
            var wrong = right
            wrong.amount = "60.00"
            let booked = try await BankImportTests.importer(app).run(
                .data(CamtFile(kind: "053", entries: [.init(payments: [wrong], entryReference: "RSE2")]).data), fileName: "1.xml")
            #expect(booked.prepaid == 1, "60.00 for an invoice of 58.00 goes to the balance")
            let reversal = CamtFile.Entry(payments: [wrong], reversal: true, entryReference: "RSE2")
            let rebooking = CamtFile.Entry(payments: [right], entryReference: "RSE2")
            if rebookingWithTheReversal {
                let corrected = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", entries: [reversal, rebooking]).data), fileName: "2.xml")
                #expect(corrected.reversals == 1 && corrected.settled == 1 && corrected.flagged == 0, "\(corrected)")
            } else {
                _ = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", entries: [reversal]).data), fileName: "2.xml")
                let corrected = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", entries: [rebooking]).data), fileName: "3.xml")
                #expect(corrected.settled == 1 && corrected.flagged == 0, "\(corrected)")
            }
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
            #expect(try await PrepaidLedger.balance(of: ana, currency: .chf, on: app.db).isZero, "the wrong 60.00 was taken back")
            #expect(try await BankPayment.query(on: app.db).filter(\.$flag == BankPayment.reportedDifferentlyFlag).count() == 0)
            // The corrected file once more changes nothing.
            let again = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", entries: [reversal, rebooking]).data), fileName: "4.xml")
            #expect(again.settled == 0 && again.reversals == 0 && again.flagged == 0 && again.prepaid == 0, "\(again)")
        }
    }

    @Test("the same bank reference on another day, for another booking, is still another payment: credited and flagged as before")
    func sameReferenceOnAnotherDay() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: ana, francs: 58, now: clock.now)
            let second = try await InvoiceTests.issue(app, to: ana, francs: 60, now: clock.now)
            _ = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-01", entries: [
                .init(payments: [.init(reference: first.reference, amount: "58.00", bankReference: "RS2")], entryReference: "RSE2"),
            ]).data), fileName: "1.xml")
            let later = try await BankImportTests.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-02", entries: [
                .init(payments: [.init(reference: second.reference, amount: "60.00", bankReference: "RS2")], entryReference: "RSE2"),
            ]).data), fileName: "2.xml")
            #expect(later.settled == 1 && later.flagged == 0, "\(later)")
            #expect(try await BankPayment.query(on: app.db).filter(\.$flag == "bank_reference_reused").count() == 1)
        }
    }
}

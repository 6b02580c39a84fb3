import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A camt.053 and a camt.054 report the same bookings under different keys: what is one payment reported twice is
/// credited once, and what only looks alike (amount and day) is never dropped.
@Suite("Bank files of both kinds: the same booking once, another payer's money of the same amount and day never lost")
struct BankTwoReportsTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    /// Two customers with an invoice each: CHF 107 (`INVOICE_A`) and CHF 14 (`INVOICE_B`), as the fixtures expect.
    static func twoInvoices(_ app: Application) async throws -> (a: Invoice, b: Invoice, values: [String: String?]) {
        let weber = try await BankImportTests.customer(app, "Weber").requireID()
        let martin = try await BankImportTests.customer(app, "Martin").requireID()
        let a = try await InvoiceTests.issue(app, to: weber, francs: 107)
        let b = try await InvoiceTests.issue(app, to: martin, francs: 14)
        return (a, b, ["INVOICE_A": a.reference, "INVOICE_B": b.reference])
    }

    static func isPaid(_ app: Application, _ invoice: Invoice) async throws -> Bool {
        try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0
    }

    @Test("a QR payment inside a collective booking is not an unrelated transfer of the same amount and day: both are recorded, in either order",
          arguments: [("camt054-v08-qr-collective-of-two.xml", "camt053-v08-collective-without-details-and-lone-transfer.xml"),
                      ("camt054-v08-qr-collective-of-two-without-debtor-accounts.xml", "camt053-v08-collective-without-details-and-detailed-transfer.xml")])
    func collectiveAndLoneTransfer(notification: String, statement: String) async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let (a, b, values) = try await Self.twoInvoices(app)
                let files = notificationFirst ? [notification, statement] : [statement, notification]
                var summaries: [String: BankStatementImporter.Summary] = [:]
                for file in files { summaries[file] = try await Self.importer(app).run(.data(try CamtFixture.data(file, values)), fileName: file) }
                let stated = try #require(summaries[statement]), notified = try #require(summaries[notification])
                #expect(stated.duplicates == 0 && stated.unidentified == 1 && stated.ignored == 1,
                        "the transfer is money of its own; the collective is credited through the camt.054 (054 first: \(notificationFirst))")
                #expect(notified.duplicates == 0 && notified.settled == 2, "both QR payments settle their invoices (054 first: \(notificationFirst))")
                let paidA = try await Self.isPaid(app, a), paidB = try await Self.isPaid(app, b)
                #expect(paidA && paidB)
                #expect(try await BankPayment.query(on: app.db).count() == 3)
                #expect(try await BankPayment.query(on: app.db).filter(\.$outcome == "unidentified").first()?.bookingAmountMinor == 10_700)
            }
        }
    }

    @Test("a camt.054 without a booking day and the camt.053 of the same booking (same entry reference) credit it once, in either order")
    func withoutBookingDay() async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let (a, _, values) = try await Self.twoInvoices(app)
                let files = ["camt054-v08-without-booking-date.xml", "camt053-v08-same-booking-without-transaction-reference.xml"]
                var duplicates = 0
                for file in notificationFirst ? files : files.reversed() {
                    duplicates += try await Self.importer(app).run(.data(try CamtFixture.data(file, values)), fileName: file).duplicates
                }
                let paid = try await Self.isPaid(app, a)
                #expect(duplicates == 1 && paid)
                #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "no second credit to the prepaid account (054 first: \(notificationFirst))")
                #expect(try await BankPayment.query(on: app.db).count() == 1)
            }
        }
    }

    @Test("a collective booking listed with one summary detail of its whole amount is no payment: its payments come from the camt.054, in either order")
    func summaryDetail() async throws {
        for notificationFirst in [true, false] {
            try await withTestApp { app, _ in
                let (a, b, values) = try await Self.twoInvoices(app)
                let files = ["camt054-v08-qr-collective-of-two.xml", "camt053-v08-collective-with-summary-detail.xml"]
                for file in notificationFirst ? files : files.reversed() {
                    _ = try await Self.importer(app).run(.data(try CamtFixture.data(file, values)), fileName: file)
                }
                let paidA = try await Self.isPaid(app, a), paidB = try await Self.isPaid(app, b)
                #expect(paidA && paidB)
                #expect(try await UnidentifiedPayments(db: app.db).count() == 0, "no CHF 121 'payment' waits for staff (054 first: \(notificationFirst))")
                #expect(try await BankPayment.query(on: app.db).count() == 2)
            }
        }
    }

    @Test("payments alike in amount and day only, with nothing else both files name, are kept and shown to staff, never dropped or credited on a guess")
    func amountAndDayOnly() async throws {
        try await withTestApp { app, _ in
            let notification = CamtFile(kind: "054", entries: [.init(payments: [.init(amount: "60.00", bankReference: "T-1", debtorIBAN: "CH9300762011623852957")],
                                                                     entryReference: "E-1")])
            // No entry reference: the statement's line says nothing but amount and day.
            let statement = CamtFile(kind: "053", entries: [.init(payments: [.init(amount: "60.00", bankReference: nil)], entryReference: "E-1", withoutDetails: true)])
            let anonymous = statement.xml.replacingOccurrences(of: "<AcctSvcrRef>E-1</AcctSvcrRef>", with: "")
            _ = try await Self.importer(app).run(.data(notification.data), fileName: "054.xml")
            let stated = try await Self.importer(app).run(.data(Data(anonymous.utf8)), fileName: "053.xml")
            #expect(stated.duplicates == 0 && stated.flagged == 1)
            let kept = try #require(try await BankPayment.query(on: app.db).filter(\.$flag == "maybe_in_other_file").first())
            #expect(kept.outcome == "flagged" && kept.canBeCredited, "staff credit or refund it once they know")
        }
    }

    @Test("a camt.053 and a camt.054 of one payment imported at the same moment over two servers credit it once")
    func importedAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let weber = try await BankImportTests.customer(apps[0], "Weber").requireID()
            let invoice = try await InvoiceTests.issue(apps[0], to: weber, francs: 107)
            // Filler payments after it keep each import's transaction open after it wrote the payment.
            func filler(_ prefix: String) -> [CamtFile.Entry] {
                (1...150).map { .init(payments: [.init(amount: "1.\(String(format: "%02d", $0 % 100))", bankReference: nil)], entryReference: "\(prefix)-\($0)") }
            }
            let payment = CamtFile.Payment(reference: invoice.reference, amount: "107.00", bankReference: "ZKB-T-7781", debtorIBAN: "CH9300762011623852957")
            var statementPayment = payment
            statementPayment.bankReference = nil
            let files = [
                CamtFile(kind: "054", entries: [.init(payments: [payment], entryReference: "ZKB-E-7781")] + filler("N")).data,
                CamtFile(kind: "053", entries: [.init(payments: [statementPayment], entryReference: "ZKB-E-7781")] + filler("S")).data,
            ]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, file) in files.enumerated() {
                    let app = apps[index]
                    group.addTask {
                        var importer = Self.importer(app)
                        importer.transactionsPerBatch = 1
                        _ = try await importer.run(.data(file), fileName: "at-once-\(index).xml")
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await InvoiceSettlement.query(on: apps[0].db).count() == 1, "settled once")
            #expect(try await PrepaidEntry.query(on: apps[0].db).count() == 0, "and not credited a second time")
            #expect(try await BankPayment.query(on: apps[1].db).filter(\.$reference == invoice.reference).count() == 1)
        }
    }
}

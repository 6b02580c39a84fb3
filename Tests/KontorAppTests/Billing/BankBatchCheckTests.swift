import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A batch's payments are believed only as far as they can be held against the money the bank booked for it.
@Suite("Bank batches checked against their booking: what cannot be checked waits for staff, what was converted counts in the account's currency")
struct BankBatchCheckTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    /// A payment of a batch the money of which cannot be told (each of the probe's X1–X4), beside one of CHF 206.00
    /// that pays `reference`.
    static func unreadableBeside(_ reference: String?, _ kind: String) -> CamtFile {
        let payment = CamtFile.Payment(reference: reference, amount: "206.00", bankReference: "B-1", debtorIBAN: "CH5604835012345678009")
        let (others, booked): ([CamtFile.Payment], String) = switch kind {
        case "no amount": ([.init(amount: "200.00", bankReference: "B-2", amountInDetail: false,
                                  amountDetails: #"<InstdAmt><Amt Ccy="EUR">200.00</Amt><CcyXchg><SrcCcy>EUR</SrcCcy><TrgtCcy>CHF</TrgtCcy><XchgRate>1.03</XchgRate></CcyXchg></InstdAmt>"#)], "10.00")
        case "another currency": ([.init(amount: "0.50", currency: "EUR", bankReference: "B-2")], "10.00")
        case "finer than a cent": ([.init(amount: "0.001", bankReference: "B-2")], "10.00")
        default: ((2...11).map { .init(amount: "9999999999999999.99", bankReference: "B-\($0)") }, "1.00")   // their sum overflows
        }
        return CamtFile(entries: [.init(payments: [payment] + others, entryReference: "E-B", amount: booked)])
    }

    @Test("a batch that lists a payment whose money cannot be told (no amount, another currency, finer than a cent, sums beyond any number) is parked whole: no invoice is settled from money the bank did not book",
          arguments: ["no amount", "another currency", "finer than a cent", "sums overflow"])
    func uncheckableBatchIsParked(kind: String) async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 206)
            let summary = try await Self.importer(app).run(.data(Self.unreadableBeside(invoice.reference, kind).data), fileName: "batch.xml")
            #expect(summary.settled == 0 && summary.prepaid == 0 && summary.unidentified == 0, "\(kind): \(summary)")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 20_600, "\(kind): settled from a booking of far less")
            let payment = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "B-1").first())
            #expect(payment.outcome == "flagged" && payment.flag == "details_unverifiable", "\(kind): \(payment.flag ?? "no flag")")
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("a payment parked because its batch could not be checked is booked once the camt.054 of that batch, with every amount, adds up; nothing is left for staff")
    func parkedUntilTheBatchCanBeChecked() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let first = try await InvoiceTests.issue(app, to: org, francs: 206)
            let second = try await InvoiceTests.issue(app, to: org, francs: 58)
            let statement = CamtFile(kind: "053", entries: [.init(payments: [
                .init(reference: first.reference, amount: "206.00", bankReference: "P-1"),
                .init(reference: second.reference, amount: "58.00", bankReference: "P-2", amountInDetail: false),
            ], entryReference: "E-P")])
            let stated = try await Self.importer(app).run(.data(statement.data), fileName: "053.xml")
            #expect(stated.settled == 0 && stated.flagged == 2, "\(stated)")
            #expect(try await Invoice.find(first.id, on: app.db)?.openMinor == 20_600)
            let notification = CamtFile(kind: "054", entries: [.init(payments: [
                .init(reference: first.reference, amount: "206.00", bankReference: "P-1"),
                .init(reference: second.reference, amount: "58.00", bankReference: "P-2"),
            ], entryReference: "E-P")])
            let notified = try await Self.importer(app).run(.data(notification.data), fileName: "054.xml")
            #expect(notified.settled == 2 && notified.duplicates == 0, "\(notified)")
            #expect(try await UnidentifiedPayments(db: app.db).count() == 0)
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("a converted payment of a batch that states the amount ordered (EUR) and the amount credited in the account's currency (AmtDtls/TxAmt, CHF) counts in CHF: the batch adds up and both invoices are settled")
    func convertedPaymentCountsInTheAccountsCurrency() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let converted = try await InvoiceTests.issue(app, to: org, francs: 206)
            let other = try await InvoiceTests.issue(app, to: org, francs: 58)
            let file = CamtFile(entries: [.init(payments: [
                .init(reference: other.reference, amount: "58.00", bankReference: "C-2"),
                .init(reference: converted.reference, amount: "200.00", currency: "EUR", bankReference: "C-1", amountDetails: """
                    <InstdAmt><Amt Ccy="EUR">200.00</Amt><CcyXchg><SrcCcy>EUR</SrcCcy><TrgtCcy>CHF</TrgtCcy><XchgRate>1.03</XchgRate></CcyXchg></InstdAmt><TxAmt><Amt Ccy="CHF">206.00</Amt></TxAmt>
                    """),
            ], entryReference: "E-C", amount: "264.00")])
            let summary = try await Self.importer(app).run(.data(file.data), fileName: "converted.xml")
            #expect(summary.settled == 2 && summary.flagged == 0, "\(summary)")
            let payment = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "C-1").first())
            #expect(payment.currencyCode == "CHF" && payment.amountMinor == 20_600, "recorded as the CHF that arrived, never as EUR 200")
            #expect(try await PrepaidLedger.balance(of: org, currency: .eur, on: app.db).isZero)
        }
    }

    @Test("a camt.053 batch stating two payments that lists one of its whole amount naming a payer and an invoice waits for staff, not silently 'not booked'; the camt.054 listing its payments then books them and takes it off the staff queue")
    func oneListedForSeveralWaitsForStaff() async throws {
        try await withTestApp { app, _ in
            let (a, b, _) = try await BankTwoReportsTests.twoInvoices(app)   // CHF 107 and CHF 14
            let statement = CamtFile(kind: "053", entries: [
                .init(payments: [.init(reference: a.reference, amount: "121.00", bankReference: "S-1", debtorIBAN: "CH5604835012345678009")],
                      entryReference: "E-S", statedBatchCount: 2),
            ])
            let stated = try await Self.importer(app).run(.data(statement.data), fileName: "053.xml")
            #expect(stated.flagged == 1 && stated.ignored == 0 && stated.settled == 0 && stated.prepaid == 0, "\(stated)")
            let parked = try #require(try await BankPayment.query(on: app.db).filter(\.$entryReference == "E-S").first())
            #expect(parked.flag == "batch_count_unexplained")
            #expect(try await UnidentifiedPayments(db: app.db).count() == 1)
            let notification = CamtFile(kind: "054", entries: [
                .init(payments: [.init(reference: a.reference, amount: "107.00", bankReference: "N-1"),
                                 .init(reference: b.reference, amount: "14.00", bankReference: "N-2")], entryReference: "E-S"),
            ])
            let notified = try await Self.importer(app).run(.data(notification.data), fileName: "054.xml")
            #expect(notified.settled == 2, "\(notified)")
            #expect(try await UnidentifiedPayments(db: app.db).count() == 0, "the statement's line is decided by the notification")
        }
    }
}

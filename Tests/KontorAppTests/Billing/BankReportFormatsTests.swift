import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// One bank may report one day twice in the same kind of file, once with the bank's reference for each payment and
/// once without (its camt.054 .04 and .08, during a change of format): the payment is one.
@Suite("A payment reported with the bank's reference for it and again without, in files of one kind, is credited once")
struct BankReportFormatsTests {
    static func entry(_ reference: String?, bankReference: String?, entryReference: String = "EK1", amount: String = "58.37") -> CamtFile.Entry {
        .init(payments: [.init(reference: reference, amount: amount, bankReference: bankReference, debtorIBAN: "DE89370400440532013000")],
              entryReference: entryReference)
    }

    @Test("without the payment's reference, then with it, and the other way round: the second report is already imported, nothing goes to the prepaid account",
          arguments: [true, false])
    func withAndWithoutTheBanksReference(withoutFirst: Bool) async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: ana, francs: 58)
            let without = CamtFile(entries: [Self.entry(invoice.reference, bankReference: nil, amount: "58.00")])
            let with = CamtFile(entries: [Self.entry(invoice.reference, bankReference: "TK1", amount: "58.00")])
            let (first, second) = withoutFirst ? (without, with) : (with, without)
            #expect(try await BankImportTests.importer(app).run(.data(first.data), fileName: "first.xml").settled == 1)
            let again = try await BankImportTests.importer(app).run(.data(second.data), fileName: "second.xml")
            #expect(again.duplicates == 1 && again.prepaid == 0 && again.settled == 0, "\(again)")
            #expect(try await BankPayment.query(on: app.db).count() == 1)
            #expect(try await PrepaidLedger.balance(of: ana, currency: .chf, on: app.db).isZero)
        }
    }

    @Test("two payments of one entry that say the same thing but each have the bank's own reference are two payments; a later report without references repeats both and adds a third; the three with their references then change nothing")
    func twoPaymentsWithTheirOwnReferences() async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: ana, francs: 20)
            let payment = CamtFile.Payment(reference: invoice.reference, amount: "20.00", bankReference: nil, debtorIBAN: "DE89370400440532013000")
            func with(_ references: [String], entry: String = "EK2") -> CamtFile {
                CamtFile(entries: [.init(payments: references.map { var own = payment; own.bankReference = $0; return own }, entryReference: entry)])
            }
            let first = try await BankImportTests.importer(app).run(.data(with(["TK5", "TK6"]).data), fileName: "first.xml")
            #expect(first.settled == 1 && first.prepaid == 1, "the customer paid twice, and each payment counts: \(first)")
            // The same booking without the bank's references, listing a third payment the first file did not have.
            let again = try await BankImportTests.importer(app).run(.data(CamtFile(entries: [.init(payments: [payment, payment, payment], entryReference: "EK2")]).data),
                                                                    fileName: "again.xml")
            #expect(again.duplicates == 2 && again.prepaid == 1, "\(again)")
            // The booking once more with the three references: all three are known.
            let third = try await BankImportTests.importer(app).run(.data(with(["TK5", "TK6", "TK7"]).data), fileName: "third.xml")
            #expect(third.duplicates == 3 && third.prepaid == 0, "\(third)")
            // Another booking's payment that says the same thing is another payment.
            let other = try await BankImportTests.importer(app).run(.data(with(["TK9"], entry: "EK3").data), fileName: "other.xml")
            #expect(other.duplicates == 0 && other.prepaid == 1, "\(other)")
            #expect(try await PrepaidLedger.balance(of: ana, currency: .chf, on: app.db).minorUnits == 6_000)
        }
    }
}

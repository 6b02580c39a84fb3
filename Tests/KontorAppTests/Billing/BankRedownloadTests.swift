import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("A statement downloaded again changes nothing, whatever its payer wrote, and the bank's return still finds its payment")
struct BankRedownloadTests {
    @Test("a waiting payment whose payer IBAN fails its check is recognised in the statement downloaded again; the return then takes it off the queue")
    func payerIBANThatFailsItsCheck() async throws {
        try await withTestApp { app, _ in
            // CH56 0483 5012 3456 7801 1: one digit off, so stored as no IBAN at all.
            let payment = CamtFile.Entry(payments: [.init(amount: "70.00", bankReference: "X1", debtorIBAN: "CH5604835012345678011", debtorName: "Unknown C")],
                                         entryReference: "EX1")
            let first = try await BankImportTests.importer(app).run(.data(CamtFile(entries: [payment]).data), fileName: "statement.xml")
            #expect(first.unidentified == 1)
            // The same statement from the bank again: another message id, the same payment.
            let again = try await BankImportTests.importer(app).run(.data(CamtFile(entries: [payment]).data), fileName: "statement-again.xml")
            #expect(again.duplicates == 1 && again.unidentified == 0 && again.received.isEmpty, "\(again)")
            #expect(try await BankPayment.query(on: app.db).count() == 1)

            let returned = try await BankImportTests.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "70.00", bankReference: "X1", debtorIBAN: "CH5604835012345678011", debtorName: "Unknown C", returnReason: "AC04")],
                      reversal: true, entryReference: "RX1", direction: "DBIT"),
            ]).data), fileName: "return.xml")
            #expect(returned.reversals == 1 && returned.flagged == 0, "\(returned)")
            #expect(try await UnidentifiedPayments(db: app.db).waiting().isEmpty, "nothing the bank took back is left to credit")
        }
    }
}

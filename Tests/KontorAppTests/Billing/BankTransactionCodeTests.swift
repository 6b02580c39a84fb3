import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// The bank transaction code (`BkTxCd`, ISO 20022's external code list: domain, family, subfamily) says what a booking
/// is where nothing else does: a return some banks mark only by it.
@Suite("Bank transaction codes: a return said only by its code is a return")
struct BankTransactionCodeTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }

    @Test("a debit coded as the return of a received credit transfer (PMNT/RCDT/RRTN), without RvslInd or RtrInf, takes the payment back: the invoice is open again; a credit coded as the return of one of ours (PMNT/ICDT/RRTN) is money of ours coming back, parked")
    func returnSaidOnlyByItsCode() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 58)
            let paid = try await Self.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "58.00", bankReference: "T-1", debtorIBAN: "CH5604835012345678009")],
                      entryReference: "E-1"),
            ]).data), fileName: "paid.xml")
            #expect(paid.settled == 1)
            let returned = try await Self.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-03", entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "58.00", bankReference: "T-1", debtorIBAN: "CH5604835012345678009")],
                      entryReference: "E-9", direction: "DBIT", bankTransactionCode: "PMNT/RCDT/RRTN"),
                .init(payments: [.init(amount: "30.00", bankReference: "T-OURS")], entryReference: "E-10", bankTransactionCode: "PMNT/ICDT/RRTN"),
            ]).data), fileName: "returned.xml")
            #expect(returned.reversals == 1 && returned.ignored == 0, "\(returned)")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 5_800, "the invoice stays paid though its money went back")
            let ours = try #require(try await BankPayment.query(on: app.db).filter(\.$bankReference == "T-OURS").first())
            #expect(ours.outcome == "flagged" && ours.flag == "returned_payment" && ours.organizationID == nil)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// The bank transaction code (`BkTxCd`, ISO 20022's external code list: domain, family, subfamily) says what a booking
/// is where nothing else does: a return some banks mark only by it, the bank's own interest.
@Suite("Bank transaction codes: a return said only by its code is a return; the bank's own interest is not a customer's payment")
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

    @Test("the bank's interest credited to the account (ACMT/MCOP/INTR, no details) is flagged for staff as the bank's own booking, not queued as a customer's payment; its charges debited are ignored; the QR payment beside them settles its invoice")
    func bankInterestIsTheBanksOwn() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 14)
            var interest = CamtFile.Entry(payments: [.init(amount: "0.35", bankReference: nil)], entryReference: "E-INT", bankTransactionCode: "ACMT/MCOP/INTR")
            interest.withoutDetails = true
            interest.additionalInformation = "Habenzins"
            var charges = CamtFile.Entry(payments: [.init(amount: "5.00", bankReference: nil)], entryReference: "E-FEE", direction: "DBIT",
                                         bankTransactionCode: "ACMT/MDOP/CHRG")
            charges.withoutDetails = true
            let payment = CamtFile.Entry(payments: [.init(reference: invoice.reference, amount: "14.00", bankReference: "T-3")], entryReference: "E-QR",
                                         bankTransactionCode: "PMNT/RCDT/VCOM")
            let summary = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [interest, charges, payment]).data), fileName: "053.xml")
            #expect(summary.settled == 1 && summary.unidentified == 0 && summary.flagged == 1 && summary.ignored == 1, "\(summary)")
            let booked = try #require(try await BankPayment.query(on: app.db).filter(\.$entryReference == "E-INT").first())
            #expect(booked.outcome == "flagged" && booked.flag == "bank_booking" && booked.organizationID == nil)
            #expect(!booked.canBeCredited, "the bank's interest is nobody's payment: staff cannot credit it to a customer")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A return takes back the payment before it, never the customer's next one: as the bank booked them, in one file or
/// in several, and whichever way the bank marks a return.
@Suite("Returns in the order the bank booked them")
struct BankReturnOrderTests {
    static func importer(_ app: Application) -> BankStatementImporter { BankImportTests.importer(app) }
    static let ana = "CH9300762011623852957"

    static func openMinor(_ app: Application, _ invoice: Invoice) async throws -> Int64? {
        try await Invoice.find(invoice.id, on: app.db)?.openMinor
    }

    /// Ana, her invoice of CHF 100, and its payment from her account under `bankReference`.
    static func anaPays(_ app: Application, bankReference: String) async throws -> (organization: Organization, invoice: Invoice, paid: CamtFile.Payment) {
        let organization = try await BankImportTests.customer(app, "Ana")
        let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 100)
        return (organization, invoice, .init(reference: invoice.reference, amount: "100.00", bankReference: bankReference, debtorIBAN: ana))
    }

    /// `payment` under another bank reference: what its return repeats of it.
    static func returned(_ payment: CamtFile.Payment, bankReference: String) -> CamtFile.Payment {
        var returned = payment
        returned.bankReference = bankReference
        return returned
    }

    @Test("one file that pays an invoice, returns the payment and pays it again ends with the invoice paid and nothing in the prepaid account")
    func paidReturnedAndPaidAgainInOneFile() async throws {
        try await withTestApp { app, _ in
            let (organization, invoice, paid) = try await Self.anaPays(app, bankReference: "T1")
            func payment(_ bankReference: String) -> CamtFile.Payment { Self.returned(paid, bankReference: bankReference) }
            let summary = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [
                .init(payments: [payment("T1")], entryReference: "E1", day: "2026-12-01"),
                .init(payments: [payment("R1")], reversal: true, entryReference: "E2", day: "2026-12-02"),
                .init(payments: [payment("T3")], entryReference: "E3", day: "2026-12-03"),
            ]).data), fileName: "paid-returned-paid.xml")
            #expect(summary.settled == 2 && summary.prepaid == 0 && summary.reversals == 1, "\(summary)")
            #expect(try await Self.openMinor(app, invoice) == 0, "the second payment pays the invoice the return re-opened")
            #expect(try await PrepaidLedger.balance(of: organization.requireID(), currency: .chf, on: app.db).isZero)
            let returned = try #require(try await BankPayment.query(on: app.db).filter(\.$isReversal == true).first())
            let first = try #require(try await BankPayment.query(on: app.db).filter(\.$transactionReference == "T1").first())
            #expect(returned.reversesPaymentID == first.id, "the return takes back the payment before it, not the one after")
        }
    }

    @Test("a return never takes back a payment booked after it, whether that payment came in an earlier file or later in the same one",
          arguments: [true, false])
    func returnLeavesTheNextPayment(paymentInEarlierFile: Bool) async throws {
        try await withTestApp { app, _ in
            let (_, invoice, paid) = try await Self.anaPays(app, bankReference: "T-DEC6")
            let returnedPayment = Self.returned(paid, bankReference: "R-DEC2")
            let payment = CamtFile.Entry(payments: [paid], entryReference: "E-DEC6", day: "2026-12-06")
            let earlierReturn = CamtFile.Entry(payments: [returnedPayment], reversal: true, entryReference: "E-DEC2", day: "2026-12-02")
            if paymentInEarlierFile {
                _ = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [payment]).data), fileName: "payment.xml")
                _ = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [earlierReturn]).data), fileName: "return.xml")
            } else {
                _ = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [earlierReturn, payment]).data), fileName: "both.xml")
            }
            #expect(try await Self.openMinor(app, invoice) == 0, "the payment of 6 December stays the customer's")
            let returned = try #require(try await BankPayment.query(on: app.db).filter(\.$isReversal == true).first())
            #expect(returned.reversesPaymentID == nil && returned.flag == "reversal_unmatched", "the return waits for staff")
        }
    }

    @Test("in one file, a return listed before a payment of the same day does not take it back, and the summary counts the return once")
    func returnListedBeforeASameDayPayment() async throws {
        try await withTestApp { app, _ in
            let (_, invoice, paid) = try await Self.anaPays(app, bankReference: "T1")
            let returnedPayment = Self.returned(paid, bankReference: "R0")
            let summary = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [
                .init(payments: [returnedPayment], reversal: true, entryReference: "E-R0"),
                .init(payments: [paid], entryReference: "E-T1"),
            ]).data), fileName: "return-then-payment.xml")
            #expect(summary.reversals == 1 && summary.flagged == 1 && summary.settled == 1, "\(summary)")
            #expect(try await Self.openMinor(app, invoice) == 0, "the payment after the return stays the customer's")
            #expect(try await BankPayment.query(on: app.db).filter(\.$isReversal == true).first()?.flag == "reversal_unmatched")
        }
    }

    @Test("in one file, a return listed before its payment that repeats the bank's own reference of that payment takes it back (banks that list debits first)")
    func returnListedFirstNamingItsPayment() async throws {
        try await withTestApp { app, _ in
            let (organization, invoice, paid) = try await Self.anaPays(app, bankReference: "RA")
            let summary = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [
                .init(payments: [paid], reversal: true, entryReference: "E-R"),
                .init(payments: [paid], entryReference: "E-P"),
            ]).data), fileName: "debits-first.xml")
            #expect(summary.settled == 1 && summary.reversals == 1 && summary.flagged == 0, "\(summary)")
            #expect(try await Self.openMinor(app, invoice) == 10_000, "the money went back: the invoice is open again")
            #expect(try await PrepaidLedger.balance(of: organization.requireID(), currency: .chf, on: app.db).isZero)
            let returned = try #require(try await BankPayment.query(on: app.db).filter(\.$isReversal == true).first())
            let payment = try #require(try await BankPayment.query(on: app.db).filter(\.$isReversal == false).first())
            #expect(returned.reversesPaymentID == payment.id && returned.flag == nil)
            // The same file again changes nothing.
            let again = try await Self.importer(app).run(.data(CamtFile(kind: "053", entries: [
                .init(payments: [paid], reversal: true, entryReference: "E-R"),
                .init(payments: [paid], entryReference: "E-P"),
            ]).data), fileName: "debits-first-again.xml")
            #expect(again.settled == 0 && again.reversals == 0 && again.flagged == 0, "\(again)")
            #expect(try await Self.openMinor(app, invoice) == 10_000)
        }
    }

    @Test("a return found only by reference and account takes back a payment of the last 30 days, not last quarter's; the bank's own reference of the payment finds it whatever its age")
    func oldPaymentsAreNotTakenBackOnAGuess() async throws {
        try await withTestApp { app, _ in
            let (_, old, payment) = try await Self.anaPays(app, bankReference: "T-SEP")
            _ = try await Self.importer(app).run(.data(CamtFile(kind: "054", day: "2026-09-01", entries: [
                .init(payments: [payment], entryReference: "E-SEP"),
            ]).data), fileName: "september.xml")
            let guessed = Self.returned(payment, bankReference: "R-DEC")
            let byReference = try await Self.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-02", entries: [
                .init(payments: [guessed], reversal: true, entryReference: "RE-DEC"),
            ]).data), fileName: "return-by-reference.xml")
            #expect(byReference.flagged == 1, "three months on, the same reference is no proof")
            #expect(try await Self.openMinor(app, old) == 0)
            // A recall that repeats the bank's reference of the payment is exact.
            let byBankReference = try await Self.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-03", entries: [
                .init(payments: [payment], reversal: true, entryReference: "RE-DEC-2"),
            ]).data), fileName: "recall.xml")
            #expect(byBankReference.flagged == 0 && byBankReference.reversals == 1, "\(byBankReference)")
            #expect(try await Self.openMinor(app, old) == 10_000)
        }
    }

    @Test("a debit the bank reports as a returned payment (RtrInf) without marking it a reversal re-opens the invoice the payment settled")
    func debitWithReturnInformation() async throws {
        try await withTestApp { app, _ in
            let (_, invoice, paid) = try await Self.anaPays(app, bankReference: "T1")
            _ = try await Self.importer(app).run(.data(CamtFile(kind: "054", entries: [.init(payments: [paid], entryReference: "E1")]).data),
                                                 fileName: "payment.xml")
            var recalled = Self.returned(paid, bankReference: "R1")
            recalled.returnReason = "FOCR"
            let summary = try await Self.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-04", entries: [
                .init(payments: [recalled], entryReference: "E-R1", direction: "DBIT"),
            ]).data), fileName: "recall.xml")
            #expect(summary.reversals == 1 && summary.ignored == 0, "\(summary)")
            #expect(try await Self.openMinor(app, invoice) == 10_000, "the money went back: the invoice is open again")
            // A debit without return information is the provider's own payment going out: nothing to take back.
            let payout = try await Self.importer(app).run(.data(CamtFile(kind: "053", day: "2026-12-05", entries: [
                .init(payments: [.init(amount: "40.00", bankReference: "P1")], entryReference: "E-P1", direction: "DBIT"),
            ]).data), fileName: "payout.xml")
            #expect(payout.ignored == 1 && payout.reversals == 0)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A bank's statement (camt.053) may list a return without details: nothing in it names the payment taken back. Its
/// detail file (camt.054) names it. Whichever comes first, the invoice the payment settled is open again, once.
@Suite("A return the camt.053 lists without details and the camt.054 names reopens the invoice once, in either order")
struct BankReturnWithoutDetailsTests {
    @Test("payment, then the statement's nameless return, then the detailed return: the invoice is open again and nothing waits for staff; the other order too",
          arguments: [true, false])
    func namelessReturnCompletedByItsDetails(statementFirst: Bool) async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana").requireID()
            let invoice = try await InvoiceTests.issue(app, to: ana, francs: 58)
            let payer = "CH5604835012345678009"
            let paid = CamtFile(kind: "054", day: "2026-12-03", entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "58.00", bankReference: "TX-E1", debtorIBAN: payer)], entryReference: "EN-P1"),
            ])
            #expect(try await BankImportTests.importer(app).run(.data(paid.data), fileName: "paid.xml").settled == 1)
            var nameless = CamtFile.Entry(payments: [.init(amount: "58.00", bankReference: nil)], reversal: true, entryReference: "EN-R1", direction: "DBIT")
            nameless.withoutDetails = true
            let statement = CamtFile(kind: "053", day: "2026-12-04", entries: [nameless])
            let detailed = CamtFile(kind: "054", day: "2026-12-04", entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "58.00", bankReference: "TX-R1", debtorIBAN: payer, returnReason: "AC04")],
                      reversal: true, entryReference: "EN-R1", direction: "DBIT"),
            ])
            for (name, file) in statementFirst ? [("053", statement), ("054", detailed)] : [("054", detailed), ("053", statement)] {
                _ = try await BankImportTests.importer(app).run(.data(file.data), fileName: "\(name).xml")
            }
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 5_800, "the money went back: the invoice is open (053 first: \(statementFirst))")
            #expect(try await InvoiceSettlement.query(on: app.db).all().map(\.amountMinor).reduce(0, +) == 0, "settled, then taken back")
            let waiting = try await BankPayment.query(on: app.db).filter(\.$isReversal == true).filter(\.$assignment == nil)
                .filter(\.$flag == "reversal_unmatched").count()
            #expect(waiting == 0, "no return left for staff to check")
            // Either file again changes nothing.
            for file in [statement, detailed] {
                var again = file
                again.messageID = "AGAIN-\(UUID())"
                _ = try await BankImportTests.importer(app).run(.data(again.data), fileName: "again.xml")
            }
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 5_800)
        }
    }
}

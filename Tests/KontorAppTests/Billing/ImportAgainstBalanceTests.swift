import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A statement import and a payment from the prepaid balance of the same invoice at the same moment, through two
/// servers. On PostgreSQL the import read the invoice open, the balance paid it meanwhile, and the import then
/// settled it a second time: the customer paid twice and the bank's money was credited nowhere.
@Suite("An invoice paid from the balance while a statement pays it is paid once")
struct ImportAgainstBalanceTests {
    @Test("eight invoices paid by a statement and from the balance at once: each settled exactly once, and every franc not needed stays in the balance")
    func paidOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let ana = try await BankImportTests.customer(apps[0], "Ana")
            let organizationID = try ana.requireID()
            try await InvoiceTests.credit(apps[0], organizationID, francs: 800)
            var invoices: [Invoice] = []
            for _ in 0..<8 { invoices.append(try await InvoiceTests.issue(apps[0], to: organizationID, francs: 100)) }
            // The invoices' payments first, then enough other money that the import is still writing while the
            // customer pays from the balance.
            var entries = invoices.enumerated().map { index, invoice in
                CamtFile.Entry(payments: [.init(reference: invoice.reference, amount: "100.00", bankReference: "PAY-\(index)")], entryReference: "E-\(index)")
            }
            entries += (0..<6_000).map { CamtFile.Entry(payments: [.init(amount: "1.00", bankReference: "OTHER-\($0)", debtorIBAN: "DE89370400440532013000")],
                                                        entryReference: "O-\($0)") }
            let file = CamtFile(day: ReminderTests.day(apps[0], clock), entries: entries)
            async let imported = ReminderTests.importFile(apps[0], clock, file)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, invoice) in invoices.enumerated() {
                    group.addTask {
                        // Spread over the import's half second or so (debug build), most of them after it read the
                        // invoices and before it commits.
                        try await Task.sleep(for: .milliseconds(100 + 80 * index))
                        do {
                            _ = try await InvoiceSettling.payFromBalance(invoiceID: invoice.requireID(), organizationID: organizationID, userID: nil,
                                                                         now: Date(), on: apps[1].db)
                            return true
                        } catch AppError.conflict(messageKey: "error.billing.already_paid", _) {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            _ = try await imported
            for invoice in invoices {
                let settled = try await InvoiceSettlement.query(on: apps[1].db).filter(\.$invoice.$id == invoice.requireID()).all().reduce(Int64(0)) { $0 + $1.amountMinor }
                #expect(settled == 10_000, "invoice \(invoice.number) settled \(settled)")
            }
            // 800 francs of balance and 800 of bank payments for 800 francs of invoices: 800 stay in the balance,
            // whoever paid which invoice.
            let balance = try await PrepaidLedger.balance(of: organizationID, currency: .chf, on: apps[1].db)
            #expect(balance.minorUnits == 80_000, "balance \(balance), \(outcomes.filter { $0 }.count) paid from the balance")
        }
    }
}

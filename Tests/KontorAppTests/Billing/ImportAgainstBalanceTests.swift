import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A statement import and a payment from the prepaid balance of the same invoice at the same moment, through two
/// servers. On PostgreSQL the import read the invoice open, the balance paid it meanwhile, and the import then
/// settled it a second time: the customer paid twice and the bank's money was credited nowhere. Here the customer pays
/// just after the import read the invoices (`afterMatching`): the payment must wait for the import and find them paid.
@Suite("An invoice paid from the balance while a statement pays it is paid once")
struct ImportAgainstBalanceTests {
    /// The tasks paying from the balance, started from inside the import.
    actor PaymentsFromBalance {
        private var tasks: [Task<Bool, any Error>] = []
        func start(_ task: Task<Bool, any Error>) { tasks.append(task) }
        func results() async throws -> [Bool] {
            var results: [Bool] = []
            for task in tasks { results.append(try await task.value) }
            return results
        }
    }

    @Test("eight invoices paid from the balance while a statement that pays them is being imported: each settled once, by the bank, and the balance untouched")
    func paidOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let ana = try await BankImportTests.customer(apps[0], "Ana")
            let organizationID = try ana.requireID()
            try await InvoiceTests.credit(apps[0], organizationID, francs: 800)
            var invoices: [Invoice] = []
            for _ in 0..<8 { invoices.append(try await InvoiceTests.issue(apps[0], to: organizationID, francs: 100)) }
            let file = CamtFile(day: ReminderTests.day(apps[0], clock), entries: invoices.enumerated().map { index, invoice in
                CamtFile.Entry(payments: [.init(reference: invoice.reference, amount: "100.00", bankReference: "PAY-\(index)")], entryReference: "E-\(index)")
            })
            // The customer pays every invoice from the balance just after the import read them as open and before it
            // settles them: through the other server, given time to go through if nothing stops it.
            let payments = PaymentsFromBalance()
            var importer = BankStatementImporter(db: apps[0].db, config: apps[0].kontor.config.billing, allowTestFiles: false, staffID: nil, now: clock.now)
            let ids = try invoices.map { try $0.requireID() }
            importer.afterMatching = {
                for id in ids {
                    await payments.start(Task.detached {
                        do {
                            _ = try await InvoiceSettling.payFromBalance(invoiceID: id, organizationID: organizationID, userID: nil, now: Date(), on: apps[1].db)
                            return true
                        } catch AppError.conflict(messageKey: "error.billing.already_paid", _) {
                            return false
                        }
                    })
                }
                try await Task.sleep(for: .milliseconds(300))
            }
            _ = try await importer.run(.data(file.data), fileName: "day.xml")
            let outcomes = try await payments.results()
            #expect(outcomes.count == 8 && outcomes.allSatisfy { !$0 }, "paid from the balance: \(outcomes)")
            for invoice in invoices {
                let settled = try await InvoiceSettlement.query(on: apps[1].db).filter(\.$invoice.$id == invoice.requireID()).all().reduce(Int64(0)) { $0 + $1.amountMinor }
                #expect(settled == 10_000, "invoice \(invoice.number) settled \(settled)")
            }
            // The bank paid all 800 francs of invoices: the 800 of balance stay.
            let balance = try await PrepaidLedger.balance(of: organizationID, currency: .chf, on: apps[1].db)
            #expect(balance.minorUnits == 80_000, "balance \(balance)")
        }
    }
}

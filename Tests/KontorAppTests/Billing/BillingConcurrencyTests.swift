import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// The batch write paths of billing, started at the same moment on two servers sharing one database.
@Suite("Billing runs on two servers at once: nothing doubled, nothing lost")
struct BillingConcurrencyTests {
    @Test("the same statement imported on two servers at once books each payment once; a server that loses the race imports nothing or only duplicates")
    func sameStatementTwice() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let org = try await BankImportTests.customer(apps[0], "Ana").requireID()
            var entries: [CamtFile.Entry] = []
            for index in 0..<20 {
                let invoice = try await InvoiceTests.issue(apps[0], to: org, francs: Int64(10 + index))
                entries.append(.init(payments: [.init(reference: invoice.reference, amount: "\(10 + index).00", bankReference: "T\(index)")],
                                     entryReference: "E\(index)"))
            }
            let file = CamtFile(entries: entries).data
            let outcomes = await withTaskGroup(of: String.self) { group in
                for app in apps {
                    group.addTask {
                        do {
                            let summary = try await BankImportTests.importer(app).run(.data(file), fileName: "same.xml")
                            return "settled \(summary.settled) duplicates \(summary.duplicates)"
                        } catch {
                            return ConcurrentChange(error) == .conflict ? "conflict" : "error \(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.contains("settled 20 duplicates 0"), "\(outcomes)")
            #expect(outcomes.allSatisfy { $0 == "settled 20 duplicates 0" || $0 == "settled 0 duplicates 20" || $0 == "conflict" }, "\(outcomes)")
            #expect(try await BankPayment.query(on: apps[0].db).count() == 20)
            #expect(try await InvoiceSettlement.query(on: apps[0].db).count() == 20)
            #expect(try await Invoice.query(on: apps[0].db).filter(\.$openMinor > 0).count() == 0)

            // The same bytes once more on both servers at once: recognised by their hash, recorded, nothing booked.
            let again = await withTaskGroup(of: String.self) { group in
                for app in apps {
                    group.addTask {
                        do {
                            let summary = try await BankImportTests.importer(app).run(.data(file), fileName: "same.xml")
                            return "settled \(summary.settled) duplicates \(summary.duplicates)"
                        } catch {
                            return "error \(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(again == ["settled 0 duplicates 20", "settled 0 duplicates 20"], "\(again)")
            #expect(try await BankPayment.query(on: apps[0].db).count() == 20)
        }
    }

    @Test("two reminder runs at once on two servers take each step once and queue each e-mail once")
    func remindersTwice() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let org = try await BankImportTests.customer(apps[0], "Ana").requireID()
            for index in 0..<30 { try await InvoiceTests.issue(apps[0], to: org, francs: Int64(10 + index), now: clock.now) }
            clock.advance(by: 41 * 86_400)
            try await ReminderTests.importStatement(apps[0], clock)
            let day = ReminderTests.day(apps[0], clock)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for app in apps { group.addTask { _ = try await app.reminderRun(day: day).run() } }
                try await group.waitForAll()
            }
            #expect(try await PaymentReminder.query(on: apps[0].db).count() == 30)
            let reminders = try await OutboxMessage.query(on: apps[0].db).filter(\.$subject ~~ "reminder").count()
            #expect(reminders == 30, "one reminder e-mail per invoice (one legal representative), beside the 30 invoice notices")
        }
    }
}

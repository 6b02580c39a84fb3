import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

/// On PostgreSQL a statement import holds the organizations whose invoices it pays until the whole file is in. An
/// invoice for one of them waited for the import inside the server's issuing queue, and every other invoice, order and
/// renewal of that server waited behind it: for a large file, seconds of orders that had nothing to do with it.
@Suite("An invoice for a customer a running import pays waits for it without holding up the server's other invoices")
struct IssuingBesideImportTests {
    /// Whether an issue started inside the import has finished yet.
    actor Finished {
        private(set) var value = false
        func set() { value = true }
    }

    @Test("during an import that pays Ana's invoice, Bob's invoice is issued at once; Ana's waits for the import, then is issued",
          .enabled(if: TestDatabase.isPostgres, "SQLite runs one writer at a time: every issue waits for the import there"))
    func othersGoOn() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana"), bob = try await BankImportTests.customer(app, "Bob")
            let anaID = try ana.requireID(), bobID = try bob.requireID()
            let paid = try await InvoiceTests.issue(app, to: anaID, francs: 100)
            try await InvoiceTests.ensureAddress(app, bobID)
            let file = CamtFile(day: ReminderTests.day(app, clock), entries: [
                CamtFile.Entry(payments: [.init(reference: paid.reference, amount: "100.00", bankReference: "PAY-1")], entryReference: "E-1"),
            ])
            let anaFinished = Finished(), bobFinished = Finished()
            let outcome = NIOLockedValueBox<(bobDuringImport: Bool, anaDuringImport: Bool, ana: Task<Invoice, any Error>?)>((false, false, nil))
            var importer = BankStatementImporter(db: app.db, config: app.kontor.config.billing, allowTestFiles: false, staffID: nil, now: clock.now)
            // Between matching and writing, with Ana's organization locked: Ana's invoice first, then Bob's. Bob's is
            // watched, not awaited: before the fix it waited for Ana's, which waited for this import.
            importer.afterMatching = {
                let anaIssue = Task {
                    let invoice = try await InvoiceTests.issue(app, to: anaID, francs: 50)
                    await anaFinished.set()
                    return invoice
                }
                try await Task.sleep(for: .milliseconds(300))
                Task {
                    _ = try await InvoiceTests.issue(app, to: bobID, francs: 70)
                    await bobFinished.set()
                }
                let deadline = ContinuousClock.now + .seconds(5)
                while await !bobFinished.value, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                let (bobDone, anaDone) = (await bobFinished.value, await anaFinished.value)
                outcome.withLockedValue { $0 = (bobDone, anaDone, anaIssue) }
            }
            _ = try await importer.run(.data(file.data), fileName: "day.xml")
            let (bobDuringImport, anaDuringImport, anaIssue) = outcome.withLockedValue { $0 }
            #expect(bobDuringImport, "Bob's invoice waited for an import that does not pay him")
            #expect(!anaDuringImport, "Ana's invoice was issued while the import held her organization")
            let anaInvoice = try #require(try await anaIssue?.value)
            #expect(anaInvoice.openMinor == 5_000)
            let settled = try await Invoice.find(paid.requireID(), on: app.db)
            #expect(settled?.openMinor == 0)
        }
    }
}

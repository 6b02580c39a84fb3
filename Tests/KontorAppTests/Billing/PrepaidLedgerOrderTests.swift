@testable import KontorApp
import Fluent
import Foundation
import KontorDomain
import Testing
import Vapor

@Suite("Prepaid account: the movements read in the order they were booked")
struct PrepaidLedgerOrderTests {
    /// Ana's organization, whose account staff credit with 50 francs while an import that began 90 s earlier still runs;
    /// the time that import began.
    static func creditedWhileAnImportRan(_ app: Application) async throws -> (org: UUID, importStarted: Date) {
        let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
        let org = try await Scenario.organization(of: ana, on: app).requireID()
        let importStarted = Date().addingTimeInterval(-90)
        try await InvoiceTests.credit(app, org, francs: 50)
        return (org, importStarted)
    }

    @Test("a posting whose work began before the last movement (an import that waited for the lock) is dated no earlier than it")
    func neverDatedBeforeThePreviousMovement() async throws {
        try await withTestApp { app, _ in
            let (org, importStarted) = try await Self.creditedWhileAnImportRan(app)
            // The import takes 20 of them back, with the time it started.
            try await app.db.transaction { db in
                try await db.lockForUpdate(Organization.self, id: org)
                try await PrepaidLedger.post(.init(kind: .reversal, amount: Money(minorUnits: -2_000, currency: .chf)), to: org, now: importStarted, on: db)
            }
            let newestFirst = try await PrepaidLedger.entries(of: org, currency: .chf, limit: 10, offset: 0, on: app.db)
            #expect(newestFirst.map(\.amountMinor) == [-2_000, 5_000])
            #expect(newestFirst.map(\.balanceAfterMinor) == [3_000, 5_000])
            #expect(newestFirst[0].createdAt >= newestFirst[1].createdAt, "\(newestFirst.map { $0.createdAt.timeIntervalSince1970 })")
        }
    }

    @Test("the import's credits in bulk are dated no earlier than the movement before them either")
    func bulkCreditsNeverDatedBeforeThePreviousMovement() async throws {
        try await withTestApp { app, _ in
            let (org, importStarted) = try await Self.creditedWhileAnImportRan(app)
            try await app.db.transaction { db in
                try await PrepaidBulkCredit(db: db, now: importStarted)
                    .credit([(organizationID: org, amount: Money(minorUnits: 700, currency: .chf), bankPaymentID: UUID())])
            }
            let newestFirst = try await PrepaidLedger.entries(of: org, currency: nil, limit: 10, offset: 0, on: app.db)
            #expect(newestFirst.map(\.amountMinor) == [700, 5_000])
            #expect(newestFirst.map(\.balanceAfterMinor) == [5_700, 5_000])
        }
    }
}

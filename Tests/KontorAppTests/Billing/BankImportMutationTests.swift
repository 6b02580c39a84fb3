import TestSupport
import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor

/// Damaged copies of well-formed bank files imported for real (`CamtMutations`): each import either books and
/// answers a summary, or is refused as a whole — a malformed file, a test file — and keeps nothing. Any other error
/// would reach staff as a 500, and a half-kept file as money booked from a file the bank never sent.
@Suite("Damaged bank files, imported: a summary or a refusal, all or nothing, never another error")
struct BankImportMutationTests {
    @Test("each damaged copy is booked or refused whole", arguments: [
        "camt054-v08-qr-collective-of-two.xml", "camt054-v04-qrr-and-scor.xml", "camt054-v08-reversal.xml",
        "camt053-v08-collective-and-single.xml", "camt053-v04-single.xml", "camt054-v04-batch-with-amounts.xml",
    ])
    func damagedCopies(fixture: String) async throws {
        // As the bank wrote it: placeholders left as they stand (no invoice of this database is named).
        let data = try CamtFixture.data(fixture)
        try await withTestApp { app, _ in
            var (booked, refused) = (0, 0)
            for (number, mutation) in CamtMutations.mutations(of: data, seed: fixture.hashValueStable, count: 28).enumerated() {
                let (payments, imports) = (try await BankPayment.query(on: app.db).count(), try await BankStatementImport.query(on: app.db).count())
                do {
                    _ = try await BankImportTests.importer(app).run(.data(mutation.data), fileName: "damaged-\(number).xml")
                    booked += 1
                } catch is BankStatementImporter.Refusal {
                    refused += 1
                    #expect(try await BankPayment.query(on: app.db).count() == payments, "\(fixture) #\(number) (\(mutation)): refused, yet payments were kept")
                    #expect(try await BankStatementImport.query(on: app.db).count() == imports, "\(fixture) #\(number) (\(mutation)): refused, yet recorded")
                } catch {
                    Issue.record("\(fixture) #\(number) (\(mutation)): \(String(reflecting: error))")
                }
            }
            #expect(booked > 0 && refused > 0, "\(fixture): \(booked) booked, \(refused) refused — the mutations should do both")
        }
    }
}

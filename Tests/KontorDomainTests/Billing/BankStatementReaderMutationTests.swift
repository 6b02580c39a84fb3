import TestSupport
import Foundation
@testable import KontorDomain
import Testing

/// Every fixture the reader accepts, damaged in a few hundred ways: the reader hands over entries or says what is wrong
/// and where, and never stops the process (a trap in the reader would take the server down with the upload).
@Suite("Damaged bank files: read or refused with the place named, never a crash")
struct BankStatementReaderMutationTests {
    static let wellFormed: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: BankStatementFixtures.directory.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") && BankStatementFixtures.read($0).summary != nil }.sorted()
    }()

    @Test("the fixtures that read are found (the mutations below would test nothing otherwise)")
    func fixturesFound() {
        #expect(Self.wellFormed.count >= 20, "\(Self.wellFormed)")
    }

    @Test("each damaged copy is read or refused with a message and a place", arguments: wellFormed)
    func damagedCopies(fixture: String) throws {
        let data = try Data(contentsOf: BankStatementFixtures.url(fixture))
        for (number, mutation) in CamtMutations.mutations(of: data, seed: fixture.hashValueStable, count: 70).enumerated() {
            var entries = 0
            do throws(BankStatementError) {
                _ = try BankStatementReader.read(from: mutation.data, header: { _ in }, entry: { _ in entries += 1 })
            } catch {
                #expect(!error.messageKey.isEmpty && (error.line != nil || error.path != nil || error.messageKey.contains("empty")),
                        "\(fixture) #\(number) (\(mutation)): \(error) names no place")
            }
        }
    }
}

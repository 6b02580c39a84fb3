import Fluent
import SQLKit
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Banks that have no reference for a booking write a placeholder the schema demands (`NONREF`, `NOTPROVIDED`), some
/// restart their numbering every day, and two transfers without any reference can agree on amount and day. Each of
/// these is still one payment per transfer: recorded once, never dropped as a repeat of another.
@Suite("Reused and placeholder bank references: every transfer is recorded once, none is taken for another's repeat")
struct BankReferenceReuseTests {
    private static func importing(_ app: Application, _ file: CamtFile) async throws -> BankStatementImporter.Summary {
        try await BankImportTests.importer(app).run(.data(file.data), fileName: file.messageID)
    }

    private static func recorded(_ app: Application) async throws -> Int {
        try await BankPayment.query(on: app.db).count()
    }

    @Test("NONREF on every booking, 25 payers in one file: 25 payments; the file again changes nothing; the next day's file with the same placeholder records its own")
    func placeholderOnEveryBooking() async throws {
        try await withTestApp { app, _ in
            let payments = (1...25).map { CamtFile.Entry(payments: [.init(amount: "\(29 + $0).00", bankReference: nil, debtorName: "Zahler \($0)")],
                                                         entryReference: "NONREF") }
            var file = CamtFile(kind: "053", entries: payments)
            let first = try await Self.importing(app, file)
            #expect(first.duplicates == 0 && first.unidentified == 25, "\(first)")
            #expect(try await Self.recorded(app) == 25)
            #expect(try await BankPayment.query(on: app.db).filter(\.$bankReference == "NONREF").count() == 0, "the placeholder is no reference")

            file.messageID = "AGAIN-1"
            let again = try await Self.importing(app, file)
            #expect(again.duplicates == 25 && again.unidentified == 0, "\(again)")

            let nextDay = CamtFile(kind: "053", day: "2026-12-02", entries: (1...3).map {
                CamtFile.Entry(payments: [.init(amount: "\(60 + $0).00", bankReference: "NOTPROVIDED", debtorName: "Neu \($0)")], entryReference: "NONREF")
            })
            let second = try await Self.importing(app, nextDay)
            #expect(second.duplicates == 0 && second.unidentified == 3, "\(second)")
            #expect(try await Self.recorded(app) == 28)
        }
    }

    @Test("a reference the bank restarts every day: 24 days of '000001' are 24 payments, and any day's file again changes nothing")
    func referenceRestartedDaily() async throws {
        try await withTestApp { app, _ in
            var files: [CamtFile] = []
            for day in 1...24 {
                let date = String(format: "2026-11-%02d", day)
                let entry = CamtFile.Entry(payments: [.init(amount: "\(100 + day).00", bankReference: "000001", debtorName: "Kunde \(day)")],
                                           entryReference: "000001")
                files.append(CamtFile(messageID: "DAY-\(day)", day: date, entries: [entry]))
            }
            for file in files {
                let summary = try await Self.importing(app, file)
                #expect(summary.duplicates == 0, "\(file.day): \(summary)")
            }
            #expect(try await Self.recorded(app) == 24)
            for day in [1, 21, 24] {
                var again = files[day - 1]
                again.messageID += "-AGAIN"
                let summary = try await Self.importing(app, again)
                #expect(summary.duplicates == 1 && summary.unidentified == 0 && summary.flagged == 0, "day \(day): \(summary)")
            }
            #expect(try await Self.recorded(app) == 24)
        }
    }

    @Test("two transfers without any reference, same amount and day, from two payers in two files: two payments; both files again change nothing")
    func sameAmountOtherPayer() async throws {
        try await withTestApp { app, _ in
            // A placeholder booking reference and no detail reference: only what the transfer says tells it apart.
            let anna = CamtFile(messageID: "ANNA", entries: [.init(payments: [.init(amount: "50.00", bankReference: nil, debtorName: "Anna Muster",
                                                                                   message: "Spende")], entryReference: "NOTPROVIDED")])
            let bruno = CamtFile(messageID: "BRUNO", entries: [.init(payments: [.init(amount: "50.00", bankReference: nil, debtorName: "Bruno Beispiel",
                                                                                     message: "Mitgliederbeitrag")], entryReference: "NOTPROVIDED")])
            #expect(try await Self.importing(app, anna).unidentified == 1)
            #expect(try await Self.importing(app, bruno).unidentified == 1)
            #expect(try await Self.recorded(app) == 2)
            // Both payers in one later file (another message id): each is the one recorded for it.
            let both = CamtFile(messageID: "BOTH", entries: [
                .init(payments: [.init(amount: "50.00", bankReference: nil, debtorName: "Bruno Beispiel", message: "Mitgliederbeitrag")], entryReference: "NONREF"),
                .init(payments: [.init(amount: "50.00", bankReference: nil, debtorName: "Anna Muster", message: "Spende")], entryReference: "NONREF"),
            ])
            let again = try await Self.importing(app, both)
            #expect(again.duplicates == 2 && again.unidentified == 0, "\(again)")
            #expect(try await Self.recorded(app) == 2)
        }
    }

    @Test("two identical transfers without a reference in one file stay two; the file again is two repeats")
    func identicalTransfersInOneFile() async throws {
        try await withTestApp { app, _ in
            let deposit = CamtFile.Entry(payments: [.init(amount: "50.00", bankReference: nil, debtorName: "Einzahlung")], entryReference: "NONREF")
            var file = CamtFile(entries: [deposit, deposit])
            #expect(try await Self.importing(app, file).unidentified == 2)
            file.messageID = "AGAIN"
            let again = try await Self.importing(app, file)
            #expect(again.duplicates == 2 && again.unidentified == 0, "\(again)")
        }
    }

    @Test("an import names the file's own message version (a .02 notification is 001.02, a .04 one 001.04), not the current one")
    func versionAsSent() async throws {
        try await withTestApp { app, _ in
            for (fixture, version) in [("camt054-v02-qr-payment.xml", "001.02"), ("camt054-v04-qrr-and-scor.xml", "001.04")] {
                let summary = try await BankImportTests.importer(app).run(.data(try CamtFixture.data(fixture)), fileName: fixture)
                #expect(summary.version == version, "\(fixture)")
                let record = try #require(try await BankStatementImport.find(summary.importID, on: app.db))
                #expect(record.version == version)
            }
        }
    }

    @Test("a payment the bank gave a reference, reported again with the payer's name written otherwise ('ü' and 'ue'), is the same payment")
    func sameReferenceOtherSpelling() async throws {
        try await withTestApp { app, _ in
            let first = CamtFile(messageID: "054-A", entries: [.init(payments: [.init(amount: "75.00", bankReference: "T-REF-1", debtorName: "Müller AG",
                                                                                     message: "Rechnung 12")], entryReference: "E-1")])
            #expect(try await Self.importing(app, first).unidentified == 1)
            let again = CamtFile(kind: "053", messageID: "053-A", entries: [.init(payments: [.init(amount: "75.00", bankReference: "T-REF-1", debtorName: "MUELLER AG",
                                                                                                 message: "RECHNUNG 12 DANKE")], entryReference: "E-1")])
            let summary = try await Self.importing(app, again)
            #expect(summary.duplicates == 1 && summary.unidentified == 0 && summary.flagged == 0, "\(summary)")
            #expect(try await Self.recorded(app) == 1)
        }
    }

    @Test("payments recorded before placeholders were read as no reference (keyed 'tx|…|NONREF', '#2' …) are found again: a file overlapping them books nothing twice")
    func recordedUnderThePlaceholder() async throws {
        try await withTestApp { app, _ in
            let entries = (1...3).map { CamtFile.Entry(payments: [.init(amount: "\(40 + $0).00", bankReference: "NONREF", debtorName: "Zahler \($0)")],
                                                       entryReference: "NONREF") }
            #expect(try await Self.importing(app, CamtFile(messageID: "BEFORE", entries: entries)).unidentified == 3)
            // As the import before this rule recorded them: the placeholder was each payment's key, repeats numbered.
            let sql = app.db as! any SQLDatabase
            for (index, amount) in [4_100, 4_200, 4_300].enumerated() {
                let key = "tx|CH4431999123000889012|NONREF" + (index == 0 ? "" : "#\(index + 1)")
                try await sql.raw("UPDATE bank_payments SET dedupe_key = \(bind: key) WHERE amount_minor = \(bind: amount)").run()
            }
            let again = try await Self.importing(app, CamtFile(messageID: "DOWNLOADED-AGAIN", entries: entries.reversed()))
            #expect(again.duplicates == 3 && again.unidentified == 0, "\(again)")
            #expect(try await Self.recorded(app) == 3)
            // A payment that is new is still recorded beside them.
            let new = CamtFile.Entry(payments: [.init(amount: "99.00", bankReference: "NONREF", debtorName: "Neu")], entryReference: "NONREF")
            #expect(try await Self.importing(app, CamtFile(messageID: "LATER", entries: entries + [new])).unidentified == 1)
        }
    }
}

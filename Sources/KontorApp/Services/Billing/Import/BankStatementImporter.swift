import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Imports a camt.053 or camt.054 file: every booked credit is recorded once and settles an invoice, credits a
/// prepaid account or waits for staff; reversals compensate what they reverse. The whole file is one transaction —
/// a malformed file, a refused test file or any error imports nothing.
///
/// Work is done in batches of a few thousand transactions with set operations (one look-up per kind of fact, one
/// multi-row insert per table), because row-by-row ORM writes cannot reach the 40,000 transactions a second that a
/// big notification file needs.
struct BankStatementImporter {
    let db: any Database
    let config: BillingConfiguration
    let allowTestFiles: Bool
    let staffID: UUID?
    let now: Date

    struct Summary: Sendable, Codable, Equatable {
        var importID: UUID?
        var fileName: String
        var kind = ""
        var version = ""
        var messageID = ""
        var transactions = 0
        var settled = 0
        var prepaid = 0
        var unidentified = 0
        var duplicates = 0
        var flagged = 0
        var ignored = 0
        var reversals = 0
        /// Minor units received per currency in booked, newly recorded credits.
        var received: [String: Int64] = [:]
        var latestBookingDate: String?
    }

    enum Refusal: Error, Equatable {
        case testFile
        case malformed(String)
    }

    func run(_ source: StatementBatches.Source, fileName: String, progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> Summary {
        let batches = StatementBatches(source: source)
        let fileName = String(fileName.prefix(200))
        do {
            return try await db.transaction { db in
                var summary = Summary(fileName: fileName)
                var state = ImportState()
                let record = BankStatementImport()
                for try await element in batches {
                    switch element {
                    case .header(let header):
                        guard !header.isTest || allowTestFiles else { throw Refusal.testFile }
                        summary.kind = header.kind == .statement ? "camt.053" : "camt.054"
                        summary.version = header.version == .v04 ? "001.04" : "001.08"
                        summary.messageID = String(header.messageID.prefix(200))
                        record.fileName = summary.fileName
                        record.messageID = summary.messageID
                        record.kind = summary.kind
                        record.version = summary.version
                        record.importedAt = now
                        record.importedOn = config.day(of: now)
                        record.staffID = staffID
                        record.transactions = 0; record.settled = 0; record.prepaid = 0; record.unidentified = 0
                        record.duplicates = 0; record.flagged = 0; record.ignored = 0; record.reversals = 0
                        try await record.create(on: db)
                    case .entries(let entries):
                        guard let importID = record.id else { throw Refusal.malformed("entries before the group header") }
                        try await BatchImport(db: db, config: config, importID: importID, now: now)
                            .apply(entries, summary: &summary, state: &state)
                        batches.consumed()
                        progress(summary.transactions)
                        continue
                    case .end:
                        break
                    }
                    batches.consumed()
                }
                guard record.id != nil else { throw Refusal.malformed("no group header") }
                try await InvoiceSettling.afterBulkSettlement(now: now, on: db)
                record.transactions = summary.transactions; record.settled = summary.settled; record.prepaid = summary.prepaid
                record.unidentified = summary.unidentified; record.duplicates = summary.duplicates; record.flagged = summary.flagged
                record.ignored = summary.ignored; record.reversals = summary.reversals; record.latestBookingDate = summary.latestBookingDate
                try await record.save(on: db)
                summary.importID = record.id
                return summary
            }
        } catch let error as BankStatementError {
            batches.stop()
            if case .stoppedByCaller = error.problem, let inner = error.underlyingError { throw inner }
            throw Refusal.malformed(error.description)
        } catch {
            batches.stop()
            throw error
        }
    }
}

/// What one import remembers across its batches: keys already seen in the file and invoices it already changed.
struct ImportState {
    var seenKeys: Set<String> = []
    var fingerprints: [String: Int] = [:]
    /// Open amounts of invoices touched so far in this file, newer than the database's until the batch writes them.
    var openAmounts: [UUID: Int64] = [:]
}

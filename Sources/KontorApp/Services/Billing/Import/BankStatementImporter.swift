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
    /// Transactions per batch: enough for set operations to pay, few enough that memory stays flat. Tests read a file
    /// one payment per batch to see that where a batch ends changes no outcome. 5,000 rather than 2,000: the
    /// 100,000-payment import ran 6–8 % faster (fewer statements to parse, fewer turns between Swift and SQLite) for
    /// 30 MB more at its peak; 10,000 was no faster and took 70 MB more (docs/benchmarks.md). The widest batch
    /// statement, the payments' insert, then binds at most 110,000 values, under SQLiteNIO's limit of 250,000.
    var transactionsPerBatch = 5_000
    /// The upload this import is of (`StatementImportJobs`): marked done in the import's own transaction.
    var uploadID: UUID?
    /// The file's SHA-256 when the caller has it already (an upload is recorded under it): a 100 MB file is then not
    /// hashed a second time before its import starts.
    var fingerprint: String?
    /// Called in each batch once its payments are matched to invoices and before anything is written, inside the
    /// import's transaction: where a test pays an invoice the import has just read as open.
    var afterMatching: @Sendable () async throws -> Void = {}

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
        /// The currencies of the accounts the file's entries are of (`BatchImport`), for how recent each currency's
        /// statements are.
        var accountCurrencies: Set<String> = []
        /// Set when these exact bytes were imported before: that import's time and file name. The file was then not
        /// read past its group header, and nothing changed (`importedBefore`).
        var sameFileImportedAt: Date?
        var sameFileName: String?
        /// Statements missing from the accounts this camt.053 reports (`StatementNumbers`), after it was recorded: each
        /// holds its currency's reminders until imported or confirmed never issued. Nil for other files.
        var missingStatements: [StatementNumbers.Missing]?
    }

    enum Refusal: Error, Equatable, Codable {
        case testFile
        /// The statement is of an account that is not the provider's (as written in the file; nil when it names none).
        case notOwnAccount(String?)
        case malformed(Problem)
    }

    /// Why a file is refused and where, to be said in the reader's language (`StatementProblemText`); `description`
    /// is the English one for logs.
    struct Problem: Equatable, Sendable, Codable, CustomStringConvertible {
        let messageKey: String
        let arguments: [String: String]
        let line: Int?
        let column: Int?
        let path: String?
        let description: String

        init(_ error: BankStatementError) {
            messageKey = error.messageKey
            arguments = error.messageArguments
            line = error.line
            column = error.column
            path = error.path
            description = error.description
        }

        static var noGroupHeader: Problem { Problem(BankStatementError(.missingGroupHeader, path: "Document")) }
    }

    func run(_ source: StatementBatches.Source, fileName: String, progress: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> Summary {
        let started = ContinuousClock.now
        /// When the import ends: `now` (its start, which every row it writes carries) and the time it has taken, for the
        /// upload's "finished" (it said the start, so an 18 s import seemed to take 12 ms).
        let finished = { @Sendable [now] in
            let elapsed = ContinuousClock.now - started
            return now.addingTimeInterval(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let fileName = fileName.limited(to: 200)
        let fingerprint = self.fingerprint ?? StatementFingerprint.of(source)
        if let fingerprint, let again = try await importedBefore(source, fingerprint: fingerprint, fileName: fileName) {
            progress(again.transactions)
            return again
        }
        let batches = StatementBatches(source: source, transactionsPerBatch: transactionsPerBatch, bankTimeZone: config.bankTimeZone)
        do {
            return try await db.transaction { db in try await SQLitePageCache.larger(on: db) {
                try await db.waitForLocksUnbounded()
                try await StatementImportLock.take(on: db)
                try await BulkBillingLock.take(on: db)
                var summary = Summary(fileName: fileName)
                var state = ImportState()
                let record = BankStatementImport()
                var createdAt = ""
                var reports: [BankAccountReport] = []
                var messagePage: StatementPage?
                for try await element in batches {
                    switch element {
                    case .header(let header):
                        createdAt = header.createdAt
                        messagePage = header.page
                        guard !header.isTest || allowTestFiles else { throw Refusal.testFile }
                        summary.kind = header.kind == .statement ? "camt.053" : "camt.054"
                        summary.version = header.version.messageVersion
                        summary.messageID = header.messageID.limited(to: 200)
                        record.fileName = summary.fileName
                        record.messageID = summary.messageID
                        record.kind = summary.kind
                        record.version = summary.version
                        record.importedAt = now
                        record.importedOn = config.day(of: now)
                        record.staffID = staffID
                        record.fileSHA256 = fingerprint
                        record.transactions = 0; record.settled = 0; record.prepaid = 0; record.unidentified = 0
                        record.duplicates = 0; record.flagged = 0; record.ignored = 0; record.reversals = 0
                        try await record.create(on: db)
                    case .entries(let entries):
                        guard let importID = record.id else { throw Refusal.malformed(.noGroupHeader) }
                        try await BatchImport(db: db, config: config, importID: importID, kind: summary.kind, now: now, afterMatching: afterMatching)
                            .apply(entries, summary: &summary, state: &state)
                        batches.consumed()
                        progress(summary.transactions)
                        continue
                    case .end(let file):
                        reports = file.reports
                        // A statement without entries (a quiet day) still says its account's statements reach this
                        // far: recorded under that account's currency. Without it the file named no currency and counted
                        // for every one, so an empty CHF statement let EUR reminders go out on stale EUR statements. It
                        // must be the provider's account, as for any entry: someone else's empty statement uploaded by
                        // mistake would otherwise pass for today's.
                        for report in file.reports where report.entryCount == 0 {
                            guard config.isOwnAccount(report.accountIBAN) else { throw Refusal.notOwnAccount(report.accountIBAN?.limited(to: 40)) }
                            if let currency = config.currency(ofAccount: report.accountIBAN)?.code ?? report.accountCurrency.flatMap({ Currency(code: $0)?.code }) {
                                summary.accountCurrencies.insert(currency)
                            }
                        }
                    }
                    batches.consumed()
                }
                guard record.id != nil else { throw Refusal.malformed(.noGroupHeader) }
                record.transactions = summary.transactions; record.settled = summary.settled; record.prepaid = summary.prepaid
                record.unidentified = summary.unidentified; record.duplicates = summary.duplicates; record.flagged = summary.flagged
                record.ignored = summary.ignored; record.reversals = summary.reversals; record.latestBookingDate = summary.latestBookingDate
                // A statement says which period it reports (`FrToDt`); its creation time is that of the download, so an old
                // statement downloaded again (operations.md: to book a return) had made reminders resume (bank probe round 9).
                let periodEnds = reports.map { $0.periodEnd.map { String($0.prefix(10)) } }
                let reported = summary.kind == "camt.053" && !periodEnds.isEmpty && periodEnds.allSatisfy({ $0.flatMap(CivilDay.number) != nil })
                    ? periodEnds.compactMap { $0 }.max() : nil
                record.coversUntil = StatementCoverage.day(createdAt: reported ?? createdAt, latestBookingDate: summary.latestBookingDate,
                                                           importedOn: record.importedOn)
                record.currency = summary.accountCurrencies.count == 1 ? summary.accountCurrencies.first : nil
                try await record.save(on: db)
                summary.importID = record.id
                if summary.kind == "camt.053", let importID = record.id {
                    try await StatementNumbers.record(reports, messagePage: messagePage, importID: importID, fileDay: record.coversUntil, importedOn: record.importedOn,
                                                      config: config, now: now, on: db)
                    let accounts = Set(reports.compactMap { $0.accountIBAN.map(StatementAccount.compact) })
                    summary.missingStatements = try await StatementNumbers(db: db).missing().filter { accounts.contains($0.account) }
                }
                if let uploadID { try await StatementImportJobs.markDone(uploadID, summary: summary, now: finished(), on: db) }
                return summary
            } }
        } catch let error as BankStatementError {
            batches.stop()
            if case .stoppedByCaller = error.problem, let inner = error.underlyingError { throw inner }
            throw Refusal.malformed(Problem(error))
        } catch {
            batches.stop()
            throw error
        }
    }
}

extension BankStatementImporter {
    /// The same file (by its SHA-256) imported completely before: every payment in it is recorded (the import was
    /// all or nothing), so importing it again changes nothing — it is recorded as an import of only duplicates, as
    /// the batch path would find them, without reading past the group header (whose test-file mark still counts).
    /// nil when the file is new; it then goes the normal way, where the unique key still guards every payment.
    fileprivate func importedBefore(_ source: StatementBatches.Source, fingerprint: String, fileName: String) async throws -> Summary? {
        try await db.transaction { db in
            guard let earlier = try await BankStatementImport.query(on: db).filter(\.$fileSHA256 == fingerprint).sort(\.$importedAt).first(),
                  let header = StatementFingerprint.header(of: source) else { return nil }
            guard !header.isTest || allowTestFiles else { throw Refusal.testFile }
            var summary = Summary(fileName: fileName)
            summary.kind = earlier.kind
            summary.version = earlier.version
            summary.messageID = earlier.messageID
            summary.transactions = earlier.transactions
            summary.ignored = earlier.ignored
            summary.duplicates = earlier.transactions - earlier.ignored
            summary.latestBookingDate = earlier.latestBookingDate
            summary.sameFileImportedAt = earlier.importedAt
            summary.sameFileName = earlier.fileName
            let record = BankStatementImport()
            record.fileName = fileName
            record.messageID = summary.messageID
            record.kind = summary.kind
            record.version = summary.version
            record.importedAt = now
            record.importedOn = config.day(of: now)
            record.staffID = staffID
            record.fileSHA256 = fingerprint
            record.transactions = summary.transactions; record.settled = 0; record.prepaid = 0; record.unidentified = 0
            record.duplicates = summary.duplicates; record.flagged = 0; record.ignored = summary.ignored; record.reversals = 0
            record.latestBookingDate = summary.latestBookingDate
            record.coversUntil = earlier.coversUntil
            record.currency = earlier.currency
            try await record.create(on: db)
            summary.importID = record.id
            if let uploadID { try await StatementImportJobs.markDone(uploadID, summary: summary, now: now, on: db) }
            return summary
        }
    }
}

/// What one import remembers across its batches: keys already seen in the file, invoices it already changed, and
/// the debtor accounts that paid them.
struct ImportState {
    /// The provider's account the file's entries were last checked to be of.
    var acceptedAccount: String?
    /// That account's currency as configured (`BillingConfiguration.currency(ofAccount:)`), looked up once per account.
    var acceptedAccountCurrency: String?
    /// The keys of this file's payments so far, with what each said: a key repeated with other content is another payment.
    var seenKeys: [String: PaymentContent] = [:]
    /// Payments recorded under an occurrence (`base#n`) that a payment of this file was found to repeat: each stands for one.
    var occurrencesClaimed: Set<UUID> = []
    /// Open amounts of invoices touched so far in this file, newer than the database's until the batch writes them.
    var openAmounts: [UUID: Int64] = [:]
    /// Debtor accounts whose payments in this file settled an invoice, and whose: a later payment from the account
    /// without a reference goes there, in the same batch as in a later one (unless it paid for several).
    var debtorOwners = DebtorAccountOwners()
    /// Whether any import of the other kind of message exists (asked once per file).
    var otherKindRecorded: Bool?
    /// Whether any collective booking recorded without its payments exists (asked once per file): only then are this
    /// file's payments looked up as its details (`BatchImport.settleBookingsAwaitingDetails`).
    var awaitingDetailsRecorded: Bool?
    /// Payments recorded from the other kind that a payment of this file was found to repeat: each stands for one.
    var pairedInOtherKind: Set<UUID> = []
    /// Payments recorded for an entry that a payment of this file, at another position of the same batch, was found to
    /// repeat (`withoutSameBatchReordered`): each stands for one.
    var reorderedClaimed: Set<UUID> = []
    /// For each numbered statement of this file, the import that brought it before, if any (asked once per statement).
    var statementImportedBy: [BatchImport.StatementKey: UUID?] = [:]
    /// The payments of those imports, once read, with those a payment of this file was found to repeat.
    var statementCopies: [UUID: BatchImport.CopiedPayments] = [:]
}

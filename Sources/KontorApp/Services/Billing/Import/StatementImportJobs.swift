import Fluent
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// Statement imports that may outlast the request that brought the file.
///
/// A big camt.054 takes longer than a proxy or Kontor's own idle timeout (30 s) lets a request wait; the import then
/// committed after the caller had been cut off, and the caller, not knowing, uploaded again. So every upload is first
/// recorded (`bank_statement_uploads`, with an id) and imported on a task of its own that does not depend on the
/// request: the caller waits up to `StatementImportTimes.waitSeconds` and gets the summary as before, or else the
/// upload's id, whose state any server answers from the record (`status`).
///
/// - Once: the upload's record is written in the import's own transaction (`markDone`), so "done" and the payments
///   commit together; the same bytes uploaded while their import runs join that import (found under a lock across
///   servers) instead of starting another; and the same file imported again later changes nothing anyway (its
///   SHA-256 and every payment's unique key).
/// - A server that stops mid-import: its transaction is rolled back, and its heartbeat stops. On PostgreSQL the running
///   server renews `heartbeat_at` every `StatementImportTimes.heartbeatSeconds`; an upload still `running` whose
///   heartbeat is older than `staleMinutes` is reported failed (`interrupted`: nothing was imported, upload again).
///   On SQLite the import holds the database's one write lock for its whole run, so no heartbeat can be written
///   meanwhile: the server running it answers from memory, and another server counts from the start — the stale limit
///   must then exceed the longest import (minutes at most; docs/operations.md). Reading never writes: a late "done"
///   still wins.
actor StatementImportJobs {
    /// What an import needs, taken from the application (not the request, which may be gone before the import ends).
    struct Context: Sendable {
        let db: any Database
        let billing: BillingConfiguration
        let allowTestFiles: Bool
        let times: StatementImportTimes
        let clock: AppClock
        let logger: Logger

        init(_ application: Application) {
            db = application.db
            billing = application.kontor.config.billing
            allowTestFiles = application.kontor.config.allowTestStatements
            times = application.kontor.config.statementImports
            clock = application.kontor.clock
            logger = application.logger
        }
    }

    /// How an import ended, as this server saw it: the error itself, so the uploader's answer is what it was before
    /// imports ran on their own task.
    enum LocalOutcome: Sendable {
        case done(BankStatementImporter.Summary)
        case failed(any Error)
    }

    /// An upload as anyone may ask about it.
    struct Status: Sendable {
        let id: UUID
        let fileName: String
        let state: BankStatementUpload.State
        let transactionsRead: Int
        let startedAt: Date
        let finishedAt: Date?
        let summary: BankStatementImporter.Summary?
        let failure: StatementImportFailure?
    }

    private var tasks: [UUID: Task<LocalOutcome, Never>] = [:]
    private var progress: [UUID: ProgressCount] = [:]
    private var isHeld = false
    private var gate: [CheckedContinuation<Void, Never>] = []

    /// Records the upload and starts its import; the same bytes already being imported (on any server) are not
    /// imported twice: their upload's id is answered. `joined` says which.
    /// `started` is the import this call started, to wait for (nil when it joined another).
    func submit(_ data: Data, fileName: String, staffID: UUID?, context: Context) async throws -> (id: UUID, started: Task<LocalOutcome, Never>?) {
        let fileName = fileName.limited(to: 200)
        let fingerprint = StatementFingerprint.of(.data(data)) ?? ""
        let now = context.clock.now()
        let staleBefore = now.addingTimeInterval(-Double(context.times.staleMinutes * 60))
        let (id, joined) = try await context.db.transaction { db in
            // Two servers given the same file at once: one records it, the other finds it (SQLite's write transaction
            // is exclusive already).
            try await StatementImportLock.take(Self.registrationLockKey, on: db)
            if let running = try await BankStatementUpload.query(on: db).filter(\.$fileSHA256 == fingerprint)
                .filter(\.$state == BankStatementUpload.State.running.rawValue).filter(\.$heartbeatAt >= staleBefore)
                .sort(\.$startedAt).first() {
                return (try running.requireID(), true)
            }
            let upload = BankStatementUpload()
            upload.id = TimeOrderedID.make()
            upload.fileName = fileName
            upload.fileSHA256 = fingerprint
            upload.staffID = staffID
            upload.state = BankStatementUpload.State.running.rawValue
            upload.transactionsRead = 0
            upload.startedAt = now
            upload.heartbeatAt = now
            try await upload.create(on: db)
            return (try upload.requireID(), false)
        }
        guard !joined else { return (id, nil) }
        return (id, start(id, data: data, fingerprint: fingerprint, fileName: fileName, staffID: staffID, context: context))
    }

    /// `pg_advisory_xact_lock`'s key for recording uploads: "Kontor", bank import, upload (not `StatementImportLock`'s,
    /// which an import holds for its whole run).
    static let registrationLockKey: Int64 = 0x4B6F_6E74_6F72_0B42

    private func start(_ id: UUID, data: Data, fingerprint: String, fileName: String, staffID: UUID?, context: Context) -> Task<LocalOutcome, Never> {
        let count = ProgressCount()
        progress[id] = count
        let task = Task.detached { [self] () -> LocalOutcome in
            await self.passGate()
            let heartbeat = Self.heartbeat(id, count: count, context: context)
            defer { heartbeat?.cancel() }
            let outcome: LocalOutcome
            do {
                var importer = BankStatementImporter(db: context.db, config: context.billing, allowTestFiles: context.allowTestFiles,
                                                     staffID: staffID, now: context.clock.now())
                importer.uploadID = id
                importer.fingerprint = fingerprint
                outcome = .done(try await importer.run(.data(data), fileName: fileName, progress: { count.set($0) }))
            } catch {
                outcome = .failed(error)
                let failure: StatementImportFailure
                if let refusal = error as? BankStatementImporter.Refusal {
                    failure = .refused(refusal)
                } else {
                    failure = .failed
                    context.logger.error("The import of statement \(fileName) (upload \(id)) failed: \(String(reflecting: error))")
                }
                await Self.markFailed(id, failure, context: context)
            }
            await self.finished(id)
            return outcome
        }
        tasks[id] = task
        return task
    }

    private func finished(_ id: UUID) {
        tasks[id] = nil
        progress[id] = nil
    }

    /// On PostgreSQL, renews the upload's heartbeat and progress while the import runs; nil on SQLite (see above).
    private static func heartbeat(_ id: UUID, count: ProgressCount, context: Context) -> Task<Void, Never>? {
        guard let sql = context.db as? any SQLDatabase, sql.dialect.name == "postgresql" else { return nil }
        return Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(context.times.heartbeatSeconds * 1_000_000_000))
                if Task.isCancelled { return }
                do {
                    try await sql.raw("""
                        UPDATE bank_statement_uploads SET heartbeat_at = \(bind: context.clock.now()), transactions_read = \(bind: count.value)
                        WHERE id = \(bind: id) AND state = \(bind: BankStatementUpload.State.running.rawValue)
                        """).run()
                } catch {
                    context.logger.warning("Could not renew the heartbeat of statement upload \(id): \(String(reflecting: error))")
                }
            }
        }
    }

    /// Written in the import's own transaction, with its payments: "done" and the summary commit, or neither does.
    static func markDone(_ id: UUID, summary: BankStatementImporter.Summary, now: Date, on db: any Database) async throws {
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        try await (db as! any SQLDatabase).raw("""
            UPDATE bank_statement_uploads SET state = \(bind: BankStatementUpload.State.done.rawValue), summary = \(bind: json),
              import_id = \(bind: summary.importID), transactions_read = \(bind: summary.transactions), finished_at = \(bind: now), failure = NULL
            WHERE id = \(bind: id)
            """).run()
    }

    /// After the import's transaction was rolled back. Should even this write fail, the heartbeat has stopped and the
    /// upload is reported interrupted once stale.
    private static func markFailed(_ id: UUID, _ failure: StatementImportFailure, context: Context) async {
        do {
            let json = String(decoding: try JSONEncoder().encode(failure), as: UTF8.self)
            try await (context.db as! any SQLDatabase).raw("""
                UPDATE bank_statement_uploads SET state = \(bind: BankStatementUpload.State.failed.rawValue), failure = \(bind: json),
                  finished_at = \(bind: context.clock.now())
                WHERE id = \(bind: id) AND state = \(bind: BankStatementUpload.State.running.rawValue)
                """).run()
        } catch {
            context.logger.error("Could not record that statement upload \(id) failed: \(String(reflecting: error))")
        }
    }

    /// Waits for `id`'s import, on whichever server it runs, at most `seconds`: its status then.
    func status(of id: UUID, waitingUpTo seconds: Int, context: Context) async throws -> Status? {
        let deadline = Date().addingTimeInterval(Double(seconds))
        while true {
            guard let status = try await status(id, context: context) else { return nil }
            if status.state != .running || Date() >= deadline { return status }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
    }

    /// The upload's state as recorded, with this server's progress if it runs the import here.
    func status(_ id: UUID, context: Context) async throws -> Status? {
        guard let upload = try await BankStatementUpload.find(id, on: context.db) else { return nil }
        let decoder = JSONDecoder()
        var state = BankStatementUpload.State(rawValue: upload.state) ?? .failed
        var failure = try upload.failure.map { try decoder.decode(StatementImportFailure.self, from: Data($0.utf8)) }
        var transactionsRead = upload.transactionsRead
        if state == .running {
            if let count = progress[id] {
                transactionsRead = max(transactionsRead, count.value)
            } else if upload.heartbeatAt < context.clock.now().addingTimeInterval(-Double(context.times.staleMinutes * 60)) {
                state = .failed
                failure = .interrupted
            }
        }
        return Status(id: id, fileName: upload.fileName, state: state, transactionsRead: transactionsRead, startedAt: upload.startedAt,
                      finishedAt: upload.finishedAt,
                      summary: try upload.summary.map { try decoder.decode(BankStatementImporter.Summary.self, from: Data($0.utf8)) },
                      failure: failure)
    }

    // MARK: Tests and shutdown

    /// Waits until every import started so far has ended (tests; and shutdown, so none is cut off while the database
    /// closes). While held, none has started.
    func drain() async {
        guard !isHeld else { return }
        while let task = tasks.values.first { _ = await task.value }
    }

    /// Tests: imports submitted from now on wait before they begin, so a test can see one running.
    func hold() { isHeld = true }

    func release() {
        isHeld = false
        let waiting = gate
        gate = []
        for continuation in waiting { continuation.resume() }
    }

    private func passGate() async {
        guard isHeld else { return }
        await withCheckedContinuation { gate.append($0) }
    }
}

/// Why an upload's import ended without importing anything, as recorded for anyone who asks later.
enum StatementImportFailure: Sendable, Codable, Equatable {
    /// The file was refused (test file, someone else's account, malformed): what the uploader is told at once otherwise.
    case refused(BankStatementImporter.Refusal)
    /// An unexpected error (logged); its transaction was rolled back.
    case failed
    /// Its server stopped before it ended (the heartbeat is stale); its transaction was rolled back.
    case interrupted

    /// The API's error code.
    var code: String {
        switch self {
        case .refused(.testFile): "statement_test_file"
        case .refused(.notOwnAccount): "statement_not_own_account"
        case .refused(.malformed): "statement_malformed"
        case .failed: "statement_import_failed"
        case .interrupted: "statement_import_interrupted"
        }
    }

    /// What the reader is told, in their language.
    func message(_ language: Language, localizer: Localizer) -> String {
        switch self {
        case .refused(.testFile): localizer.text("staff.billing.test_file", language, [:])
        case .refused(.notOwnAccount(let account)): StatementProblemText.notOwnAccount(account, language, localizer: localizer)
        case .refused(.malformed(let problem)): StatementProblemText.text(problem, language, localizer: localizer)
        case .failed: localizer.text("staff.billing.import_failed", language, [:])
        case .interrupted: localizer.text("staff.billing.import_interrupted", language, [:])
        }
    }
}

/// The transactions an import has read so far, set by the import and read by the heartbeat and `status`.
final class ProgressCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func set(_ value: Int) { lock.withLock { count = value } }
}

/// How long an upload waits for its import, and when a running import counts as stopped (`KONTOR_STATEMENT_IMPORT_…`).
public struct StatementImportTimes: Sendable, Equatable {
    /// The uploader's answer waits this long for the summary, then says "202, still running" with the upload's id.
    /// Below the idle timeout of Kontor (30 s) and of usual proxies.
    public var waitSeconds = 20
    /// A running import whose heartbeat is older than this is reported as interrupted.
    public var staleMinutes = 10
    /// How often the server running an import renews its heartbeat (PostgreSQL): far below `staleMinutes`. Not read
    /// from the environment; tests shorten it.
    public var heartbeatSeconds = 10.0

    public init() {}
}

/// What an upload (staff page or staff API) answers: the summary when the import ends within the configured wait, its
/// refusal thrown as before, or otherwise the upload's state as recorded (202): running; with a wait of 0 perhaps
/// ended already; or, for an upload that joined another's import, that import's failure.
enum StatementUploadAnswer: Sendable {
    case done(BankStatementImporter.Summary)
    case accepted(StatementImportJobs.Status)

    static func upload(_ data: Data, fileName rawName: String, staffID: UUID?, request: Request) async throws -> StatementUploadAnswer {
        let fileName = StatementFileName.shown(rawName)
        let jobs = request.kontor.statementImports
        let context = StatementImportJobs.Context(request.application)
        let wait = context.times.waitSeconds
        let (id, started) = try await jobs.submit(data, fileName: fileName, staffID: staffID, context: context)
        if let started, wait > 0, let outcome = try await Deadline.result(within: Double(wait), { await started.value }) {
            switch outcome {
            case .done(let summary): return .done(summary)
            case .failed(let error): throw error
            }
        }
        // Running on (or joined to an import another upload started, perhaps on another server: wait for it as long).
        guard let status = try await jobs.status(of: id, waitingUpTo: started == nil ? wait : 0, context: context) else { throw AppError.notFound }
        guard wait > 0 else { return .accepted(status) }
        switch (status.state, status.summary, status.failure) {
        case (.done, let summary?, _): return .done(summary)
        case (.failed, _, .refused(let refusal)?): throw refusal
        default:
            // Still running, or the import this upload joined failed otherwise (an error, its server stopped): the
            // status says so in the reader's language, where a bare 500 said nothing.
            return .accepted(status)
        }
    }
}

/// Lets imports running at shutdown end before the database closes.
struct StatementImportDrain: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.kontor.statementImports.drain()
    }
}

import Fluent
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// Deletions that are due by time: identity documents once their retention period after the decision is over,
/// SMS codes nobody can use any more, the staff API's idempotency keys once nobody retries with them, sent e-mails
/// with the reminder templates nothing needs any more, and the records of statement uploads nobody asks about any more.
/// Run every 15 minutes by `kontor serve` (one server at a time, under the `housekeeping` lease) and by
/// `kontor housekeeping` for cron.
struct Housekeeping {
    let database: any Database
    let now: Date
    let retention: IdentityRetention
    /// For the notices housekeeping sends (an identity check closed unanswered).
    let mail: MailComposer
    let defaultLanguage: Language

    struct Report: Equatable {
        var identityRequestsCleared = 0
        /// Requests nobody decided within `IdentityVerificationService.unansweredDays`, closed.
        var identityRequestsClosed = 0
        var smsCodesDeleted = 0
        var idempotencyKeysDeleted = 0
        var sentMailsDeleted = 0
        var mailTemplatesDeleted = 0
        var statementUploadsDeleted = 0
        /// Payments a bank announced as pending (`pending_bank_payments`) a month ago: booked or not coming by now.
        var pendingPaymentsForgotten = 0
        var signUpsReleased = 0
        var searchesForgotten = 0
        /// Renewed session tokens (`renewed_session_tokens`) older than a day: no late copy comes any more.
        var renewedSessionsForgotten = 0
    }

    /// How long a logged help search is kept: the staff analytics page reads the last 30 days; half a year shows a
    /// season's questions, and the log no longer grows with every search ever made.
    static let searchLogDays = 180

    /// How long the staff API remembers an `Idempotency-Key` (docs/api.md). A client retries within minutes or
    /// hours; Stripe keeps keys for 24 hours. A month leaves room for a retry after a long outage while keeping
    /// the table from growing with every invoice ever issued.
    static let idempotencyKeyDays = 30

    /// How long a sent e-mail stays in the outbox: long enough to answer "did you send it?" from the row (the
    /// customer's own record of a reminder is `payment_reminders`, kept for good). Failed messages stay until staff
    /// send them again, and unsent ones until they are sent.
    static let sentMailDays = 90

    /// How long an upload's record (`bank_statement_uploads`) answers its status URL. A caller asks within minutes of
    /// the upload; what the import did stays for good in `bank_statement_imports` and its payments. An upload still
    /// "running" after as long was interrupted long ago (`StatementImportJobs`).
    static let statementUploadDays = 30

    func run() async throws -> Report {
        var report = Report()
        report.identityRequestsClosed = try await IdentityVerificationService.closeUnanswered(on: database, now: now, mail: mail,
                                                                                               defaultLanguage: defaultLanguage)
        report.identityRequestsCleared = try await IdentityVerificationService.deleteExpiredDocuments(on: database, now: now, retention: retention)
        let stale = now.addingTimeInterval(-SMSCodePolicy.lifetime * 6)
        report.smsCodesDeleted = try await SMSChallengeRecord.query(on: database).filter(\.$issuedAt < stale).count()
        try await SMSChallengeRecord.query(on: database).filter(\.$issuedAt < stale).delete()
        let forgotten = now.addingTimeInterval(-Double(Self.idempotencyKeyDays) * 24 * 3600)
        report.idempotencyKeysDeleted = try await StaffIdempotencyKey.query(on: database).filter(\.$createdAt < forgotten).count()
        try await StaffIdempotencyKey.query(on: database).filter(\.$createdAt < forgotten).delete()
        report.idempotencyKeysDeleted += try await FormSubmission.query(on: database).filter(\.$createdAt < forgotten).count()
        try await FormSubmission.query(on: database).filter(\.$createdAt < forgotten).delete()
        (report.sentMailsDeleted, report.mailTemplatesDeleted) = try await pruneOutbox()
        let uploadsBefore = now.addingTimeInterval(-Double(Self.statementUploadDays) * 24 * 3600)
        report.statementUploadsDeleted = try await (database as! any SQLDatabase).raw("""
            DELETE FROM bank_statement_uploads WHERE COALESCE(finished_at, heartbeat_at) < \(bind: uploadsBefore) RETURNING id
            """).all().count
        report.pendingPaymentsForgotten = try await (database as! any SQLDatabase).raw("""
            DELETE FROM pending_bank_payments WHERE created_at < \(bind: uploadsBefore) RETURNING id
            """).all().count
        report.renewedSessionsForgotten = try await (database as! any SQLDatabase).raw("""
            DELETE FROM renewed_session_tokens WHERE renewed_at < \(bind: now.addingTimeInterval(-24 * 3600)) RETURNING token_hash
            """).all().count
        report.signUpsReleased = try await AbandonedSignUps.releaseStale(now: now, on: database)
        report.searchesForgotten = try await forgetOldSearches()
        return report
    }
}

extension Housekeeping {
    /// Logged help searches past `searchLogDays`, 5,000 at a time: the first run after an upgrade may find years of
    /// them, and one statement would hold SQLite's write lock (and every page's write) for all of it.
    private func forgetOldSearches() async throws -> Int {
        let sql = database as! any SQLDatabase
        let before = now.addingTimeInterval(-Double(Self.searchLogDays) * 24 * 3600)
        var forgotten = 0
        while true {
            let deleted = try await sql.raw("""
                DELETE FROM help_search_log WHERE id IN (SELECT id FROM help_search_log WHERE created_at < \(bind: before) LIMIT 5000)
                RETURNING id
                """).all().count
            forgotten += deleted
            if deleted < 5000 { return forgotten }
        }
    }

    /// Sent messages past `sentMailDays`, then templates no message names that no run used for a day (a run that
    /// is storing one right now has just set its `last_used_at`).
    private func pruneOutbox() async throws -> (messages: Int, templates: Int) {
        let sql = database as! any SQLDatabase
        let sentBefore = now.addingTimeInterval(-Double(Self.sentMailDays) * 24 * 3600)
        let messages = try await sql.raw("DELETE FROM outbox_messages WHERE sent_at < \(bind: sentBefore) RETURNING id").all().count
        let templates = try await sql.raw("""
            DELETE FROM outbox_templates WHERE last_used_at < \(bind: now.addingTimeInterval(-24 * 3600))
            AND NOT EXISTS (SELECT 1 FROM outbox_messages m WHERE m.template_id = outbox_templates.id) RETURNING id
            """).all().count
        return (messages, templates)
    }
}

extension Application {
    var housekeeping: Housekeeping {
        Housekeeping(database: db, now: kontor.clock.now(), retention: IdentityRetention(days: kontor.config.identityDocumentRetentionDays),
                     mail: mailComposer, defaultLanguage: kontor.config.defaultLanguage)
    }
}

/// The background loop for `kontor serve`.
struct HousekeepingWorker: LifecycleHandler {
    static let intervalSeconds: UInt64 = 15 * 60

    func didBootAsync(_ application: Application) async throws {
        let command = application.environment.arguments.dropFirst().first
        guard application.environment != .testing, command == nil || command == "serve" else { return }
        let holder = UUID().uuidString
        let task = Task.detached {
            while !Task.isCancelled {
                do {
                    let lease = JobLease(database: application.db, name: "housekeeping", holder: holder)
                    if try await lease.acquire(for: 600, now: application.kontor.clock.now()) {
                        let report = try await application.housekeeping.run()
                        if report != Housekeeping.Report() {
                            application.logger.notice("""
                                Housekeeping: \(report.identityRequestsClosed) unanswered identity request(s) closed, \
                                \(report.identityRequestsCleared) identity request(s) cleared, \(report.smsCodesDeleted) SMS code(s) \
                                deleted, \(report.idempotencyKeysDeleted) idempotency key(s) forgotten, \(report.sentMailsDeleted) sent e-mail(s) and \
                                \(report.mailTemplatesDeleted) unused template(s) deleted, \(report.statementUploadsDeleted) statement upload record(s) \
                                deleted, \(report.signUpsReleased) unconfirmed sign-up(s) released
                                """)
                        }
                    }
                } catch {
                    application.logger.warning("Housekeeping: \(error)")
                }
                await application.remindIfDue(holder: holder)
                await application.renewIfDue(holder: holder)
                try? await Task.sleep(nanoseconds: Self.intervalSeconds * 1_000_000_000)
            }
        }
        application.storage[HousekeepingTask.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[HousekeepingTask.self]?.cancel()
    }
}

private struct HousekeepingTask: StorageKey { typealias Value = Task<Void, Never> }

/// `kontor housekeeping`: the same deletions once, for cron or when no server runs.
struct HousekeepingCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String {
        "Closes identity checks unanswered for 90 days, deletes identity documents past their retention period, expired SMS codes, month-old staff API idempotency keys, "
            + "sent e-mails past 90 days, month-old statement upload records and pending bank payments, help searches logged over 180 days ago, "
            + "and frees the addresses of sign-ups unconfirmed for a week."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let report = try await context.application.housekeeping.run()
        context.console.print("Unanswered identity requests closed: \(report.identityRequestsClosed); identity requests cleared: \(report.identityRequestsCleared); SMS codes deleted: \(report.smsCodesDeleted); idempotency keys forgotten: \(report.idempotencyKeysDeleted); "
                              + "sent e-mails deleted: \(report.sentMailsDeleted); unused e-mail templates deleted: \(report.mailTemplatesDeleted); "
                              + "statement upload records deleted: \(report.statementUploadsDeleted); pending bank payments forgotten: \(report.pendingPaymentsForgotten); unconfirmed sign-ups released: \(report.signUpsReleased); "
                              + "logged help searches deleted: \(report.searchesForgotten).")
    }
}

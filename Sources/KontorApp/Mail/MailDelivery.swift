import Fluent
import Foundation
import KontorDomain
import KontorMail
import Logging
import SQLKit

/// Sends what waits in the outbox, each message exactly once however many servers deliver.
///
/// Each message is claimed on its own (`claimed_by`, `claimed_until`) by one conditional UPDATE, with
/// `FOR UPDATE SKIP LOCKED` on PostgreSQL so servers never queue behind each other's claims; the claim outlives
/// one SMTP exchange (`claimSeconds` > the client's timeout), so no other server takes the message over while it is
/// being sent. What remains is the one duplicate no outbox can rule out: a server killed after the relay accepted a
/// message and before it marked it sent. The message then goes again once its claim expires, with the same
/// Message-ID, so a receiving system that keeps Message-IDs can drop it (see docs/operations.md).
///
/// A message may name an attachment (`OutboxMessage.attachment`) that is made only now, by `attachments`; a
/// reference that cannot be made fails the attempt like a refusing relay would.
///
/// A message that keeps failing is retried with exponential backoff until it is `retryHours` old; then it is marked
/// failed and waits on the staff page "E-mail that could not be sent", where staff can send it again.
struct MailDelivery: Sendable {
    let database: any Database
    let transport: any MailTransport
    let from: String
    let now: @Sendable () -> Date
    let logger: Logger
    /// Who claims: one value per server process.
    var holder = UUID().uuidString
    var retryHours = 72
    /// Makes the files an attachment reference names (see `MailAttachmentResolver`).
    var attachments: @Sendable (String) async throws -> [MailMessage.Attachment] = MailDelivery.noAttachments
    static let claimSeconds: TimeInterval = 300

    /// Sends due messages one claim at a time, at most `limit`; returns how many were sent.
    @discardableResult
    func deliverDue(limit: Int = 50) async throws -> Int {
        var sent = 0
        for _ in 0..<limit {
            guard let message = try await claimNext() else { break }
            if try await deliver(message) { sent += 1 }
        }
        return sent
    }

    /// The oldest due message nobody holds, now held by this server; nil when there is none.
    func claimNext() async throws -> OutboxMessage? {
        let sql = database as! any SQLDatabase
        let now = now()
        let skipLocked: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let due: SQLQueryString = """
            sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= \(bind: now)
              AND (claimed_until IS NULL OR claimed_until < \(bind: now))
            """
        // The outer condition is checked again after a row lock was waited for, so two claims can never both win.
        let row = try await sql.raw("""
            UPDATE outbox_messages SET claimed_by = \(bind: holder), claimed_until = \(bind: now.addingTimeInterval(Self.claimSeconds))
            WHERE id = (SELECT id FROM outbox_messages WHERE \(due) ORDER BY created_at, id LIMIT 1\(skipLocked)) AND \(due)
            RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: UUID.self) else { return nil }
        return try await OutboxMessage.find(id, on: database)
    }

    /// Hands one claimed message to the transport and records the outcome under the claim; true when it went out.
    func deliver(_ message: OutboxMessage) async throws -> Bool {
        let headers = (try? JSONDecoder().decode([String: String].self, from: Data(message.headersJSON.utf8))) ?? [:]
        let mine = OutboxMessage.query(on: database).filter(\.$id == message.id!).filter(\.$claimedBy == holder)
        do {
            let body = try await TemplatedMail.rendered(message, on: database)
            var mail = MailMessage(from: from, to: message.recipient, subject: body.subject, textBody: body.text, htmlBody: body.html, headers: headers)
            if let reference = message.attachment { mail.attachments = try await attachments(reference) }
            try await transport.deliver(mail, messageID: messageID(of: message))
            let sent = mine.set(\.$sentAt, to: now()).set(\.$lastError, to: nil).set(\.$claimedUntil, to: nil)
            // Out: its links' secrets are not kept in the outbox (`SentLinkRedaction`).
            if let text = SentLinkRedaction.redacted(message.textBody) { sent.set(\.$textBody, to: text) }
            if let html = message.htmlBody.flatMap(SentLinkRedaction.redacted) { sent.set(\.$htmlBody, to: html) }
            try await sent.update()
            return true
        } catch {
            let attempts = message.attempts + 1
            let reason = String(String(describing: error).prefix(500))
            let update = mine.set(\.$attempts, to: attempts).set(\.$lastError, to: reason).set(\.$claimedUntil, to: nil)
            if now().timeIntervalSince(message.retrySince ?? message.createdAt) >= Double(retryHours) * 3600 {
                logger.error("Mail to \(message.recipient) failed for good after \(attempts) attempts: \(error)")
                try await update.set(\.$failedAt, to: now()).update()
            } else {
                // 30 s, 1 min, 2 min … capped at 6 h.
                let delay = min(30 * pow(2, Double(attempts - 1)), 6 * 3600)
                logger.warning("Mail to \(message.recipient) failed (attempt \(attempts)): \(error)")
                try await update.set(\.$nextAttemptAt, to: now().addingTimeInterval(delay)).update()
            }
            return false
        }
    }

    /// A delivery set up without a resolver refuses to send a message that should carry a file, rather than send it without.
    static let noAttachments: @Sendable (String) async throws -> [MailMessage.Attachment] = { reference in
        throw MailAttachmentResolver.Unresolvable(reference: reference, reason: "no attachment resolver configured")
    }

    /// Stable across attempts and servers, so a copy sent twice carries the same Message-ID.
    func messageID(of message: OutboxMessage) -> String {
        let host = from.split(separator: "@").last.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "> ")) } ?? "kontor"
        return "\(message.id!.uuidString.lowercased())@\(host)"
    }
}

extension OutboxMessage {
    /// Messages that were given up on, newest first: what the staff page lists.
    static func failed(on db: any Database, limit: Int = 200) async throws -> [OutboxMessage] {
        try await query(on: db).filter(\.$failedAt != nil).filter(\.$sentAt == nil).sort(\.$failedAt, .descending).limit(limit).all()
    }

    /// Puts a failed message back in the queue as if it were new; false when it was not failed (sent or already back).
    static func sendAgain(_ id: UUID, now: Date, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw("""
            UPDATE outbox_messages SET failed_at = NULL, attempts = 0, next_attempt_at = \(bind: now), claimed_until = NULL,
              retry_since = \(bind: now)
            WHERE id = \(bind: id) AND failed_at IS NOT NULL AND sent_at IS NULL RETURNING id
            """).first()
        return row != nil
    }
}

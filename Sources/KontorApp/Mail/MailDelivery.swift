import Fluent
import Foundation
import KontorMail
import Logging
import SQLKit

/// Sends what waits in the outbox, with retries and exponential backoff: nothing is lost while the relay is down.
struct MailDelivery: Sendable {
    let database: any Database
    let transport: any MailTransport
    let from: String
    let now: @Sendable () -> Date
    let logger: Logger
    static let maximumAttempts = 12

    /// Sends every due message once; returns how many were sent.
    @discardableResult
    func deliverDue(limit: Int = 50) async throws -> Int {
        let due = try await OutboxMessage.query(on: database)
            .filter(\.$sentAt == nil).filter(\.$nextAttemptAt <= now()).filter(\.$attempts < Self.maximumAttempts)
            .sort(\.$createdAt).limit(limit).all()
        var sent = 0
        for message in due {
            let headers = (try? JSONDecoder().decode([String: String].self, from: Data(message.headersJSON.utf8))) ?? [:]
            let mail = MailMessage(from: from, to: message.recipient, subject: message.subject, textBody: message.textBody,
                                   htmlBody: message.htmlBody, headers: headers)
            let host = from.split(separator: "@").last.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "> ")) } ?? "kontor"
            do {
                try await transport.deliver(mail, messageID: "\(message.id!.uuidString.lowercased())@\(host)")
                message.sentAt = now()
                message.lastError = nil
                sent += 1
            } catch {
                message.attempts += 1
                // 30 s, 1 min, 2 min … capped at 6 h.
                let delay = min(30 * pow(2, Double(message.attempts - 1)), 6 * 3600)
                message.nextAttemptAt = now().addingTimeInterval(delay)
                message.lastError = String(describing: error).prefix(500).description
                logger.warning("Mail to \(message.recipient) failed (attempt \(message.attempts)): \(error)")
            }
            try await message.save(on: database)
        }
        return sent
    }
}

/// A lease in `job_leases`: the server holding an unexpired lease runs the job; others skip it.
struct JobLease: Sendable {
    let database: any Database
    let name: String
    let holder: String

    /// Takes or renews the lease for `seconds`; true when this holder has it.
    func acquire(for seconds: Int, now: Date) async throws -> Bool {
        let sql = database as! any SQLDatabase
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let row = try await sql.raw("""
            INSERT INTO job_leases (name, holder, expires_at) VALUES (\(bind: name), \(bind: holder), \(bind: nowSeconds + Int64(seconds)))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
              WHERE job_leases.holder = excluded.holder OR job_leases.expires_at < \(bind: nowSeconds)
            RETURNING holder
            """).first()
        return try row?.decode(column: "holder", as: String.self) == holder
    }
}

import Fluent
import Foundation
import KontorDomain
import NIOConcurrencyHelpers
import SQLKit

/// Outbox messages that share a template (`outbox_templates`, M037) and keep only their own values: a reminder run
/// queues 100,000 messages that differ in a few numbers, and writing 300 MB of near-identical text was most of it.
/// The template is stored in the same transaction as its messages and is immutable (its id is its content's hash),
/// so any server, before or after a restart, renders the same message from the database alone.
enum TemplatedMail {
    /// Stores templates that are not stored yet (the same content is the same id, so a second run adds nothing), and
    /// marks them used now: housekeeping deletes only templates unused for a day that no message names.
    static func store(_ templates: [MailTemplate], now: Date, on db: any Database) async throws {
        guard !templates.isEmpty else { return }
        let sql = db as! any SQLDatabase
        var rows = BulkRows([.uuid, .text, .text, .text])
        for template in templates { rows.append([.uuid(template.id), .text(template.subject), .text(template.text), .text(template.html)]) }
        // `WHERE true`: SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT to parse it as an upsert.
        try await sql.raw("""
            INSERT INTO outbox_templates (id, subject, text_body, html_body, last_used_at)
            SELECT \(unsafeRaw: rows.columns(on: sql)), \(bind: now) FROM \(rows.source(on: sql)) WHERE true
            ON CONFLICT (id) DO UPDATE SET last_used_at = excluded.last_used_at
            """).run()
    }

    /// One message: its template, its own values (`MailTemplate`), the subject filled in, and what it carries.
    struct Message: Sendable {
        let recipient: String
        let subject: String
        let template: MailTemplate
        let values: [String]
        /// A `MailAttachmentReference`'s text (the invoice PDF), made when the message is sent.
        var attachment: String? = nil
    }

    /// Queues many messages in the caller's transaction: their templates once (`store`), then one insert of the
    /// messages (`BulkRows`), each with its subject, template and values.
    static func enqueue(_ messages: [Message], now: Date, on db: any Database) async throws {
        try await write(prepare(messages), now: now, on: db)
    }

    /// Messages made ready to write: their distinct templates and their rows. Pure work, so a bulk writer can do it
    /// while the database writes something else (`InvoiceIssuer.issueMany`, `RenewalBatch`).
    struct Prepared: Sendable {
        fileprivate var templates: [MailTemplate] = []
        fileprivate var rows = BulkRows([.uuid, .text, .text, .uuid, .text, .text])
    }

    static func prepare(_ messages: [Message]) -> Prepared {
        var prepared = Prepared()
        var seen: Set<UUID> = []
        for message in messages {
            if seen.insert(message.template.id).inserted { prepared.templates.append(message.template) }
            prepared.rows.append([.uuid(TimeOrderedID.make()), .text(message.recipient), .text(message.subject), .uuid(message.template.id),
                                  .text(encode(message.values)), .text(message.attachment)])
        }
        return prepared
    }

    static func write(_ prepared: Prepared, now: Date, on db: any Database) async throws {
        guard prepared.rows.count > 0 else { return }
        try await store(prepared.templates, now: now, on: db)
        let sql = db as! any SQLDatabase
        let rows = prepared.rows
        try await sql.raw("""
            INSERT INTO outbox_messages (id, recipient, subject, template_id, template_values, attachment, text_body, headers_json, created_at,
              attempts, next_attempt_at)
            SELECT \(unsafeRaw: rows.columns(on: sql)), \(bind: ""), \(bind: "{}"), \(bind: now), \(bind: 0), \(bind: now) FROM \(rows.source(on: sql))
            """).run()
    }

    /// A message's values as stored (a JSON array of strings).
    static func encode(_ values: [String]) -> String { BulkRows.stringArray(values) }

    /// The subject, text and HTML to send for `message`: as stored, or filled in from its template.
    static func rendered(_ message: OutboxMessage, on db: any Database) async throws -> (subject: String, text: String, html: String?) {
        guard let templateID = message.templateID else { return (message.subject, message.textBody, message.htmlBody) }
        let values = try JSONDecoder().decode([String].self, from: Data((message.templateValues ?? "[]").utf8))
        let mail = try await template(templateID, on: db).filled(with: values)
        return (message.subject, mail.text, mail.html)
    }

    /// Templates never change once stored (the id is the content's hash), so each server reads one once: a run's
    /// 100,000 messages share a handful of them, and a read per message was 100,000 look-ups of the same rows.
    private static let cache = NIOLockedValueBox<[UUID: MailTemplate]>([:])

    private static func template(_ id: UUID, on db: any Database) async throws -> MailTemplate {
        if let cached = cache.withLockedValue({ $0[id] }) { return cached }
        struct Row: Decodable { let subject: String; let text_body: String; let html_body: String }
        guard let row = try await (db as! any SQLDatabase).raw("SELECT subject, text_body, html_body FROM outbox_templates WHERE id = \(bind: id)")
            .first(decoding: Row.self) else { throw MissingTemplate(id: id) }
        let template = MailTemplate(id: id, subject: row.subject, text: row.text_body, html: row.html_body)
        cache.withLockedValue { templates in
            if templates.count >= 512 { templates.removeAll() }  // bounded: templates are per language, step and fee
            templates[id] = template
        }
        return template
    }

    /// A message names a template the database does not have: it cannot be sent as written, so the attempt fails.
    struct MissingTemplate: Error, CustomStringConvertible {
        let id: UUID
        var description: String { "the message's template \(id) is missing" }
    }
}

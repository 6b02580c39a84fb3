import Fluent
import SQLKit

/// Billing at scale (issue 12 §7). Reminder e-mails share their text (`outbox_templates`; an outbox message names its
/// template and keeps only its values, `TemplatedMail`). And what a big statement import writes per payment, made
/// cheaper, and what a second import of the same file needs:
/// - `bank_statement_imports.file_sha256` (indexed): the same file again is recognised by its bytes and changes nothing
///   without being read (its payments are all recorded already, under the unique `dedupe_key`).
/// - `bank_payments_organization` (organization, created_at) was read by no query: dropped. Its place is taken by a
///   partial index on the prepaid credits of an import, which the reminder run looks up ("money since the last
///   import"), and one on reversals, which the reversal booking looks up.
/// - `bank_payments_outcome` indexed every payment, while only the staff queue (unidentified and flagged payments)
///   asks by outcome: a partial index of the queue instead.
///
/// Registered after M038 (numbers are names here; M038 shipped first): the list's order is the order of application.
struct M037BillingAtScale: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_templates").id()
            .field("subject", .string, .required).field("text_body", .string, .required).field("html_body", .string, .required)
            .field("created_at", .datetime, .required).create()
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema("outbox_messages").field("template_id", .uuid).update()
        try await database.schema("outbox_messages").field("template_values", .string).update()
        try await database.schema("bank_statement_imports").field("file_sha256", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "bank_statement_imports_file").on("bank_statement_imports").column("file_sha256").run()
        try await sql.drop(index: "bank_payments_organization").run()
        try await sql.drop(index: "bank_payments_outcome").run()
        try await sql.raw("CREATE INDEX bank_payments_queue ON bank_payments (created_at) WHERE outcome IN ('unidentified', 'flagged')").run()
        try await sql.raw("CREATE INDEX bank_payments_prepaid_import ON bank_payments (import_id) WHERE outcome = 'prepaid'").run()
        try await sql.raw("CREATE INDEX bank_payments_reverses ON bank_payments (reverses_payment_id) WHERE reverses_payment_id IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in ["bank_payments_reverses", "bank_payments_prepaid_import", "bank_payments_queue", "bank_statement_imports_file"] {
            try await sql.drop(index: index).run()
        }
        try await sql.create(index: "bank_payments_outcome").on("bank_payments").column("outcome").run()
        try await sql.create(index: "bank_payments_organization").on("bank_payments").column("organization_id").column("created_at").run()
        try await database.schema("bank_statement_imports").deleteField("file_sha256").update()
        try await database.schema("outbox_messages").deleteField("template_values").update()
        try await database.schema("outbox_messages").deleteField("template_id").update()
        try await database.schema("outbox_templates").delete()
    }
}

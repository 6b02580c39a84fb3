import Fluent
import SQLKit

/// The outbox is pruned (`Housekeeping`): sent messages after `Housekeeping.sentMailDays`, and shared reminder
/// templates no message needs any more. For that:
/// - `outbox_templates.created_at` becomes `last_used_at`, set again by every run that stores the template, so a
///   template a run is using right now is never taken for unused (the run's update holds the row until it commits);
/// - partial indexes on `outbox_messages.sent_at` and `template_id`, so the pruning reads only what it deletes.
struct M058PruneOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE outbox_templates RENAME COLUMN created_at TO last_used_at").run()
        try await sql.raw("CREATE INDEX outbox_messages_sent ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL").run()
        try await sql.raw("CREATE INDEX outbox_messages_template ON outbox_messages (template_id) WHERE template_id IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "outbox_messages_template").run()
        try await sql.drop(index: "outbox_messages_sent").run()
        try await sql.raw("ALTER TABLE outbox_templates RENAME COLUMN last_used_at TO created_at").run()
    }
}

import Fluent
import SQLKit

/// `bank_statement_uploads`: every statement file handed to Kontor (staff page or staff API), recorded with an id
/// before its import starts, so a caller whose import outlasts the wait can ask how it went — from any server
/// (`StatementImportJobs`). `state` is `running`, `done` (with the import's summary, written in the import's own
/// transaction) or `failed` (with why); `heartbeat_at` tells a live import from one whose server stopped.
struct M075CreateBankStatementUploads: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bank_statement_uploads").id()
            .field("file_name", .string, .required)
            .field("file_sha256", .string, .required)
            .field("staff_id", .uuid)
            .field("state", .string, .required)
            .field("transactions_read", .int, .required)
            .field("started_at", .datetime, .required)
            .field("heartbeat_at", .datetime, .required)
            .field("finished_at", .datetime)
            .field("import_id", .uuid)
            .field("summary", .string)
            .field("failure", .string)
            .create()
        // "Is this file being imported right now?" on every upload.
        try await (database as! any SQLDatabase).raw("CREATE INDEX bank_statement_uploads_file ON bank_statement_uploads (file_sha256, state)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bank_statement_uploads").delete()
    }
}

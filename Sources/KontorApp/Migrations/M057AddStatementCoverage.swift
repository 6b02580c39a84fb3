import Fluent
import SQLKit

/// `bank_statement_imports.covers_until`: the day a file reports payments up to (`StatementCoverage`), which decides
/// whether statements are recent enough for reminders. Until now the upload day decided, so re-importing an old file
/// made statements look fresh. Earlier imports get their latest booking day where it is earlier than the upload day,
/// else the upload day — what was promised for them before.
struct M057AddStatementCoverage: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bank_statement_imports").field("covers_until", .string).update()
        try await (database as! any SQLDatabase).raw("""
            UPDATE bank_statement_imports SET covers_until = CASE
                WHEN latest_booking_date IS NOT NULL AND latest_booking_date < imported_on THEN latest_booking_date ELSE imported_on END
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bank_statement_imports").deleteField("covers_until").update()
    }
}

import Fluent
import SQLKit

/// `bank_statement_numbers`: each camt.053 statement's number in the bank's sequence (`ElctrncSeqNb`), per account, and
/// the numbers staff confirmed the bank never issued (`first_number`…`last_number`, `staff_id` set). A number skipped
/// is a statement that never arrived (`StatementSequence`): statements 41 and 43 imported made the account look up to
/// date while 42's payments were never seen, and reminders crossed them (session 49). A
/// statement sent again on the same day is recorded once (`bank_statement_numbers_once`).
struct M090CreateBankStatementNumbers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bank_statement_numbers").id()
            .field("account", .string, .required)
            .field("currency", .string)
            .field("first_number", .int64, .required)
            .field("last_number", .int64, .required)
            .field("statement_day", .string, .required)
            .field("import_id", .uuid, .references("bank_statement_imports", "id"))
            .field("staff_id", .uuid, .references("staff_members", "id"))
            .field("recorded_at", .datetime, .required)
            .unique(on: "account", "first_number", "statement_day", name: "bank_statement_numbers_once")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bank_statement_numbers").delete()
    }
}

import Fluent

/// `bank_statement_pages`: the pages imported of a camt.053 statement the bank split over several messages
/// (`StmtPgntn`, else `GrpHdr/MsgPgntn`), per account, statement number and day; `page_number` 0 with `staff_id` set
/// when staff confirmed the bank never issued the pages still missing. A statement whose last page had not arrived
/// counted as complete, and a reminder crossed the payment on the missing page (bank probe round 9, F5). A page
/// imported twice is recorded once (`bank_statement_pages_once`); statements on one page are not recorded.
struct M094CreateBankStatementPages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bank_statement_pages").id()
            .field("account", .string, .required)
            .field("currency", .string)
            .field("statement_number", .int64, .required)
            .field("statement_day", .string, .required)
            .field("page_number", .int, .required)
            .field("is_last", .bool, .required)
            .field("import_id", .uuid, .references("bank_statement_imports", "id"))
            .field("staff_id", .uuid, .references("staff_members", "id"))
            .field("recorded_at", .datetime, .required)
            .unique(on: "account", "statement_number", "statement_day", "page_number", name: "bank_statement_pages_once")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bank_statement_pages").delete()
    }
}

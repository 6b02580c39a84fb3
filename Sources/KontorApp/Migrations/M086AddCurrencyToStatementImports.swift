import Fluent

/// `bank_statement_imports.currency`: the currency of the account a file reports. How recent the statements are was
/// one date for all accounts, so a CHF statement imported today let EUR reminders say "payments received up to today
/// are counted" when no EUR statement had ever been imported (bank probe round 6). Files imported before, and files
/// of several currencies, keep none and count for every currency, as they did.
struct M086AddCurrencyToStatementImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bank_statement_imports").field("currency", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bank_statement_imports").deleteField("currency").update()
    }
}

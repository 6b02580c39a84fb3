import Fluent
import SQLKit

/// `bank_payments (entry_reference)` for payments without a reference of their own: such a payment is keyed by its
/// entry and its position in it, and the same batch sent again in another order, or with payments added or left out,
/// is compared with every payment recorded for that entry (`BatchImport.withoutSameBatchReordered`). Partial, so the
/// payments that do have a reference (nearly all QR payments) cost the import nothing more.
struct M078IndexBankPaymentsByEntryWithoutReference: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX bank_payments_entry_without_reference ON bank_payments (entry_reference) WHERE transaction_reference IS NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "bank_payments_entry_without_reference").run()
    }
}

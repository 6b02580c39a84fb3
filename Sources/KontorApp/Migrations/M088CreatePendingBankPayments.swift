import Fluent
import SQLKit

/// `pending_bank_payments`: credits a bank file announces as not yet booked (`Sts` PDNG). No money has arrived, so
/// nothing is credited; but payments.md: "skip invoices with a payment pending". The import read past them, and the
/// reminder run sent reminder 1 for the invoice a pending payment named (bank probe round 8). Each announcement once
/// (`dedupe_key`); the reminder run heeds those of the last `ReminderRun.pendingPaymentDays` days.
struct M088CreatePendingBankPayments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pending_bank_payments").id()
            .field("dedupe_key", .string, .required)
            .field("currency", .string, .required)
            .field("amount_minor", .int64)
            .field("reference", .string)
            .field("announced_on", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "dedupe_key", name: "pending_bank_payments_key")
            .create()
        try await (database as! any SQLDatabase).create(index: "pending_bank_payments_announced").on("pending_bank_payments")
            .column("announced_on").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pending_bank_payments").delete()
    }
}

import Fluent
import SQLKit

/// `bank_payments (created_at)` of the returns that found no payment to take back (`reversal_unmatched`) and nobody
/// dealt with: each import batch asks whether one of its payments is what such a return was waiting for
/// (`ReversalBooking.applyWaitingReturns`). Partial, so the question costs an empty index read while none waits.
struct M082IndexWaitingReturns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("""
            CREATE INDEX bank_payments_waiting_returns ON bank_payments (created_at)
            WHERE flag = 'reversal_unmatched' AND reverses_payment_id IS NULL AND assignment IS NULL
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "bank_payments_waiting_returns").run()
    }
}

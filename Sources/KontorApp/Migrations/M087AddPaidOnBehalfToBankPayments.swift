import Fluent

/// `bank_payments.paid_on_behalf`: the payer paid for someone else (the file names an ultimate debtor). Such an account
/// says nothing about whose money a later payment from it is — a fiduciary's or a parent company's account pays for
/// many — yet nothing on the row said so, and a later file's payment from that account without a reference was
/// credited to whoever it had paid for once (bank probe round 7). Rows recorded before say nothing and count as before.
struct M087AddPaidOnBehalfToBankPayments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bank_payments").field("paid_on_behalf", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("bank_payments").deleteField("paid_on_behalf").update()
    }
}

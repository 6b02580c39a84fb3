import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Credits many payments to prepaid accounts at once: locks the organizations involved (in a fixed order, so two
/// imports cannot deadlock), reads each ledger's last position and balance in one query, then appends the entries
/// with one multi-row insert. Credits only add, so the balance stays what the ledger's CHECK requires.
struct PrepaidBulkCredit {
    let db: any Database
    let now: Date

    func credit(_ credits: [(organizationID: UUID, amount: Money, bankPaymentID: UUID)]) async throws {
        let sql = db as! any SQLDatabase
        let organizations = Array(Set(credits.map(\.organizationID))).sorted { $0.uuidString < $1.uuidString }
        for chunk in organizations.chunked(500) {
            if sql.dialect.name == "postgresql" {
                _ = try await sql.select().column("id").from("organizations").where("id", .in, Array(chunk)).orderBy("id").for(.update).all()
            }
        }
        struct Last: Decodable { let organization_id: UUID; let currency: String; let position: Int64; let balance_after_minor: Int64 }
        var ledgers: [String: (position: Int64, balance: Int64)] = [:]
        for chunk in organizations.chunked(500) {
            let ids = SQLGroupExpression(chunk.map { SQLBind($0) as any SQLExpression })
            let rows = try await sql.raw("""
                SELECT organization_id, currency, position, balance_after_minor FROM prepaid_entries p
                WHERE organization_id IN \(ids)
                  AND position = (SELECT MAX(position) FROM prepaid_entries q WHERE q.organization_id = p.organization_id AND q.currency = p.currency)
                """).all(decoding: Last.self)
            for row in rows { ledgers["\(row.organization_id)|\(row.currency)"] = (row.position, row.balance_after_minor) }
        }
        for chunk in credits.chunked(400) {
            var insert = sql.insert(into: "prepaid_entries").columns("id", "organization_id", "currency", "position", "amount_minor",
                                                                     "balance_after_minor", "kind", "bank_payment_id", "created_at")
            for credit in chunk {
                let key = "\(credit.organizationID)|\(credit.amount.currency.code)"
                let last = ledgers[key] ?? (0, 0)
                let next = (position: last.position + 1, balance: last.balance + credit.amount.minorUnits)
                ledgers[key] = next
                insert = insert.values([SQLBind(UUID()), SQLBind(credit.organizationID), SQLBind(credit.amount.currency.code), SQLBind(next.position),
                                        SQLBind(credit.amount.minorUnits), SQLBind(next.balance), SQLBind(PrepaidEntry.Kind.payment.rawValue),
                                        SQLBind(credit.bankPaymentID), SQLBind(now)])
            }
            try await insert.run()
        }
    }
}

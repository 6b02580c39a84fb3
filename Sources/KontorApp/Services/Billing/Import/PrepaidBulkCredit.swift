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
        struct Last: Decodable { let organization_id: UUID; let currency: String; let position: Int64; let balance_after_minor: Int64; let created_at: Date }
        var ledgers: [String: (position: Int64, balance: Int64)] = [:]
        // Dated no earlier than the newest movement of the ledgers credited (as `PrepaidLedger.post`): staff may have
        // booked one on another server after this import began.
        var at = now
        for chunk in organizations.chunked(500) {
            let ids = SQLGroupExpression(chunk.map { SQLBind($0) as any SQLExpression })
            let rows = try await sql.raw("""
                SELECT organization_id, currency, position, balance_after_minor, created_at FROM prepaid_entries p
                WHERE organization_id IN \(ids)
                  AND position = (SELECT MAX(position) FROM prepaid_entries q WHERE q.organization_id = p.organization_id AND q.currency = p.currency)
                """).all(decoding: Last.self)
            for row in rows {
                ledgers["\(row.organization_id)|\(row.currency)"] = (row.position, row.balance_after_minor)
                if row.created_at >= at { at = row.created_at.addingTimeInterval(0.001) }
            }
        }
        var rows = BulkRows([.uuid, .uuid, .text, .int, .int, .int, .uuid])
        for credit in credits {
            let key = "\(credit.organizationID)|\(credit.amount.currency.code)"
            let last = ledgers[key] ?? (0, 0)
            let (balance, overflow) = last.balance.addingReportingOverflow(credit.amount.minorUnits)
            guard !overflow else { throw AppError.refused(messageKey: "error.billing.amount_too_large") }
            let next = (position: last.position + 1, balance: balance)
            ledgers[key] = next
            rows.append([.uuid(TimeOrderedID.make()), .uuid(credit.organizationID), .text(credit.amount.currency.code), .int(next.position),
                         .int(credit.amount.minorUnits), .int(next.balance), .uuid(credit.bankPaymentID)])
        }
        try await sql.raw("""
            INSERT INTO prepaid_entries (id, organization_id, currency, position, amount_minor, balance_after_minor, bank_payment_id, kind, created_at)
            SELECT \(unsafeRaw: rows.columns(on: sql)), \(bind: PrepaidEntry.Kind.payment.rawValue), \(bind: at) FROM \(rows.source(on: sql))
            """).run()
    }
}

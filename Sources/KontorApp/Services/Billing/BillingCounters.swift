import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Gapless numbers: customer numbers and one sequence per document series.
///
/// Each is one row of `billing_counters`, advanced by a single `UPDATE … RETURNING` inside the caller's
/// transaction. The update holds the row's lock until that transaction ends (on SQLite the whole write lock), so
/// two invoices issued at once get consecutive numbers, and a rolled-back issue gives its number back.
enum BillingCounters {
    static func next(_ name: String, on db: any Database) async throws -> Int64 {
        try await reserve(name, count: 1, on: db)
    }

    /// `count` consecutive numbers in one update (a batch of renewal invoices); returns the first of them.
    static func reserve(_ name: String, count: Int, on db: any Database) async throws -> Int64 {
        guard let sql = db as? any SQLDatabase, count > 0 else { throw AppError.conflict(messageKey: "error.busy") }
        struct Row: Decodable { let next_value: Int64 }
        guard let row = try await sql.raw("UPDATE billing_counters SET next_value = next_value + \(bind: Int64(count)) WHERE name = \(bind: name) RETURNING next_value")
            .first(decoding: Row.self) else {
            throw AppError.conflict(messageKey: "error.busy")
        }
        return row.next_value - Int64(count)
    }

    /// The organization's customer number, handed out now if it has none yet (an organization made before billing).
    /// Call inside a transaction that holds the organization's lock.
    static func customerNumber(of organization: Organization, on db: any Database) async throws -> Int64 {
        if let number = organization.customerNumber { return number }
        let number = try await next("customer_number", on: db)
        organization.customerNumber = number
        try await organization.save(on: db)
        return number
    }
}

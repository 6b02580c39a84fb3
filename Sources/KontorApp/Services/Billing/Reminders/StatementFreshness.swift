import Fluent
import KontorDomain
import SQLKit

/// How far the imported bank statements reach: the latest day an imported file reports payments up to
/// (`StatementCoverage`), per currency (M086). Reminders of a currency run only while its statements are recent, and
/// say "payments received up to <it> are counted". A file that names no single currency (imported before M086, or of
/// several accounts) counts for every currency.
enum StatementFreshness {
    /// The latest day of any currency; nil when no imported file tells a day (or nothing was imported).
    static func paymentsCountedUntil(on db: any Database) async throws -> String? {
        try await reach(on: db).latest
    }

    /// How far the statements reach, per currency.
    struct Reach: Sendable, Equatable {
        /// Per currency code; the empty key for files of no single currency.
        var days: [String: String] = [:]

        /// The day payments in `currency` are counted up to.
        func until(_ currency: String) -> String? {
            [days[currency], days[""]].compactMap { $0 }.max()
        }

        var latest: String? { days.values.max() }
    }

    static func reach(on db: any Database) async throws -> Reach {
        struct Row: Decodable { let currency: String?; let last: String? }
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT currency, MAX(covers_until) AS last FROM bank_statement_imports GROUP BY currency
            """).all(decoding: Row.self)
        var reach = Reach()
        for row in rows { if let last = row.last { reach.days[row.currency ?? ""] = last } }
        return reach
    }

    /// The currencies of open invoices that get no reminders because their own statements are not recent (or none was
    /// imported) while another currency's are, each with how far its statements reach: what staff are warned of
    /// beside the general warning.
    static func heldCurrencies(on db: any Database, billing: BillingConfiguration, today: String) async throws -> [(currency: String, until: String?)] {
        let reach = try await reach(on: db)
        guard let latest = reach.latest, billing.days(from: latest, to: today) <= billing.statementMaxAgeDays else { return [] }
        struct Row: Decodable { let currency: String }
        let open = try await (db as! any SQLDatabase).raw("""
            SELECT DISTINCT currency FROM invoices WHERE series = \(bind: DocumentSeries.invoice.rawValue) AND open_minor > 0
            """).all(decoding: Row.self).map(\.currency).sorted()
        return open.compactMap { currency in
            let until = reach.until(currency)
            guard let until, billing.days(from: until, to: today) <= billing.statementMaxAgeDays else { return (currency, until) }
            return nil
        }
    }
}

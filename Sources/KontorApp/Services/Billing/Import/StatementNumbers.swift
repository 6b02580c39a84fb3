import Fluent
import Foundation
import KontorDomain
import SQLKit

/// The statement numbers the bank gave (`ElctrncSeqNb`, M090) and the statements they show missing
/// (`StatementSequence`): recorded by each camt.053 import, read by the reminder run (which holds the account's
/// currency while one is missing), the staff billing page and work list, and the staff API.
struct StatementNumbers {
    let db: any Database

    /// Statements missing from one of the provider's accounts.
    struct Missing: Sendable, Equatable, Codable {
        /// As the bank writes it, without spaces.
        let account: String
        /// The account's currency, when it is known: its reminders wait. Nil holds every currency's.
        let currency: String?
        /// For numbers skipped, those numbers; for a statement missing pages, its number (`first == last`) and day.
        let gap: StatementSequence.Gap
        /// The pages missing of a statement the bank split over several messages (M094); nil for numbers skipped.
        var pages: StatementPages.Missing? = nil
    }

    /// Records the numbered statements of a camt.053 (each once): `fileDay` is the day the file covers, for a statement
    /// that does not date itself believably.
    /// A statement on several pages has each page recorded (M094): its own pagination, else the message's
    /// (`messagePage`, `GrpHdr/MsgPgntn`).
    static func record(_ reports: [BankAccountReport], messagePage: StatementPage? = nil, importID: UUID, fileDay: String?, importedOn: String,
                       config: BillingConfiguration, now: Date, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for report in reports {
            guard let number = report.electronicSequence, let written = report.accountIBAN else { continue }
            // Its own day (the end of its period, else its creation) when it can have it — not after the import day, a
            // day of grace for time zones — else the file's.
            let imported = CivilDay.number(importedOn)
            let own = report.reportedDay.flatMap { day -> String? in
                guard let value = CivilDay.number(day), let imported, value <= imported + 1 else { return nil }
                return day
            }
            guard let day = own ?? fileDay else { continue }
            let currency = config.currency(ofAccount: written)?.code ?? report.accountCurrency.flatMap { Currency(code: $0)?.code }
            try await sql.raw("""
                INSERT INTO bank_statement_numbers (id, account, currency, first_number, last_number, statement_day, import_id, recorded_at)
                VALUES (\(bind: TimeOrderedID.make()), \(bind: StatementAccount.compact(written)), \(bind: currency), \(bind: number),
                        \(bind: number), \(bind: day), \(bind: importID), \(bind: now))
                ON CONFLICT (account, first_number, statement_day) DO NOTHING
                """).run()
            if let page = report.page ?? messagePage, !page.isWhole {
                try await sql.raw("""
                    INSERT INTO bank_statement_pages (id, account, currency, statement_number, statement_day, page_number, is_last, import_id, recorded_at)
                    VALUES (\(bind: TimeOrderedID.make()), \(bind: StatementAccount.compact(written)), \(bind: currency), \(bind: number),
                            \(bind: day), \(bind: page.number), \(bind: page.isLast), \(bind: importID), \(bind: now))
                    ON CONFLICT (account, statement_number, statement_day, page_number) DO NOTHING
                    """).run()
            }
        }
    }

    /// Statements imported without their last page, or with a page before it missing, and not confirmed complete by
    /// staff (page 0), oldest first per account.
    func incomplete() async throws -> [Missing] {
        struct Row: Decodable {
            let account: String; let currency: String?; let statement_number: Int64; let statement_day: String
            let page_number: Int; let is_last: Bool
        }
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT account, currency, statement_number, statement_day, page_number, is_last FROM bank_statement_pages
            """).all(decoding: Row.self)
        struct Numbered: Hashable { let account: String; let number: Int64 }
        // One statement's pages may be dated a day apart (made either side of midnight, with no period stated): the pages
        // of one number on neighbouring days are one statement, dated by its first; a year apart, the bank's next run.
        var statements: [(account: String, number: Int64, day: String, rows: [Row])] = []
        for (numbered, rows) in Dictionary(grouping: rows, by: { Numbered(account: $0.account, number: $0.statement_number) }) {
            for row in rows.sorted(by: { $0.statement_day < $1.statement_day }) {
                if let last = statements.last, last.account == numbered.account, last.number == numbered.number,
                   let previous = last.rows.last.flatMap({ CivilDay.number($0.statement_day) }), let day = CivilDay.number(row.statement_day),
                   day - previous <= 1 {
                    statements[statements.count - 1].rows.append(row)
                } else {
                    statements.append((numbered.account, numbered.number, row.statement_day, [row]))
                }
            }
        }
        return statements.sorted { ($0.account, $0.day, $0.number) < ($1.account, $1.day, $1.number) }.compactMap { statement in
            guard !statement.rows.contains(where: { $0.page_number == 0 }),
                  let pages = StatementPages.missing(statement.rows.map { StatementPage(number: $0.page_number, isLast: $0.is_last) }) else { return nil }
            return Missing(account: statement.account, currency: statement.rows.compactMap(\.currency).last,
                           gap: .init(first: statement.number, last: statement.number, afterDay: statement.day, beforeDay: statement.day),
                           pages: pages)
        }
    }

    /// Every statement missing now, and every one missing pages, oldest first per account.
    func missing() async throws -> [Missing] {
        try await skipped() + incomplete()
    }

    /// Statements whose numbers were skipped, oldest first per account.
    func skipped() async throws -> [Missing] {
        struct Row: Decodable {
            let account: String; let currency: String?; let first_number: Int64; let last_number: Int64; let statement_day: String
            let staff_id: UUID?; let recorded_at: Date; let id: UUID
        }
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT id, account, currency, first_number, last_number, statement_day, staff_id, recorded_at FROM bank_statement_numbers
            """).all(decoding: Row.self)
        return Dictionary(grouping: rows, by: \.account).sorted { $0.key < $1.key }.flatMap { account, rows in
            let currency = rows.compactMap(\.currency).last
            // The statement the account's imports began with: nothing before it is missing. Recorded first (ids are in
            // the order they were made, for imports within one clock tick); of one file, the earliest day.
            let first = rows.filter { $0.staff_id == nil }.min {
                ($0.recorded_at, $0.id.uuidString, $0.statement_day) < ($1.recorded_at, $1.id.uuidString, $1.statement_day)
            }
            return StatementSequence.gaps(in: rows.map {
                StatementSequence.Known(first: $0.first_number, last: $0.last_number, day: $0.statement_day, confirmed: $0.staff_id != nil)
            }, since: first?.statement_day)
                .map { Missing(account: account, currency: currency, gap: $0) }
        }
    }

    /// The currencies whose reminders wait for a missing statement; `""` when an account of unknown currency misses
    /// one (every currency waits then).
    func holdingCurrencies() async throws -> Set<String> {
        Set(try await missing().map { $0.currency ?? "" })
    }

    enum ConfirmError: Error, Equatable {
        /// No such statements are missing (imported meanwhile, confirmed by someone else, or never missing).
        case notMissing
    }

    /// Staff confirm the bank never issued statements `first`…`last` of `account` (exactly a gap shown to them): the
    /// gap closes and reminders resume. Recorded with who did it.
    func confirmNeverIssued(account: String, first: Int64, last: Int64, staffID: UUID, now: Date) async throws {
        let compact = StatementAccount.compact(account)
        guard let missing = try await missing().first(where: { $0.account == compact && $0.gap.first == first && $0.gap.last == last }) else {
            throw ConfirmError.notMissing
        }
        if missing.pages != nil {
            // The pages still missing were never issued: recorded as page 0 of the statement, once.
            let inserted = try await (db as! any SQLDatabase).raw("""
                INSERT INTO bank_statement_pages (id, account, currency, statement_number, statement_day, page_number, is_last, staff_id, recorded_at)
                VALUES (\(bind: TimeOrderedID.make()), \(bind: compact), \(bind: missing.currency), \(bind: first), \(bind: missing.gap.afterDay),
                        \(bind: 0), \(bind: true), \(bind: staffID), \(bind: now))
                ON CONFLICT (account, statement_number, statement_day, page_number) DO NOTHING RETURNING id
                """).all()
            guard !inserted.isEmpty else { throw ConfirmError.notMissing }
            return
        }
        let inserted = try await (db as! any SQLDatabase).raw("""
            INSERT INTO bank_statement_numbers (id, account, currency, first_number, last_number, statement_day, staff_id, recorded_at)
            VALUES (\(bind: TimeOrderedID.make()), \(bind: compact), \(bind: missing.currency), \(bind: first), \(bind: last),
                    \(bind: missing.gap.afterDay), \(bind: staffID), \(bind: now))
            ON CONFLICT (account, first_number, statement_day) DO NOTHING RETURNING id
            """).all()
        // Two staff confirming at once: the second finds it done (the unique key), as if it had come later.
        guard !inserted.isEmpty else { throw ConfirmError.notMissing }
    }
}

extension StatementNumbers.Missing {
    /// "Statement 42 of account CH93 … never arrived (between those of 2 and 4 December): CHF reminders wait …" — on
    /// the staff page, the work list, the import summary and the CLI.
    func text(_ language: Language, localizer: Localizer) -> String {
        let (key, arguments) = sentence { DayFormatting.format($0, language) }
        return localizer.text(key, language, arguments)
    }

    /// The sentence's key and arguments, days written by `day`.
    func sentence(day: (String) -> String) -> (key: String, arguments: [String: String]) {
        let numbers = gap.first == gap.last ? String(gap.first) : "\(gap.first)–\(gap.last)"
        var arguments = ["numbers": numbers, "account": IBAN(account)?.printed ?? account, "after": day(gap.afterDay), "before": day(gap.beforeDay)]
        var key = "staff.billing.statements_missing"
        if let pages {
            // Statement 104 of 7 December "arrived without page 2, 3"; its highest page not marked last, "without its last
            // page (the highest imported is page 3)" — pages missing below it are listed in the API's `missingPages`.
            arguments["day"] = day(gap.afterDay)
            if let after = pages.after {
                key = "staff.billing.statement_last_page_missing"
                arguments["page"] = String(after)
            } else {
                key = "staff.billing.statement_pages_missing"
                arguments["pages"] = pages.pages.map(String.init).joined(separator: ", ")
            }
        }
        guard let currency else { return (key + "_any", arguments) }
        arguments["currency"] = currency
        return (key, arguments)
    }
}

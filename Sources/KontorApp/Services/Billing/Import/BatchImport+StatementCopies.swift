import Foundation
import KontorDomain
import SQLKit

/// A camt.053 statement imported a second time: the same account, statement number, day and page as one an earlier file
/// brought (M090, M094). A bank's copy (`CpyDplctInd`), an export from another channel, or a re-download may give its
/// payments other bank references, or none; keyed by those, each was new money and was credited a second time (bank
/// probe round 9, F2). The statement says what it is: each of its payments is looked for among the payments the
/// earlier import of that statement recorded, by what the payment itself says (amount, currency, direction, day,
/// payment reference, payer's account), and is a repeat when found. One that is not found is parked for staff
/// (`statement_imported_before`): the bank reported the statement again otherwise, and nothing in it is credited on a
/// guess.
extension BatchImport {
    /// A numbered statement of one account.
    struct StatementKey: Hashable, Sendable {
        let account: String
        let number: Int64
        let day: String
        /// 0 for a statement on one page, or none stated.
        let page: Int
    }

    /// A payment an earlier import of the statement recorded: what a copy of it must say.
    struct CopiedPayment: Sendable {
        let id: UUID
        let account: String?
        let currency: String
        let amountMinor: Int64?
        let isReversal: Bool
        let day: String?
        let reference: String?
        let debtorIBAN: String?
    }

    /// The payments of an earlier import, by what a copy must repeat exactly (currency, amount, direction, account,
    /// day), then by what else it names: a copy of a statement of thousands of payments of one plan's price finds each
    /// twin at once instead of comparing every pair, whether it names the payment reference and payer as the first
    /// import did or leaves one of them out.
    struct CopiedPayments: Sendable {
        struct Bucket: Hashable, Sendable {
            let currency: String; let amountMinor: Int64; let isReversal: Bool; let account: String?; let day: String?
        }
        /// A bucket and, where given, the payment reference and payer: nil in a key means "whatever it names".
        struct Key: Hashable, Sendable { let bucket: Bucket; let reference: String?; let debtorIBAN: String? }
        private var lists: [Key: [CopiedPayment]] = [:]
        /// Per list, where a scan may start: every entry before it is claimed (payments are only ever claimed).
        private var starts: [Key: Int] = [:]
        private var claimed: Set<UUID> = []

        init(_ payments: [CopiedPayment]) {
            for payment in payments {
                guard let amount = payment.amountMinor else { continue }
                let bucket = Bucket(currency: payment.currency, amountMinor: amount, isReversal: payment.isReversal, account: payment.account, day: payment.day)
                for key in Set([Key(bucket: bucket, reference: payment.reference, debtorIBAN: payment.debtorIBAN),
                                Key(bucket: bucket, reference: payment.reference, debtorIBAN: nil),
                                Key(bucket: bucket, reference: nil, debtorIBAN: payment.debtorIBAN),
                                Key(bucket: bucket, reference: nil, debtorIBAN: nil)]) {
                    lists[key, default: []].append(payment)
                }
            }
        }

        /// Claims the recorded payment `item` repeats: the closest one — naming its reference and payer alike, else its
        /// reference, else its payer, else neither — that contradicts nothing it names; nil when none is left.
        mutating func claim(repeatedBy item: Item) -> UUID? {
            guard let amount = item.amount else { return nil }
            let bucket = Bucket(currency: item.currencyCode, amountMinor: amount.minorUnits, isReversal: item.isReversal,
                                account: item.accountIBAN, day: item.bookingDate ?? item.valueDate)
            let (reference, payer) = (item.recordedReference, item.debtorIBAN)
            var keys = [Key(bucket: bucket, reference: nil, debtorIBAN: nil)]
            if let payer { keys.insert(Key(bucket: bucket, reference: nil, debtorIBAN: payer), at: 0) }
            if let reference { keys.insert(Key(bucket: bucket, reference: reference, debtorIBAN: nil), at: 0) }
            if let reference, let payer { keys.insert(Key(bucket: bucket, reference: reference, debtorIBAN: payer), at: 0) }
            for key in keys {
                guard let list = lists[key] else { continue }
                var start = starts[key] ?? 0
                while start < list.count, claimed.contains(list[start].id) { start += 1 }
                starts[key] = start
                let found = list[start...].first { candidate in
                    !claimed.contains(candidate.id)
                        && (reference == nil || candidate.reference == nil || candidate.reference == reference)
                        && (payer == nil || candidate.debtorIBAN == nil || candidate.debtorIBAN == payer)
                }
                if let found {
                    claimed.insert(found.id)
                    return found.id
                }
            }
            return nil
        }
    }

    static let copiedStatementFlag = "statement_imported_before"

    func dropCopiesOfImportedStatements(_ items: inout [Item], summary: inout BankStatementImporter.Summary, state: inout ImportState) async throws {
        var repeated = Set<Int>()
        for index in items.indices {
            guard let key = Self.statementKey(of: items[index]) else { continue }
            if state.statementImportedBy[key] == nil { state.statementImportedBy[key] = .some(try await earlierImport(of: key)) }
            guard let earlier = state.statementImportedBy[key] ?? nil else { continue }
            if state.statementCopies[earlier] == nil { state.statementCopies[earlier] = CopiedPayments(try await payments(of: earlier)) }
            if state.statementCopies[earlier]!.claim(repeatedBy: items[index]) != nil {
                repeated.insert(index)
            } else if items[index].outcome != .flagged {
                items[index].outcome = .flagged
                items[index].flag = Self.copiedStatementFlag
            }
        }
        guard !repeated.isEmpty else { return }
        summary.duplicates += repeated.count
        items = items.indices.filter { !repeated.contains($0) }.map { items[$0] }
    }

    /// The statement an item was reported in, as recorded (`StatementNumbers.record`): only one that dates itself.
    private static func statementKey(of item: Item) -> StatementKey? {
        guard let place = item.statement, let day = place.day, let account = item.accountIBAN else { return nil }
        let page = place.page.map { $0.isWhole ? 0 : $0.number } ?? 0
        return StatementKey(account: account, number: place.number, day: day, page: page)
    }

    /// The import that recorded this statement (this page of it) before; nil when none did. Recorded on its day or the
    /// day either side, its own day first: a statement's number is one statement within days (a copy may date itself by
    /// its period where the first was dated by its creation, made either side of midnight), and `StatementNumbers`
    /// takes the pages of one number on neighbouring days for one statement too.
    private func earlierImport(of key: StatementKey) async throws -> UUID? {
        struct Row: Decodable { let import_id: UUID? }
        let (before, after) = (config.day(key.day, plus: -1), config.day(key.day, plus: 1))
        let recorded: SQLQueryString = key.page == 0
            ? """
              SELECT import_id, statement_day FROM bank_statement_numbers
              WHERE account = \(bind: key.account) AND first_number = \(bind: key.number) AND staff_id IS NULL
              """
            : """
              SELECT import_id, statement_day FROM bank_statement_pages
              WHERE account = \(bind: key.account) AND statement_number = \(bind: key.number) AND page_number = \(bind: key.page)
              """
        return try await sql.raw("""
            \(recorded) AND statement_day BETWEEN \(bind: before) AND \(bind: after) AND import_id IS NOT NULL AND import_id <> \(bind: importID)
            ORDER BY CASE WHEN statement_day = \(bind: key.day) THEN 0 ELSE 1 END, recorded_at
            """).first(decoding: Row.self)?.import_id
    }

    private func payments(of importID: UUID) async throws -> [CopiedPayment] {
        struct Row: Decodable {
            let id: UUID; let account_iban: String?; let currency: String; let amount_minor: Int64?; let is_reversal: Bool
            let booking_date: String?; let value_date: String?; let reference: String?; let debtor_iban: String?
        }
        return try await sql.raw("""
            SELECT id, account_iban, currency, amount_minor, is_reversal, booking_date, value_date, reference, debtor_iban
            FROM bank_payments WHERE import_id = \(bind: importID)
            """).all(decoding: Row.self).map {
            CopiedPayment(id: $0.id, account: $0.account_iban, currency: $0.currency, amountMinor: $0.amount_minor, isReversal: $0.is_reversal,
                          day: $0.booking_date ?? $0.value_date, reference: $0.reference, debtorIBAN: $0.debtor_iban)
        }
    }
}

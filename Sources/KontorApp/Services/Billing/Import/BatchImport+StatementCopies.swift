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
    /// day), and within that by payment reference and payer: a copy of a statement of thousands of payments of one plan's
    /// price finds each twin at once instead of comparing every pair.
    struct CopiedPayments: Sendable {
        struct Bucket: Hashable, Sendable {
            let currency: String; let amountMinor: Int64; let isReversal: Bool; let account: String?; let day: String?
        }
        struct Named: Hashable, Sendable { let bucket: Bucket; let reference: String?; let debtorIBAN: String? }
        var byBucket: [Bucket: [CopiedPayment]] = [:]
        var byNamed: [Named: [CopiedPayment]] = [:]

        init(_ payments: [CopiedPayment]) {
            for payment in payments {
                guard let amount = payment.amountMinor else { continue }
                let bucket = Bucket(currency: payment.currency, amountMinor: amount, isReversal: payment.isReversal, account: payment.account, day: payment.day)
                byBucket[bucket, default: []].append(payment)
                byNamed[Named(bucket: bucket, reference: payment.reference, debtorIBAN: payment.debtorIBAN), default: []].append(payment)
            }
        }
    }

    static let copiedStatementFlag = "statement_imported_before"

    func dropCopiesOfImportedStatements(_ items: inout [Item], summary: inout BankStatementImporter.Summary, state: inout ImportState) async throws {
        var repeated = Set<Int>()
        for index in items.indices {
            guard let key = Self.statementKey(of: items[index]) else { continue }
            if state.statementImportedBy[key] == nil { state.statementImportedBy[key] = .some(try await earlierImport(of: key)) }
            guard let earlier = state.statementImportedBy[key] ?? nil else { continue }
            if state.statementCopyRows[earlier] == nil { state.statementCopyRows[earlier] = CopiedPayments(try await payments(of: earlier)) }
            let item = items[index]
            var twin: CopiedPayment?
            if let amount = item.amount, let copied = state.statementCopyRows[earlier] {
                let bucket = CopiedPayments.Bucket(currency: item.currencyCode, amountMinor: amount.minorUnits, isReversal: item.isReversal,
                                                   account: item.accountIBAN, day: item.bookingDate ?? item.valueDate)
                let named = CopiedPayments.Named(bucket: bucket, reference: item.reference?.electronic ?? item.referenceText, debtorIBAN: item.debtorIBAN)
                // The one naming exactly what this payment names, else the closest that contradicts nothing.
                twin = copied.byNamed[named]?.first { !state.statementCopyClaimed.contains($0.id) }
                    ?? copied.byBucket[bucket]?.filter { !state.statementCopyClaimed.contains($0.id) && Self.mayRepeat(item, $0) }
                        .max { Self.closeness(item, $0) < Self.closeness(item, $1) }
            }
            if let twin {
                state.statementCopyClaimed.insert(twin.id)
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

    /// The import that recorded this statement (this page of it) before; nil when none did.
    private func earlierImport(of key: StatementKey) async throws -> UUID? {
        struct Row: Decodable { let import_id: UUID? }
        let row: Row?
        if key.page == 0 {
            row = try await sql.raw("""
                SELECT import_id FROM bank_statement_numbers
                WHERE account = \(bind: key.account) AND first_number = \(bind: key.number) AND statement_day = \(bind: key.day)
                  AND staff_id IS NULL AND import_id IS NOT NULL AND import_id <> \(bind: importID)
                """).first(decoding: Row.self)
        } else {
            row = try await sql.raw("""
                SELECT import_id FROM bank_statement_pages
                WHERE account = \(bind: key.account) AND statement_number = \(bind: key.number) AND statement_day = \(bind: key.day)
                  AND page_number = \(bind: key.page) AND import_id IS NOT NULL AND import_id <> \(bind: importID)
                """).first(decoding: Row.self)
        }
        return row?.import_id
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

    /// Whether `item` may be `recorded` reported again: the same money on the same day, and nothing both name differs.
    private static func mayRepeat(_ item: Item, _ recorded: CopiedPayment) -> Bool {
        guard let amount = item.amount, amount.minorUnits == recorded.amountMinor, item.currencyCode == recorded.currency,
              item.isReversal == recorded.isReversal, item.accountIBAN == recorded.account,
              (item.bookingDate ?? item.valueDate) == recorded.day else { return false }
        let reference = item.reference?.electronic ?? item.referenceText
        if let reference, let other = recorded.reference, reference != other { return false }
        if let payer = item.debtorIBAN, let other = recorded.debtorIBAN, payer != other { return false }
        return true
    }

    /// How much both name alike: the closest recorded payment is taken, so an equal one that names less is left for
    /// the payment it is.
    private static func closeness(_ item: Item, _ recorded: CopiedPayment) -> Int {
        let reference = item.reference?.electronic ?? item.referenceText
        return (reference != nil && reference == recorded.reference ? 2 : 0) + (item.debtorIBAN != nil && item.debtorIBAN == recorded.debtorIBAN ? 1 : 0)
    }
}

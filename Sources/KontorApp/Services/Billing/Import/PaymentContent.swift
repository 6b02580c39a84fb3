import Foundation
import KontorDomain

/// What a payment says, as far as two reports under one key must agree to be the same payment: a bank that gives
/// two payments one reference has two payments, not a duplicate. What one report leaves out (a camt.053 listing a
/// payment without its debtor or amount) contradicts nothing.
struct PaymentContent: Sendable {
    var amountMinor: Int64?
    var currency: String
    var bookingDate: String?
    /// As written or as recorded: compared without spaces and case.
    var reference: String?
    var debtorIBAN: String?

    init(amountMinor: Int64?, currency: String, bookingDate: String?, reference: String?, debtorIBAN: String?) {
        self.amountMinor = amountMinor
        self.currency = currency
        self.bookingDate = bookingDate
        self.reference = reference
        self.debtorIBAN = debtorIBAN
    }

    /// A payment of a file: a detail's own amount, or the entry's for an entry without details.
    init(_ entry: BankEntry, _ transaction: BankTransaction?) {
        let amount = transaction.map(\.amount) ?? entry.amount
        if case .success(let money)? = amount?.money() { amountMinor = money.minorUnits }
        currency = amount?.currencyCode ?? ""
        bookingDate = entry.bookingDate
        reference = transaction?.reference
        debtorIBAN = transaction?.debtorIBAN
    }

    /// No fact both name differs.
    func isSameAs(_ other: PaymentContent) -> Bool {
        Self.agree(amountMinor, other.amountMinor) && (currency.isEmpty || other.currency.isEmpty || currency == other.currency)
            && Self.agree(bookingDate, other.bookingDate) && Self.sameIdentifier(reference, other.reference)
            && Self.sameIdentifier(debtorIBAN, other.debtorIBAN)
    }

    private static func agree<Value: Equatable>(_ one: Value?, _ other: Value?) -> Bool {
        guard let one, let other else { return true }
        return one == other
    }

    private static func sameIdentifier(_ one: String?, _ other: String?) -> Bool {
        guard let one, let other, one != other else { return true }
        return StatementAccount.compact(one) == StatementAccount.compact(other)
    }
}

/// A payment recorded under a key the import looks up: what it said, and whether it can still be completed.
struct RecordedPayment: Sendable {
    let id: UUID
    let isReversal: Bool
    /// Recorded without its amount (`amount_missing`).
    let isAmountMissing: Bool
    let assignment: String?
    let content: PaymentContent
}

/// An amount as a bank file writes it: the exact decimal and the `Ccy` code, unchecked.
///
/// The reader keeps an unknown currency or a sub-cent amount (`10.00500`) as written; whether it can be booked is
/// the importer's decision (`money()`), so a file is never refused for one odd payment.
public struct BankAmount: Sendable, Hashable, CustomStringConvertible {
    /// The amount exactly as written, up to the 5 fraction digits camt allows.
    public let value: DecimalAmount
    /// The `Ccy` attribute in capitals, as ISO 4217 writes it: a file's `chf` is `CHF`, so the payment is stored, and
    /// later found by its return, under the one code.
    public let currencyCode: String

    public init(value: DecimalAmount, currencyCode: String) {
        self.value = value
        self.currencyCode = currencyCode.uppercased()
    }

    /// The amount in minor units, or why it cannot be: unknown currency (`nil` currency), or finer than the
    /// currency's minor unit.
    public func money() -> Result<Money, MoneyError>? {
        guard let currency = Currency(code: currencyCode) else { return nil }
        return value.money(in: currency)
    }

    /// Same currency and same number, however the file wrote the digits (`CHF 620.0` is `CHF 620.00`).
    public func isSame(as other: BankAmount) -> Bool {
        currencyCode == other.currencyCode && value.isSameNumber(as: other.value)
    }

    public var description: String { "\(currencyCode) \(value)" }
}

/// `CdtDbtInd`: money in (`CRDT`) or out (`DBIT`) of the account.
public enum CreditDebit: String, Sendable, Hashable {
    case credit = "CRDT"
    case debit = "DBIT"
}

extension Array where Element == BankAmount {
    /// Their sum in minor units of `currency` (charges taken from a booking, say); nil when one is in another
    /// currency or unreadable, or the sum overflows.
    func minorUnits(in currency: String) -> Int64? {
        var sum: Int64 = 0
        for amount in self {
            guard amount.currencyCode == currency, case .success(let money)? = amount.money() else { return nil }
            let (added, overflow) = sum.addingReportingOverflow(money.minorUnits)
            guard !overflow else { return nil }
            sum = added
        }
        return sum
    }
}

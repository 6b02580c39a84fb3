/// An amount of money: an integer number of minor units (cents, Rappen) and its currency.
///
/// Never a floating-point number, anywhere (payments.md): sums are exact, and arithmetic that would overflow or
/// mix currencies is refused instead of giving a wrong amount.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

    public var isZero: Bool { minorUnits == 0 }
    public var isNegative: Bool { minorUnits < 0 }
    public var isPositive: Bool { minorUnits > 0 }
    public var negated: Money { Money(minorUnits: -minorUnits, currency: currency) }

    /// The sum, or an error when the currencies differ or the sum does not fit 64 bits.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard other.currency == currency else { throw .currencyMismatch(currency, other.currency) }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: sum, currency: currency)
    }

    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        try adding(other.negated)
    }

    /// The amount times a whole number (a quantity), refused on overflow.
    public func multiplied(by factor: Int64) throws(MoneyError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .overflow }
        return Money(minorUnits: product, currency: currency)
    }

    /// Adds up amounts of one currency; nil for an empty list is avoided by asking for the currency.
    public static func sum(_ amounts: some Sequence<Money>, currency: Currency) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    /// The plain decimal form with exactly the currency's digits and a dot, no grouping: `1949.70`, `-0.05`, `12`
    /// for JPY. This is what the QR-bill payload and the API's decimal strings use; pages use `formatted`.
    public var decimalString: String {
        let exponent = currency.exponent
        let negative = minorUnits < 0
        // Work on the magnitude as UInt64 so Int64.min does not trap.
        let magnitude = minorUnits.magnitude
        let divisor = UInt64(currency.minorPerMajor)
        let major = magnitude / divisor
        let minor = magnitude % divisor
        var text = negative ? "-" : ""
        text += String(major)
        if exponent > 0 {
            let digits = String(minor)
            text += "." + String(repeating: "0", count: exponent - digits.count) + digits
        }
        return text
    }

    /// For people: `CHF 1’949.70` style grouping is the page's business (Localizer); this is for logs and tests.
    public var description: String { "\(currency.code) \(decimalString)" }

    /// Reads an exact decimal such as `1949.7`, `1949.70` or `-3`; refuses more fraction digits than the
    /// currency has (`0.005` CHF) instead of rounding, and anything that is not a plain decimal number.
    public static func parse(_ text: String, currency: Currency) -> Result<Money, MoneyError> {
        guard let decimal = DecimalAmount(text) else { return .failure(.malformed) }
        return decimal.money(in: currency)
    }
}

public enum MoneyError: Error, Equatable, Sendable {
    case malformed
    /// More fraction digits than the currency's minor unit: recorded and flagged, never rounded.
    case finerThanMinorUnit
    case overflow
    case currencyMismatch(Currency, Currency)
}

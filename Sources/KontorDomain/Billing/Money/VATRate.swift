/// A VAT rate in hundredths of a percent, so 8.1 % is exactly 810 and no rate is ever a float.
public struct VATRate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let basisPoints: Int

    public init(basisPoints: Int) { self.basisPoints = basisPoints }

    /// Swiss rates since 1 January 2024 (payments.md).
    public static let swissStandard = VATRate(basisPoints: 810)
    public static let swissReduced = VATRate(basisPoints: 260)
    public static let swissAccommodation = VATRate(basisPoints: 380)
    public static let zero = VATRate(basisPoints: 0)

    /// Reads `8.1`, `8.10`, `2.6`, `0`: at most two decimals, from 0 to 100.
    public init?(percent text: String) {
        guard let decimal = DecimalAmount(text), decimal.significand >= 0,
              case .success(let money) = decimal.money(in: .chf), money.minorUnits <= 10_000 else { return nil }
        basisPoints = Int(money.minorUnits)
    }

    /// `8.1`, `2.6`, `0`: the percentage without trailing zeros, as printed on an invoice ("VAT 8.1 %").
    public var percentText: String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        if fraction == 0 { return String(whole) }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// The tax on a net amount, rounded half away from zero to the minor unit (half-up for the positive amounts of
    /// an invoice; a credit note's negative amounts mirror it exactly).
    public func tax(on net: Money) -> Money {
        // |net| × basis points is computed at full width and divided back, so no amount can overflow: with at most
        // 10,000 basis points the quotient always fits 64 bits again.
        let magnitude = net.minorUnits.magnitude.multipliedFullWidth(by: UInt64(basisPoints))
        let (quotient, remainder) = UInt64(10_000).dividingFullWidth(magnitude)
        let rounded = remainder * 2 >= 10_000 ? quotient + 1 : quotient
        let signed = net.minorUnits < 0 ? -Int64(rounded) : Int64(rounded)
        return Money(minorUnits: signed, currency: net.currency)
    }

    public static func < (lhs: VATRate, rhs: VATRate) -> Bool { lhs.basisPoints < rhs.basisPoints }

    public var description: String { "\(percentText) %" }
}

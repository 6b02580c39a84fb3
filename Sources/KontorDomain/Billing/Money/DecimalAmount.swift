/// A decimal number read exactly from text, as bank files and forms write amounts: `1949.70`, `0.00001`, `-12`.
///
/// It keeps every digit given (an XML decimal in camt may have up to 5 fraction digits), so converting it to a
/// currency's minor units either is exact or says that it is not; nothing is ever rounded on the way in.
public struct DecimalAmount: Hashable, Sendable, CustomStringConvertible {
    /// All the digits as one integer: `1949.70` → 194970.
    public let significand: Int64
    /// How many of them are after the point: `1949.70` → 2.
    public let fractionDigits: Int

    /// Accepts an optional sign, digits, and optionally a point followed by digits (`12`, `12.5`, `.5` is refused,
    /// `12.` is refused), at most 18 digits in all after any leading zeros. No grouping, no exponent, no spaces inside.
    public init?(_ text: String) {
        // Bank files and forms write plain ASCII: read it byte by byte. Anything else (spaces around it, other
        // characters) goes the general way below, which gives the same answer; the byte path only avoids
        // Foundation's `trimmingCharacters` and `Character` checks, most of this parser's time in a big import.
        if let plain = Self.plain(text.utf8) {
            guard let number = plain else { return nil }
            significand = number.significand
            fractionDigits = number.fractionDigits
            return
        }
        var chars = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if let first = chars.first, first == "-" || first == "+" {
            negative = first == "-"
            chars = chars.dropFirst()
        }
        let parts = chars.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, parts.count == 1 || !fraction.isEmpty else { return nil }
        let allDigits = whole + fraction
        let significant = allDigits.drop(while: { $0 == "0" })
        guard significant.count <= 18, allDigits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let value = significant.isEmpty ? 0 : Int64(significant) else { return nil }
        significand = negative ? -value : value
        fractionDigits = fraction.count
    }

    /// The value of text made only of ASCII digits, signs and points (`.some(nil)` when that text is not a number),
    /// or nil when the text holds anything else.
    private static func plain(_ bytes: String.UTF8View) -> (significand: Int64, fractionDigits: Int)?? {
        var value: Int64 = 0
        var digits = 0
        var wholeDigits = 0
        var fraction = -1
        var negative = false
        var index = 0
        for byte in bytes {
            defer { index += 1 }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                // Leading zeros (`00000000000000000107.02`, a valid xs:decimal) add nothing to the value: only the
                // digits from the first non-zero one count towards the 18 an `Int64` holds.
                if value != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                if fraction >= 0 { fraction += 1 } else { wholeDigits += 1 }
                if digits <= 18 { value = value * 10 + Int64(byte &- UInt8(ascii: "0")) }
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard index == 0 else { return .some(nil) }
                negative = byte == UInt8(ascii: "-")
            case UInt8(ascii: "."):
                guard fraction < 0 else { return .some(nil) }
                fraction = 0
            default:
                return nil
            }
        }
        guard wholeDigits > 0, fraction != 0, digits <= 18 else { return .some(nil) }
        return .some((significand: negative ? -value : value, fractionDigits: max(fraction, 0)))
    }

    public init(significand: Int64, fractionDigits: Int) {
        self.significand = significand
        self.fractionDigits = fractionDigits
    }

    /// Whether the two are the same number however they are written: `105678.5` and `105678.50` are.
    public func isSameNumber(as other: DecimalAmount) -> Bool {
        let (a, b) = (trimmed, other.trimmed)
        return a.significand == b.significand && a.fractionDigits == b.fractionDigits
    }

    /// Without zeros at the end of the fraction: `10.500` → `10.5`.
    private var trimmed: DecimalAmount {
        var (units, digits) = (significand, fractionDigits)
        while digits > 0, units % 10 == 0 { units /= 10; digits -= 1 }
        return DecimalAmount(significand: units, fractionDigits: digits)
    }

    /// The amount in the currency's minor units, or `.finerThanMinorUnit` when non-zero digits fall below the
    /// minor unit (`10.005` CHF). Trailing zeros below it are fine (`10.50000` CHF is 1050).
    public func money(in currency: Currency) -> Result<Money, MoneyError> {
        var units = significand
        var digits = fractionDigits
        while digits > currency.exponent {
            guard units % 10 == 0 else { return .failure(.finerThanMinorUnit) }
            units /= 10
            digits -= 1
        }
        while digits < currency.exponent {
            let (product, overflow) = units.multipliedReportingOverflow(by: 10)
            guard !overflow else { return .failure(.overflow) }
            units = product
            digits += 1
        }
        return .success(Money(minorUnits: units, currency: currency))
    }

    public var description: String {
        let magnitude = Array(String(significand.magnitude).utf8)
        var bytes: [UInt8] = significand < 0 ? [UInt8(ascii: "-")] : []
        guard fractionDigits > 0 else { return String(decoding: bytes + magnitude, as: UTF8.self) }
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, fractionDigits + 1 - magnitude.count)) + magnitude
        bytes += padded.dropLast(fractionDigits)
        bytes.append(UInt8(ascii: "."))
        bytes += padded.suffix(fractionDigits)
        return String(decoding: bytes, as: UTF8.self)
    }
}

import Foundation

/// An ISO 4217 currency with the number of digits after the decimal point its minor unit has.
///
/// Kontor keeps the exponent table in code (payments.md): the database and the API carry only the code and an
/// integer number of minor units, so nothing downstream ever needs to guess how many decimals a currency has.
public struct Currency: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Three upper-case letters: `CHF`.
    public let code: String
    /// Digits of the minor unit: 2 for CHF and EUR, 0 for JPY, 3 for BHD and KWD.
    public let exponent: Int

    private init(code: String, exponent: Int) {
        self.code = code
        self.exponent = exponent
    }

    public static let chf = Currency(code: "CHF", exponent: 2)
    public static let eur = Currency(code: "EUR", exponent: 2)
    public static let usd = Currency(code: "USD", exponent: 2)
    public static let gbp = Currency(code: "GBP", exponent: 2)
    public static let jpy = Currency(code: "JPY", exponent: 0)
    public static let bhd = Currency(code: "BHD", exponent: 3)
    public static let kwd = Currency(code: "KWD", exponent: 3)

    /// The currencies Kontor knows the minor unit of. A bank file in any other currency is recorded for staff,
    /// never converted by guessing its exponent.
    public static let known: [String: Currency] = Dictionary(
        uniqueKeysWithValues: [chf, eur, usd, gbp, jpy, bhd, kwd].map { ($0.code, $0) })

    /// The currencies a Swiss QR-bill can be paid in.
    public static let qrBill: Set<Currency> = [.chf, .eur]

    /// The currency for a code such as `chf` or ` EUR `; nil for a code Kontor does not know.
    public init?(code: String) {
        // The usual case, three upper-case letters as files and the database hold them, without Foundation's trimming.
        if code.utf8.count == 3, code.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
            guard let known = Currency.known[code] else { return nil }
            self = known
            return
        }
        let upper = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard let known = Currency.known[upper] else { return nil }
        self = known
    }

    /// 10^exponent: minor units in one major unit.
    public var minorPerMajor: Int64 {
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let currency = Currency(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown currency \(code)"))
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

import Foundation

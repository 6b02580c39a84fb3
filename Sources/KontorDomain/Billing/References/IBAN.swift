/// An International Bank Account Number, checked (ISO 13616: country, length, mod-97 check digits).
///
/// A QR-IBAN is a Swiss or Liechtenstein IBAN whose bank id (characters 5–9) is 30000–31999: it may be paid only
/// with a QR reference, and a normal IBAN never with one (payments.md).
public struct IBAN: Hashable, Sendable, CustomStringConvertible {
    /// Upper case, no spaces: `CH4431999123000889012`.
    public let electronic: String

    /// Lengths of the countries whose accounts Kontor is likely to see; any other country must be 15–34 long.
    static let lengths: [String: Int] = [
        "CH": 21, "LI": 21, "DE": 22, "AT": 20, "FR": 27, "IT": 27, "ES": 24, "NL": 18, "BE": 16, "LU": 20,
        "GB": 22, "IE": 22, "PT": 25, "MC": 27, "SM": 27, "DK": 18, "SE": 24, "NO": 15, "FI": 18, "PL": 28,
    ]

    /// Accepts the printed form with spaces (`CH44 3199 9123 0008 8901 2`), any case.
    public init?(_ text: String) {
        // Electronic form (ASCII letters and digits only, as bank files write it): checked on bytes, the same rules.
        if text.utf8.allSatisfy(Self.isASCIIAlphanumeric) {
            guard let electronic = Self.electronic(text) else { return nil }
            self.electronic = electronic
            return
        }
        let compact = String(text.filter { !$0.isWhitespace }).uppercased()
        guard compact.count >= 15, compact.count <= 34,
              compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        let country = String(compact.prefix(2))
        guard country.allSatisfy(\.isLetter), compact.dropFirst(2).prefix(2).allSatisfy(\.isNumber) else { return nil }
        if let length = IBAN.lengths[country], length != compact.count { return nil }
        let rearranged = compact.dropFirst(4) + compact.prefix(4)
        guard Mod97.remainder(of: rearranged) == 1 else { return nil }
        electronic = compact
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// `text` (ASCII letters and digits only) upper-cased, if it is a valid IBAN.
    private static func electronic(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        guard bytes.count >= 15, bytes.count <= 34 else { return nil }
        var changed = false
        for index in bytes.indices where (0x61...0x7A).contains(bytes[index]) {
            bytes[index] -= 0x20
            changed = true
        }
        let isLetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) }
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        guard isLetter(bytes[0]), isLetter(bytes[1]), isDigit(bytes[2]), isDigit(bytes[3]) else { return nil }
        if let length = lengths[String(decoding: bytes[0..<2], as: UTF8.self)], length != bytes.count { return nil }
        // The first four characters move to the end, as in `init?` below.
        guard let rest = Mod97.remainder(ofBytes: bytes[4...]), Mod97.remainder(ofBytes: bytes[0..<4], startingAt: rest) == 1 else { return nil }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    public var countryCode: String { String(electronic.prefix(2)) }

    /// Whether this is a QR-IBAN (QR-IID 30000–31999 in a CH or LI IBAN).
    public var isQRIBAN: Bool {
        guard countryCode == "CH" || countryCode == "LI" else { return false }
        let start = electronic.index(electronic.startIndex, offsetBy: 4)
        let end = electronic.index(start, offsetBy: 5)
        guard let iid = Int(electronic[start..<end]) else { return false }
        return (30000...31999).contains(iid)
    }

    /// Groups of four for people: `CH44 3199 9123 0008 8901 2`.
    public var printed: String { Grouping.fromLeft(electronic, size: 4) }

    public var description: String { printed }
}

/// ISO 7064 MOD 97-10 over a text of digits and letters (A = 10 … Z = 35), digit by digit so that no
/// length of text can overflow.
enum Mod97 {
    /// The same over ASCII bytes, continuing from `remainder` (to read a text in two parts without joining them).
    static func remainder(ofBytes bytes: some Sequence<UInt8>, startingAt remainder: Int = 0) -> Int? {
        var remainder = remainder
        for ascii in bytes {
            switch ascii {
            case 48...57: remainder = (remainder * 10 + Int(ascii - 48)) % 97
            case 65...90: remainder = (remainder * 100 + Int(ascii - 55)) % 97
            default: return nil
            }
        }
        return remainder
    }

    static func remainder(of text: some StringProtocol) -> Int? {
        var remainder = 0
        for character in text {
            guard let ascii = character.asciiValue else { return nil }
            switch ascii {
            case 48...57: remainder = (remainder * 10 + Int(ascii - 48)) % 97
            case 65...90: remainder = (remainder * 100 + Int(ascii - 55)) % 97
            default: return nil
            }
        }
        return remainder
    }
}

/// Printing long identifiers in blocks, as IBANs and references are printed on a QR-bill.
enum Grouping {
    static func fromLeft(_ text: String, size: Int) -> String {
        if text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return ascii(Array(text.utf8), size: size, fromLeft: true) }
        var groups: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            groups.append(rest.prefix(size))
            rest = rest.dropFirst(size)
        }
        return groups.joined(separator: " ")
    }

    static func fromRight(_ text: String, size: Int) -> String {
        if text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return ascii(Array(text.utf8), size: size, fromLeft: false) }
        var groups: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            groups.insert(rest.suffix(size), at: 0)
            rest = rest.dropLast(size)
        }
        return groups.joined(separator: " ")
    }

    /// The same on bytes, for the usual ASCII text (a reminder run prints 100,000 references).
    private static func ascii(_ bytes: [UInt8], size: Int, fromLeft: Bool) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / max(size, 1))
        let offset = fromLeft ? 0 : bytes.count % size
        for (index, byte) in bytes.enumerated() {
            if index > 0, (index - offset) % size == 0 { result.append(UInt8(ascii: " ")) }
            result.append(byte)
        }
        return String(decoding: result, as: UTF8.self)
    }
}

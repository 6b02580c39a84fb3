/// A Swiss QR reference (QRR): 27 digits, the last a "modulo 10 recursive" check digit over the other 26.
public struct QRReference: Hashable, Sendable, CustomStringConvertible {
    /// The 27 digits, no spaces.
    public let digits: String

    private static let table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5]

    /// Checks a reference as read from a bank file or typed by a person (spaces allowed).
    public init?(_ text: String) {
        // 27 ASCII digits, as bank files write it: checked on bytes, without building a filtered copy.
        if text.utf8.count == 27, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            var carry = 0
            for byte in text.utf8 { carry = QRReference.table[(carry + Int(byte - 48)) % 10] }
            guard carry == 0, text.utf8.contains(where: { $0 != 0x30 }) else { return nil }
            digits = text
            return
        }
        let compact = String(text.filter { !$0.isWhitespace })
        guard compact.count == 27, compact.allSatisfy({ $0.isASCII && $0.isNumber }),
              QRReference.carry(of: compact) == 0 else { return nil }
        // All zeros passes the arithmetic but is no one's reference (it appears in public sample files).
        guard compact.contains(where: { $0 != "0" }) else { return nil }
        digits = compact
    }

    /// Makes the reference for 26 payload digits (shorter payloads are padded with leading zeros).
    public init?(payload: String) {
        // On bytes: every invoice issued makes one (100,000 in a renewal run).
        let count = payload.utf8.count
        guard count > 0, count <= 26, payload.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let padded = String(repeating: "0", count: 26 - count) + payload
        let check = (10 - QRReference.carry(of: padded)) % 10
        self.init(padded + String(check))
    }

    /// The running carry of the recursive mod-10 check over ASCII digits.
    static func carry(of digits: String) -> Int {
        var carry = 0
        for byte in digits.utf8 { carry = table[(carry + Int(byte &- 48)) % 10] }
        return carry
    }

    /// Groups of five from the right, as printed: `21 00000 00003 13947 14300 09017`.
    public var printed: String { Grouping.fromRight(digits, size: 5) }

    public var description: String { printed }
}

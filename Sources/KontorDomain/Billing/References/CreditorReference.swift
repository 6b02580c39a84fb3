/// An ISO 11649 creditor reference (SCOR): `RF`, two check digits, then 1–21 letters and digits.
public struct CreditorReference: Hashable, Sendable, CustomStringConvertible {
    /// Upper case, no spaces: `RF18539007547034`.
    public let electronic: String

    /// Checks a reference as read from a bank file or typed (spaces allowed, any case).
    public init?(_ text: String) {
        // Electronic form (ASCII letters and digits, as bank files write it): checked on bytes, the same rules.
        let bytes = text.utf8
        if bytes.count >= 5, bytes.count <= 25, bytes.allSatisfy(IBAN.isASCIIAlphanumeric) {
            let upper = bytes.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }
            guard upper[0] == UInt8(ascii: "R"), upper[1] == UInt8(ascii: "F"), (0x30...0x39).contains(upper[2]), (0x30...0x39).contains(upper[3]),
                  let rest = Mod97.remainder(ofBytes: upper[4...]), Mod97.remainder(ofBytes: upper[0..<4], startingAt: rest) == 1 else { return nil }
            electronic = upper.elementsEqual(bytes) ? text : String(decoding: upper, as: UTF8.self)
            return
        }
        let compact = String(text.filter { !$0.isWhitespace }).uppercased()
        guard compact.count >= 5, compact.count <= 25, compact.hasPrefix("RF"),
              compact.dropFirst(2).prefix(2).allSatisfy({ $0.isASCII && $0.isNumber }),
              compact.dropFirst(4).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              Mod97.remainder(of: compact.dropFirst(4) + compact.prefix(4)) == 1 else { return nil }
        electronic = compact
    }

    /// Makes the reference for a body of 1–21 letters and digits.
    public init?(body: String) {
        let upper = body.uppercased()
        guard !upper.isEmpty, upper.count <= 21, upper.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              let remainder = Mod97.remainder(of: upper + "RF00") else { return nil }
        let check = 98 - remainder
        self.init("RF" + (check < 10 ? "0" : "") + String(check) + upper)
    }

    /// Groups of four, as printed: `RF18 5390 0754 7034`.
    public var printed: String { Grouping.fromLeft(electronic, size: 4) }

    public var description: String { printed }
}

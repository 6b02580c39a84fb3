/// Base32 as in RFC 4648 §6: the upper-case alphabet `A–Z 2–7`, the encoding authenticator apps expect for secrets.
public enum Base32 {
    /// The 32 symbols in value order.
    public static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// `bytes` as upper-case base32 without `=` padding (authenticator apps want it bare in `otpauth://` URIs).
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1F)])
            }
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil when it is not base32.
    ///
    /// Lenient where people and other tools differ: lower case, white space anywhere and trailing `=` padding
    /// (complete or absent) are accepted. Strict where a typo would otherwise slip through: any other character,
    /// `=` before the end, a length no encoder produces (1, 3 or 6 symbols in the last group), wrong padding,
    /// or non-zero leftover bits (RFC 4648 §3.5) give nil.
    public static func decode(_ text: String) -> [UInt8]? {
        var symbols: [UInt8] = []
        var padding = 0
        for character in text where !character.isWhitespace {
            guard let ascii = character.asciiValue else { return nil }
            if ascii == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = value(of: ascii) else { return nil }
            symbols.append(value)
        }
        let remainder = symbols.count % 8
        guard let expectedPadding = paddingLength[remainder] else { return nil }
        guard padding == 0 || padding == expectedPadding else { return nil }

        var out: [UInt8] = []
        out.reserveCapacity(symbols.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for value in symbols {
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }

    /// For each possible count of symbols in the last group of eight, the `=` that complete it (nil: impossible).
    private static let paddingLength: [Int: Int] = [0: 0, 2: 6, 4: 4, 5: 3, 7: 1]

    private static func value(of ascii: UInt8) -> UInt8? {
        switch ascii {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): ascii - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): ascii - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): ascii - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}

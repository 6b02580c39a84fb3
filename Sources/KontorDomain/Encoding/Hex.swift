/// Lower-case hexadecimal, two digits per byte: how Kontor writes token hashes, HMACs and key files.
/// Written out because Foundation's `String(format: "%02x")` per byte was a measurable share of every signed-in
/// request (each one hashes its session token); this builds the string from a lookup table in one pass.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}

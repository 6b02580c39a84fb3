/// Reading the simple value types of camt: codes, booleans, dates, counts. Each returns nil for text outside its
/// format, so the caller can name the element in the error.
enum CamtValues {
    /// Text without leading and trailing XML whitespace; the common case (none) costs no copy.
    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return text }
        guard isSpace(first) || isSpace(last) else { return text }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[start...end])
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    /// `YYYY-MM-DD` from an ISODate or the date part of an ISODateTime (`2026-03-14T10:00:00+01:00`).
    ///
    /// ISODate is xs:date, which may carry a time zone (`2026-03-14+01:00`, `2026-03-14Z`); bank software built on
    /// JAXB or .NET writes dates that way. The day as written is the bank's calendar day, so the zone is dropped.
    static func date(_ text: String) -> String? {
        let bytes = Array(text.utf8.prefix(17))
        guard bytes.count >= 10 else { return nil }
        for (index, byte) in bytes.prefix(10).enumerated() {
            let isDash = index == 4 || index == 7
            guard isDash ? byte == UInt8(ascii: "-") : (0x30...0x39).contains(byte) else { return nil }
        }
        guard bytes.count == 10 || bytes[10] == UInt8(ascii: "T") || isTimeZone(bytes[10...]) else { return nil }
        return String(decoding: bytes.prefix(10), as: UTF8.self)
    }

    /// xs:date's time zone: `Z`, or `+hh:mm` / `-hh:mm`.
    private static func isTimeZone(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let sign = bytes.first else { return false }
        if sign == UInt8(ascii: "Z") { return bytes.count == 1 }
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes.count == 6 else { return false }
        return bytes.dropFirst().enumerated().allSatisfy { index, byte in
            index == 2 ? byte == UInt8(ascii: ":") : (0x30...0x39).contains(byte)
        }
    }

    /// xs:boolean: `true`, `false`, `1`, `0`.
    static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    /// A non-negative count such as `NbOfTxs` (max 15 digits in the schema).
    static func count(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 15, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// `TEXT` appended to an optional text with a space between.
    static func appending(_ text: String, to existing: String?) -> String {
        guard let existing, !existing.isEmpty else { return text }
        return existing + " " + text
    }
}

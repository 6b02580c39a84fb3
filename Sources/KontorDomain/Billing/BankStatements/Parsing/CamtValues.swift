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

    /// A reference as the bank gave it, or nil for the placeholders banks write where they have none (`NONREF`,
    /// `NOTPROVIDED` — the schema makes some references mandatory, so a bank without one fills it in). Such a "reference"
    /// is the same on every booking: taken as one, it made every payment after the first a repeat of it.
    static func reference(_ text: String) -> String? {
        let bytes = text.utf8
        guard !bytes.isEmpty else { return nil }
        // Every placeholder is short: a real reference of 17 or more characters costs one comparison.
        guard bytes.count <= 16 else { return text }
        let letters = String(decoding: bytes.filter { $0 != 0x20 && $0 != 0x2D && $0 != 0x2F && $0 != 0x5F && $0 != 0x2E }, as: UTF8.self).uppercased()
        return placeholders.contains(letters) ? nil : text
    }

    /// Placeholders, as compared: upper case, without spaces, dashes, slashes, underscores and dots (`N/A`, `NOT PROVIDED`).
    private static let placeholders: Set<String> = [
        "", "NONREF", "NOREF", "NOREFERENCE", "NOTPROVIDED", "NOTAVAILABLE", "NONE", "NA", "UNKNOWN", "NOTAPPLICABLE",
    ]

    /// `TEXT` appended to an optional text with a space between.
    static func appending(_ text: String, to existing: String?) -> String {
        guard let existing, !existing.isEmpty else { return text }
        return existing + " " + text
    }
}

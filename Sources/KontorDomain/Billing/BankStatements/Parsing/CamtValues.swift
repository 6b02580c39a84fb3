import Foundation

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
        // A day that does not exist (30 February, month 13, year 0000) is refused with its element: read as written,
        // it keyed the payment under a day its other report never names, and the two were booked twice.
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
        let year = number(0..<4), month = number(5..<7), day = number(8..<10)
        guard year >= 1, (1...12).contains(month), day >= 1, day <= CivilDay.daysIn(year: year, month: month) else { return nil }
        return String(decoding: bytes.prefix(10), as: UTF8.self)
    }

    /// The bank's calendar day of an ISODateTime. A time with an offset (`2026-12-07T23:40:00Z`) is an instant,
    /// and its day is the one in the bank's time zone (8 December in Zurich): the camt.053 of the same booking gives
    /// that day as its date, and the two reports of one payment must agree on it. A time without an offset is the
    /// bank's local time already, so its date part is the day. Nil when not even the date can be read.
    static func day(ofDateTime text: String, in zone: TimeZone) -> String? {
        guard let day = date(text) else { return nil }
        let bytes = Array(text.utf8)
        // Only `Thh:mm[:ss[.fff]]` followed by an offset is an instant; any other time (none, local, or written in a
        // way the standard does not allow) keeps the day as written, as before times were read.
        func number(_ at: Int) -> Int? {
            guard at + 2 <= bytes.count, (0x30...0x39).contains(bytes[at]), (0x30...0x39).contains(bytes[at + 1]) else { return nil }
            return Int(bytes[at] - 0x30) * 10 + Int(bytes[at + 1] - 0x30)
        }
        guard bytes.count > 16, bytes[10] == UInt8(ascii: "T"), let hour = number(11), bytes[13] == UInt8(ascii: ":"),
              let minute = number(14), hour < 24, minute < 60 else { return day }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let seconds = number(index + 1), seconds < 61 else { return day }
            second = seconds
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            }
        }
        guard index < bytes.count, isTimeZone(bytes[index...]) else { return day }
        var offset = 0
        if bytes[index] != UInt8(ascii: "Z"), let hours = number(index + 1), let minutes = number(index + 4) {
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        guard let days = CivilDay.number(day) else { return day }
        let utc = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        let local = utc + zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))
        return CivilDay.text(Int((Double(local) / 86_400).rounded(.down)))
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

    /// An amount as xs:decimal writes it, without a minus (the direction is `CdtDbtInd`'s; a negative amount would contradict
    /// it): an optional `+`, digits, and a point that may come first or last (`+206.25`, `58.`, `.50` are 206.25, 58, 0.50).
    static func amount(_ text: String) -> DecimalAmount? {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return nil }
        // Nearly every amount: digits at both ends, read as written.
        if isDigit(first), isDigit(last), let value = DecimalAmount(text) { return value }
        var body = Substring(text)
        if first == UInt8(ascii: "+") { body = body.dropFirst() }
        guard body.utf8.contains(where: isDigit), body.utf8.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") }),
              body.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count <= 1 else { return nil }
        var plain = String(body)
        if plain.hasPrefix(".") { plain = "0" + plain }
        if plain.hasSuffix(".") { plain.removeLast() }
        if let value = DecimalAmount(plain) { return value }
        // Zeros ending the fraction add no value: `14.0500000000000000000` is 14.05, though written with more digits than
        // an Int64 holds (it was refused as "not a decimal": bank probe round 4).
        guard plain.contains(".") else { return nil }
        while plain.hasSuffix("0") { plain.removeLast() }
        if plain.hasSuffix(".") { plain.removeLast() }
        return DecimalAmount(plain)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Whether `text` is written as a decimal (an optional `+`, digits, at most one point), whatever its size.
    static func isDecimal(_ text: String) -> Bool {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if body.hasPrefix("+") { body = body.dropFirst() }
        return body.utf8.contains(where: isDigit) && body.utf8.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ".") }
            && body.utf8.lazy.filter { $0 == UInt8(ascii: ".") }.count <= 1
    }

    /// The largest count the schema's 15 digits can state.
    static let largestCount = 999_999_999_999_999

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

    /// `text` appended to an optional text, with a space between, in place: a new string for every one of a
    /// payment's message lines took the square of their number (bank probe round 4: 1,000 lines).
    static func append(_ text: String, to existing: inout String?) {
        guard existing?.isEmpty == false else { existing = text; return }
        existing!.append(" ")
        existing!.append(text)
    }
}

/// A phone number in international E.164 form (`+41791234567`), for sending SMS codes.
///
/// Parsing takes what people write: `+41 79 123 45 67`, `0041 79 123 45 67`, `+41 (0)79 123-45-67`,
/// `+41.79.123.45.67`. The number must carry its country code (`+` or `00`), because a national number such as
/// `079 123 45 67` means different subscribers in different countries. 8 to 15 digits (E.164 allows 15), the
/// first of them not 0. Whether the number exists is learnt only by sending it a code.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number as `+` and digits, e.g. `+41791234567`.
    public let e164: String

    /// Fewest and most digits, country code included.
    public static let digitRange = 8...15

    /// The number `raw` denotes, or nil when it is not an international phone number.
    public init?(_ raw: String) {
        var text = raw.trimmingWhitespace()
        // "+41 (0)79…": the national trunk prefix some people write in brackets is not dialled from abroad.
        text = text.replacing("(0)", with: "")
        let compact = text.filter { !($0.isWhitespace || Self.separators.contains($0)) }
        let digits: Substring
        if compact.hasPrefix("+") {
            digits = compact.dropFirst()
        } else if compact.hasPrefix("00") {
            digits = compact.dropFirst(2)
        } else {
            return nil
        }
        guard Self.digitRange.contains(digits.utf8.count),
              digits.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              digits.first != "0"
        else { return nil }
        self.e164 = "+" + digits
    }

    /// Validates `raw` for the form field `field`: `error.required` when empty, `error.phone.invalid` otherwise.
    public static func parse(_ raw: String?, field: String = "phone") -> Result<PhoneNumber, FieldError> {
        guard let raw, !raw.trimmingWhitespace().isEmpty else {
            return .failure(FieldError(field: field, messageKey: "error.required"))
        }
        guard let number = PhoneNumber(raw) else {
            return .failure(FieldError(field: field, messageKey: "error.phone.invalid"))
        }
        return .success(number)
    }

    /// The country calling code without `+`, e.g. `41` (ITU-T E.164 codes are prefix-free: 1, 2 or 3 digits).
    public var countryCode: String {
        let digits = e164.dropFirst()
        let length = Self.oneDigitCodes.contains(String(digits.prefix(1))) ? 1
            : Self.twoDigitCodes.contains(String(digits.prefix(2))) ? 2 : 3
        return String(digits.prefix(length))
    }

    /// The number for display where only its owner should recognise it: the country code and the last two
    /// digits, the rest as dots in the usual groups, e.g. `+41 •• ••• •• 67`.
    public var masked: String {
        let national = Array(e164.dropFirst(1 + countryCode.count))
        // From the right: two pairs, then threes (a four where a single digit would be left over).
        var groups: [String] = []
        var end = national.count
        var pairs = 2
        while end > 0 {
            let wanted = pairs > 0 ? 2 : (end == 4 ? 4 : 3)
            pairs -= 1
            let size = min(wanted, end)
            let group = national[(end - size)..<end]
            groups.insert(end == national.count ? String(group) : String(repeating: "•", count: size), at: 0)
            end -= size
        }
        return (["+" + countryCode] + groups).joined(separator: " ")
    }

    /// The E.164 form.
    public var description: String { e164 }

    private static let separators: Set<Character> = ["-", ".", "/", "(", ")"]
    private static let oneDigitCodes: Set<String> = ["1", "7"]
    private static let twoDigitCodes: Set<String> = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ]
}

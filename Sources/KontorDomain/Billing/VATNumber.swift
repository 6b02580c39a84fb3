import Foundation

/// A customer's VAT identification number, as a business enters it on its billing address. A business outside
/// Switzerland and Liechtenstein with one pays no Swiss VAT: its invoices say "reverse charge" (issue 12 §1).
///
/// Checked here: the shape each tax authority publishes (the EU's VIES formats, the Swiss UID with its mod-11 check
/// digit, Norway's MVA and the UK's formats), the check digit of most EU countries' numbers (`VATCheckDigits`) and that the number belongs to the address's country. Whether the number
/// is *registered* only the authority can say (VIES, the UID register); that is an online look-up and stays with the
/// provider's staff. Countries without a table entry get a loose check (4–15 letters and digits).
public struct VATNumber: Hashable, Sendable {
    /// Upper case, no spaces, dots or dashes: `DE136695976`, `CHE116281710`.
    public let compact: String

    /// As printed on an invoice: the Swiss UID in its official `CHE-123.456.789` form, the others compact.
    public var printed: String {
        guard compact.hasPrefix("CHE"), compact.count == 12 else { return compact }
        let digits = Array(compact.dropFirst(3))
        return "CHE-\(String(digits[0..<3])).\(String(digits[3..<6])).\(String(digits[6..<9]))"
    }

    /// The number as stored, already checked.
    public init(stored: String) { compact = stored }

    /// Checks `raw` against the billing address's `country` (ISO 3166-1 alpha-2). Errors name `field`:
    /// `error.billing.vat_number_format` for a malformed number, `error.billing.vat_number_country` for another
    /// country's number.
    public static func parse(_ raw: String, country: String, field: String = "vat_number") -> Result<VATNumber, FieldError> {
        var text = raw.uppercased().filter { !" .-\u{00A0}".contains($0) }
        // The Swiss UID is often written with its VAT suffix ("CHE-123.456.789 MWST"); the suffix is not part of it.
        for suffix in ["MWST", "TVA", "IVA", "VAT"] where text.hasPrefix("CHE") && text.hasSuffix(suffix) {
            text.removeLast(suffix.count)
        }
        let format = FieldError(field: field, messageKey: "error.billing.vat_number_format")
        guard (4...20).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "*") }) else {
            return .failure(format)
        }
        let accepted = prefixes(for: country.uppercased())
        // Typed without its prefix ("123456789" on a German address): the address says which country it is.
        if text.first?.isNumber == true, patterns[accepted[0]] != nil { text = accepted[0] + text }
        let numberPrefix = text.hasPrefix("CHE") ? "CHE" : String(text.prefix(2))
        if let pattern = patterns[numberPrefix] {
            let body = String(text.dropFirst(numberPrefix.count))
            guard let regex = try? Regex(pattern), body.wholeMatch(of: regex) != nil else { return .failure(format) }
            if numberPrefix == "CHE", !swissCheckDigitHolds(body) { return .failure(format) }
            guard accepted.contains(numberPrefix) else { return .failure(FieldError(field: field, messageKey: "error.billing.vat_number_country")) }
            if !VATCheckDigits.hold(numberPrefix, body) { return .failure(FieldError(field: field, messageKey: "error.billing.vat_number_check")) }
            return .success(VATNumber(stored: text))
        }
        // A country without a table entry: a number that starts with another country's code is that country's.
        if patterns[accepted[0]] != nil || (knownPrefixes.contains(numberPrefix) && !accepted.contains(numberPrefix)) {
            return .failure(FieldError(field: field, messageKey: "error.billing.vat_number_country"))
        }
        guard (4...15).contains(text.count) else { return .failure(format) }
        return .success(VATNumber(stored: text))
    }

    /// The prefixes a country's numbers carry: its ISO code, except Greece (`EL`), Switzerland and Liechtenstein
    /// (the Swiss UID, `CHE`) and the United Kingdom, whose Northern Irish traders have `XI` numbers in VIES.
    static func prefixes(for country: String) -> [String] {
        switch country {
        case "GR": ["EL"]
        case "CH", "LI": ["CHE"]
        case "GB": ["GB", "XI"]
        default: [country]
        }
    }

    private static let knownPrefixes: Set<String> = PostalAddress.countryCodes.union(["EL", "XI"])

    /// The body after the prefix, per the EU Commission's VIES format table, the Swiss UID, Norway and the UK.
    private static let patterns: [String: String] = [
        "AT": "U\\d{8}", "BE": "[01]\\d{9}", "BG": "\\d{9,10}", "CY": "\\d{8}[A-Z]", "CZ": "\\d{8,10}",
        "DE": "\\d{9}", "DK": "\\d{8}", "EE": "\\d{9}", "EL": "\\d{9}", "ES": "[A-Z0-9]\\d{7}[A-Z0-9]",
        "FI": "\\d{8}", "FR": "[A-HJ-NP-Z0-9]{2}\\d{9}", "HR": "\\d{11}", "HU": "\\d{8}",
        "IE": "\\d[A-Z0-9+*]\\d{5}[A-Z]{1,2}", "IT": "\\d{11}", "LT": "\\d{9}|\\d{12}", "LU": "\\d{8}", "LV": "\\d{11}",
        "MT": "\\d{8}", "NL": "\\d{9}B\\d{2}", "PL": "\\d{10}", "PT": "\\d{9}", "RO": "\\d{2,10}", "SE": "\\d{10}01",
        "SI": "\\d{8}", "SK": "\\d{10}", "XI": "\\d{9}|\\d{12}|GD\\d{3}|HA\\d{3}", "GB": "\\d{9}|\\d{12}|GD\\d{3}|HA\\d{3}",
        "NO": "\\d{9}(?:MVA)?", "CHE": "\\d{9}",
    ]

    /// The Swiss UID's eighth-digit weights 5 4 3 2 7 6 5 4; the check digit is 11 minus the sum modulo 11 (11 → 0;
    /// 10 is never issued).
    static func swissCheckDigitHolds(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == 9 else { return false }
        let sum = zip(values.prefix(8), [5, 4, 3, 2, 7, 6, 5, 4]).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        return check != 10 && (check == 11 ? 0 : check) == values[8]
    }
}

import Foundation

/// How each country writes its postcodes, so an address is refused when its postcode cannot be one of that country
/// ("2801" for Madrid) instead of failing at the post office. The patterns are those of Google's address metadata
/// (libaddressinput, the data behind Chrome's and Android's address forms), for the countries a Swiss provider's
/// customers mostly live in; any other country keeps the length limit only. A leading country prefix written the
/// old European way (`CH-8001`, `D-10117`) is accepted and left out, as the QR-bill wants the postcode alone.
public enum PostcodeFormat {
    static let patterns: [String: String] = [
        "CH": #"[1-9]\d{3}"#, "LI": #"94(8[5-9]|9[0-8])"#, "AT": #"[1-9]\d{3}"#, "DE": #"\d{5}"#, "FR": #"\d{2} ?\d{3}"#,
        "IT": #"\d{5}"#, "ES": #"(0[1-9]|[1-4]\d|5[0-2])\d{3}"#, "PT": #"\d{4}-\d{3}"#, "BE": #"[1-9]\d{3}"#,
        "NL": #"[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}"#, "LU": #"\d{4}"#, "MC": #"980\d{2}"#, "SM": #"4789\d"#, "VA": #"00120"#,
        "GB": #"GIR ?0AA|((AB|AL|B|BA|BB|BD|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|DY|E|EC|EH|EN|EX|FK|FY|G|GL|GY|GU|HA|HD|HG|HP|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|L|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|SG|SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE)(\d[\dA-Z]? ?\d[ABD-HJLN-UW-Z]{2}))"#,
        "IE": #"[\dA-Z]{3} ?[\dA-Z]{4}"#, "DK": #"\d{4}"#, "NO": #"\d{4}"#, "SE": #"\d{3} ?\d{2}"#, "FI": #"\d{5}"#,
        "PL": #"\d{2}-\d{3}"#, "CZ": #"\d{3} ?\d{2}"#, "SK": #"\d{3} ?\d{2}"#, "HU": #"\d{4}"#, "SI": #"\d{4}"#,
        "HR": #"\d{5}"#, "GR": #"\d{3} ?\d{2}"#, "RO": #"\d{6}"#, "BG": #"\d{4}"#, "EE": #"\d{5}"#, "LV": #"LV-\d{4}"#,
        "LT": #"\d{5}"#, "US": #"\d{5}(-\d{4})?"#, "CA": #"[ABCEGHJKLMNPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d"#,
    ]

    /// The postcode as it should be stored for `country` (upper case, single spaces, without a country prefix), or
    /// nil when it cannot be a postcode of that country. Countries without a known pattern accept anything.
    public static func normalized(_ postcode: String, country: String) -> String? {
        let value = postcode.uppercased().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        guard let pattern = patterns[country] else { return value }
        if matches(value, pattern) { return value }
        // `CH-8001`, `D-10117`, `F-75001`: a prefix of one to three letters and a dash before a postcode that fits.
        if let dash = value.firstIndex(of: "-"), value[..<dash].count <= 3, value[..<dash].allSatisfy(\.isLetter) {
            let rest = value[value.index(after: dash)...].trimmingCharacters(in: .whitespaces)
            if matches(rest, pattern) { return rest }
        }
        return nil
    }

    private static func matches(_ value: String, _ pattern: String) -> Bool {
        value.range(of: "^(?:\(pattern))$", options: .regularExpression) != nil
    }
}

import KontorDomain

/// Amounts as people in each language read them, built from the exact decimal string (never through a
/// floating-point formatter): `CHF 1’949.70` in German and Italian (Swiss usage), `1 949,70 CHF` in French,
/// `1.949,70 CHF` in Spanish, `CHF 1,949.70` in English.
enum MoneyFormatting {
    static func format(_ money: Money, _ language: Language) -> String {
        let plain = money.decimalString
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? String(plain.dropFirst()) : plain
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        let (group, decimal, currencyFirst): (String, String, Bool) = switch language {
        case .de, .it: ("’", ".", true)
        case .fr: ("\u{202F}", ",", false)
        case .es: (".", ",", false)
        case .en: (",", ".", true)
        }
        var number = grouped(String(parts[0]), separator: group)
        if parts.count == 2 { number += decimal + parts[1] }
        if negative { number = "−" + number }
        return currencyFirst ? "\(money.currency.code) \(number)" : "\(number) \(money.currency.code)"
    }

    /// The QR-bill's own way, whatever the language: a space between thousands and a point (`1 949.70`), as the
    /// Swiss Implementation Guidelines print the amount on the slip.
    static func slip(_ money: Money) -> String {
        let parts = money.decimalString.split(separator: ".")
        return grouped(String(parts[0]), separator: " ") + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Digits in groups of three from the right.
    private static func grouped(_ digits: String, separator: String) -> String {
        var whole = digits
        var groups: [Substring] = []
        while whole.count > 3 {
            groups.insert(Substring(whole.suffix(3)), at: 0)
            whole = String(whole.dropLast(3))
        }
        groups.insert(Substring(whole), at: 0)
        return groups.joined(separator: separator)
    }
}

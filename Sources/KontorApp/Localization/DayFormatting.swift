import KontorDomain

/// A calendar day (`YYYY-MM-DD`, as billing stores due dates and products their expiry) as each language writes it:
/// on every page and in every e-mail (in templates through `#day` and `#moment`).
enum DayFormatting {
    static func format(_ day: String, _ language: Language) -> String {
        let parts = day.split(separator: "-")
        guard parts.count == 3 else { return day }
        let (year, month, date) = (parts[0], parts[1], parts[2])
        switch language {
        case .de, .it: return "\(date).\(month).\(year)"
        case .fr, .es: return "\(date)/\(month)/\(year)"
        case .en: return day
        }
    }
}

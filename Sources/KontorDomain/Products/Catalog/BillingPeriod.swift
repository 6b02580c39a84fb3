/// How long one payment keeps a product: a whole number of months, from the lengths providers sell (a month, a
/// quarter, half a year, one to ten years). Stored as the number of months.
public struct BillingPeriod: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let allowedMonths = [1, 3, 6, 12, 24, 36, 48, 60, 120]

    public let months: Int

    public init?(months: Int) {
        guard Self.allowedMonths.contains(months) else { return nil }
        self.months = months
    }

    /// `12`, as forms and the API send it.
    public init?(_ text: String) {
        guard let months = Int(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.init(months: months)
    }

    /// The day the period ends, starting on `day` (`YYYY-MM-DD`): the same day of the month `months` later, or
    /// that month's last day when it is shorter (31 January + 1 month = 28 or 29 February). Nil for a malformed day.
    public func end(startingOn day: String) -> String? {
        guard let start = CivilDay.number(day) else { return nil }
        let parts = CivilDay.text(start).split(separator: "-").compactMap { Int($0) }
        let monthIndex = parts[0] * 12 + (parts[1] - 1) + months
        let (year, month) = (monthIndex / 12, monthIndex % 12 + 1)
        let lastDay = CivilDay.number(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
            - CivilDay.number(year: year, month: month, day: 1)
        return CivilDay.text(CivilDay.number(year: year, month: month, day: min(parts[2], lastDay)))
    }

    public static func < (lhs: BillingPeriod, rhs: BillingPeriod) -> Bool { lhs.months < rhs.months }

    public var description: String { String(months) }
}

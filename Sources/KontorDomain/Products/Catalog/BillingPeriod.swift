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
    /// A product's renewals go through `end(startingOn:anchorDay:)`, which keeps its day over short months.
    public func end(startingOn day: String) -> String? { end(startingOn: day, anchorDay: nil) }

    /// The day the period ends for a product anchored on `anchorDay` (1…31, `RenewalAnchor`): `months` later, on the
    /// anchor day or that month's last day when it is shorter. The period is added to the start's month, not to its
    /// day, so a short month shortens only itself: anchored on the 31st, 31 January → 28 February (29 in a leap year)
    /// → 31 March → 30 April; a yearly product from 29 February 2028 → 28 February 2029 → … → 29 February 2032.
    /// Without an anchor, or with one that would end before the start's own day (the expiry was set by hand since),
    /// the start's day is the anchor: an anchor never shortens a period. Nil for a malformed day.
    public func end(startingOn day: String, anchorDay: Int?) -> String? {
        guard let start = CivilDay.number(day) else { return nil }
        let parts = CivilDay.text(start).split(separator: "-").compactMap { Int($0) }
        let anchor = RenewalAnchor.effective(anchorDay, startDay: parts[2])
        let monthIndex = parts[0] * 12 + (parts[1] - 1) + months
        let (year, month) = (monthIndex / 12, monthIndex % 12 + 1)
        return CivilDay.text(CivilDay.number(year: year, month: month, day: min(anchor, CivilDay.daysIn(year: year, month: month))))
    }

    public static func < (lhs: BillingPeriod, rhs: BillingPeriod) -> Bool { lhs.months < rhs.months }

    public var description: String { String(months) }
}

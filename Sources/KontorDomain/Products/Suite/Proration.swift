/// What an upgrade costs for the rest of the current period, to the day (issue 13 §3): the yearly (or monthly…)
/// price difference × the days left ÷ the days of the period, in integer minor units.
///
/// Rounding: to the nearest minor unit, a half rounded up (in the provider's favour by at most half a centime), so
/// the charge never depends on floating point. A period of `n` days and `r` days left charges `difference × r ÷ n`.
public enum Proration {
    /// The prorated amount in minor units; nil for a period of no days. The days left are clamped to 0…period, and
    /// a negative difference (a larger plan priced lower) charges nothing.
    public static func charge(differenceMinor: Int64, remainingDays: Int, periodDays: Int) -> Int64? {
        guard periodDays > 0 else { return nil }
        let remaining = Int64(min(max(remainingDays, 0), periodDays))
        let difference = max(differenceMinor, 0)
        let period = Int64(periodDays)
        // (d × r) / n rounded half up, as (2dr + n) / 2n in integers; nil where no real price could get (overflow).
        let (twice, overflowA) = difference.multipliedReportingOverflow(by: 2)
        let (product, overflowB) = twice.multipliedReportingOverflow(by: remaining)
        let (numerator, overflowC) = product.addingReportingOverflow(period)
        guard !overflowA, !overflowB, !overflowC else { return nil }
        return numerator / (2 * period)
    }

    /// The current period of a product that renews on `renewsOn` and is paid `period` at a time: it began that many
    /// months earlier, on its renewal anchor (`RenewalAnchor`) or that month's last day when it is shorter, as
    /// `BillingPeriod.end(startingOn:anchorDay:)` ended it. Days are `YYYY-MM-DD`.
    public static func periodStart(renewsOn: String, period: BillingPeriod, anchorDay: Int? = nil) -> String? {
        day(renewsOn, monthsBefore: period.months, anchorDay: anchorDay)
    }

    /// `months` calendar months before `day`, on the anchor day (the day's own without one), clamped to the month's
    /// last day; `day` itself for no months.
    static func day(_ day: String, monthsBefore months: Int, anchorDay: Int? = nil) -> String? {
        guard let end = CivilDay.number(day) else { return nil }
        guard months > 0 else { return CivilDay.text(end) }
        let parts = CivilDay.text(end).split(separator: "-").compactMap { Int($0) }
        let anchor = RenewalAnchor.effective(anchorDay, startDay: parts[2])
        let monthIndex = parts[0] * 12 + (parts[1] - 1) - months
        let (year, month) = (monthIndex / 12, monthIndex % 12 + 1)
        return CivilDay.text(CivilDay.number(year: year, month: month, day: min(anchor, CivilDay.daysIn(year: year, month: month))))
    }

    /// The charge for upgrading on `today` a product paid up to `renewsOn`, `period` at a time: the period running
    /// today prorated (days left from today included to its end excluded, ÷ its days), plus the whole difference for
    /// each later period already paid (renewed ahead), since the larger plan applies until `renewsOn`. Nil for
    /// malformed days.
    public static func charge(differenceMinor: Int64, today: String, renewsOn: String, period: BillingPeriod, anchorDay: Int? = nil)
        -> (amount: Int64, remainingDays: Int, periodDays: Int, laterPeriods: Int)? {
        guard CivilDay.number(renewsOn) != nil, let now = CivilDay.number(today) else { return nil }
        // The paid periods counted back from the renewal day on the anchor (each from the renewal day, so a 31st does
        // not drift), down to the one running today; bounded against a corrupt date.
        func boundary(_ periodsBack: Int) -> Int? {
            day(renewsOn, monthsBefore: periodsBack * period.months, anchorDay: anchorDay).flatMap(CivilDay.number)
        }
        var laterPeriods = 0
        while laterPeriods < 1_200, let start = boundary(laterPeriods + 1), start > now { laterPeriods += 1 }
        guard let end = boundary(laterPeriods), let start = boundary(laterPeriods + 1) else { return nil }
        let periodDays = end - start, remaining = min(max(end - now, 0), periodDays)
        guard let current = charge(differenceMinor: differenceMinor, remainingDays: remaining, periodDays: periodDays) else { return nil }
        // Checked like the prorated part: a price difference no real plan has is no charge, not a trap.
        let (later, laterOverflow) = Int64(laterPeriods).multipliedReportingOverflow(by: max(differenceMinor, 0))
        let (total, totalOverflow) = current.addingReportingOverflow(later)
        guard !laterOverflow, !totalOverflow else { return nil }
        return (total, remaining, periodDays, laterPeriods)
    }
}

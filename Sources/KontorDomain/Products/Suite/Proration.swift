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
        // (d × r) / n rounded half up, as (2dr + n) / 2n in integers.
        return (2 * difference * remaining + period) / (2 * period)
    }

    /// The current period of a product that renews on `renewsOn` and is paid `period` at a time: it began that many
    /// months earlier (clamped to the month's last day, as `BillingPeriod.end(startingOn:)`). Days are `YYYY-MM-DD`.
    public static func periodStart(renewsOn: String, period: BillingPeriod) -> String? {
        guard let end = CivilDay.number(renewsOn) else { return nil }
        let parts = CivilDay.text(end).split(separator: "-").compactMap { Int($0) }
        let monthIndex = parts[0] * 12 + (parts[1] - 1) - period.months
        let (year, month) = (monthIndex / 12, monthIndex % 12 + 1)
        let lastDay = CivilDay.number(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
            - CivilDay.number(year: year, month: month, day: 1)
        return CivilDay.text(CivilDay.number(year: year, month: month, day: min(parts[2], lastDay)))
    }

    /// The charge for upgrading on `today` a product renewing on `renewsOn` for `period`: days left are from today
    /// (included) to the renewal day (excluded). Nil for malformed days.
    public static func charge(differenceMinor: Int64, today: String, renewsOn: String, period: BillingPeriod) -> (amount: Int64, remainingDays: Int, periodDays: Int)? {
        guard let start = periodStart(renewsOn: renewsOn, period: period), let first = CivilDay.number(start),
              let end = CivilDay.number(renewsOn), let now = CivilDay.number(today) else { return nil }
        let periodDays = end - first, remaining = min(max(end - now, 0), periodDays)
        guard let amount = charge(differenceMinor: differenceMinor, remainingDays: remaining, periodDays: periodDays) else { return nil }
        return (amount, remaining, periodDays)
    }
}

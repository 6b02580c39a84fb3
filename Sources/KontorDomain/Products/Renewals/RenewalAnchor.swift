/// A product's renewal anchor: the day of the month its periods end on (1…31), as billing systems keep a billing
/// cycle day (Kill Bill) or a billing cycle anchor (Stripe). A monthly product anchored on the 31st expires on 31
/// January, 28 February (29 in a leap year), 31 March, 30 April: a short month shortens its own period, never every
/// later one, as adding a month to the last expiry did (28 February → 28 March → 28 April …).
///
/// Stored with the product (`products.renewal_anchor_day`), not derived: nothing stored says it otherwise. The
/// expiry of 28 February cannot tell an anchor on the 28th from one on the 31st; the activation day says it only for
/// an ordered product (staff provision products with any expiry, an import or a move keeps one set elsewhere); and the
/// renewal history is empty for a product's first period. So the day is set where an expiry is set other than by a
/// renewal — at provisioning (the expiry's day) and at activation (the activation day, which the first expiry counts
/// from) — and every renewal path (`BillingPeriod.end(startingOn:anchorDay:)`) keeps it.
public enum RenewalAnchor {
    public static let days = 1...31

    /// The anchor a product gets from the day its periods count from (`YYYY-MM-DD`): that day of the month.
    public static func day(of text: String) -> Int? {
        guard let number = CivilDay.number(text) else { return nil }
        return Int(CivilDay.text(number).suffix(2))
    }

    /// The anchor a period starting on day-of-month `startDay` ends by: the stored one, unless there is none, it is
    /// out of range, or it lies before the start's day (an expiry set by hand since to a later day of the month) — then
    /// the start's own day, as before anchors, so an anchor never makes a period shorter.
    public static func effective(_ anchor: Int?, startDay: Int) -> Int {
        guard let anchor, days.contains(anchor), anchor >= startDay else { return startDay }
        return anchor
    }

    /// The anchor a product whose anchor was never stored gets (the migration's backfill): the latest day of the month
    /// among the days its periods are known to have ended or begun on — its expiry, its renewals' starts and ends, and
    /// for an ordered product the activation day its first period counted from. A product that drifted to the 28th
    /// (31 January → 28 February → 28 March) shows its 31st there; days only ever drifted down, never up.
    public static func backfill(expiry: String, periodDays: [String], activatedOn: String?) -> Int? {
        ([expiry] + periodDays + (activatedOn.map { [$0] } ?? [])).compactMap(day(of:)).max()
    }
}

import KontorDomain
import Testing

@Suite("Renewal anchor: a product's periods end on its day of the month, a short month shortens only itself")
struct RenewalAnchorTests {
    /// `count` renewals from `start`, each from the expiry the last one left, as the renewal run goes.
    private func renewals(from start: String, months: Int, anchor: Int?, count: Int) throws -> [String] {
        let period = try #require(BillingPeriod(months: months))
        var expiries: [String] = []
        var expiry = start
        for _ in 0..<count {
            expiry = try #require(period.end(startingOn: expiry, anchorDay: anchor))
            expiries.append(expiry)
        }
        return expiries
    }

    @Test("monthly on the 31st: 31 Jan → 28 Feb → 31 Mar → 30 Apr → 31 May, not 28 Mar and 28 Apr")
    func monthEnds() throws {
        #expect(try renewals(from: "2027-01-31", months: 1, anchor: 31, count: 6)
                == ["2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30", "2027-07-31"])
        // Without its anchor, as before: the 28th once reached stays.
        #expect(try renewals(from: "2027-01-31", months: 1, anchor: nil, count: 3) == ["2027-02-28", "2027-03-28", "2027-04-28"])
    }

    @Test("a leap year's February ends on the 29th, and the anchor returns after it")
    func leapYears() throws {
        #expect(try renewals(from: "2028-01-31", months: 1, anchor: 31, count: 3) == ["2028-02-29", "2028-03-31", "2028-04-30"])
        #expect(try renewals(from: "2028-01-30", months: 1, anchor: 30, count: 2) == ["2028-02-29", "2028-03-30"])
        #expect(try renewals(from: "2027-01-29", months: 1, anchor: 29, count: 2) == ["2027-02-28", "2027-03-29"])
        // Quarterly and half-yearly go through short months the same way.
        #expect(try renewals(from: "2026-11-30", months: 3, anchor: 30, count: 3) == ["2027-02-28", "2027-05-30", "2027-08-30"])
        #expect(try renewals(from: "2026-08-31", months: 6, anchor: 31, count: 3) == ["2027-02-28", "2027-08-31", "2028-02-29"])
    }

    @Test("yearly from 29 February: 28 February in common years, 29 February again in the next leap year")
    func yearlyLeapDay() throws {
        #expect(try renewals(from: "2028-02-29", months: 12, anchor: 29, count: 4) == ["2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"])
        #expect(try renewals(from: "2028-02-29", months: 24, anchor: 29, count: 2) == ["2030-02-28", "2032-02-29"])
        #expect(try renewals(from: "2028-02-29", months: 12, anchor: nil, count: 4).last == "2032-02-28", "without the anchor it drifts")
    }

    @Test("an anchor before the start's own day is not taken: a period never ends earlier than from its start's day")
    func neverShorter() throws {
        let month = try #require(BillingPeriod(months: 1))
        #expect(month.end(startingOn: "2027-03-31", anchorDay: 15) == "2027-04-30")
        #expect(month.end(startingOn: "2027-03-20", anchorDay: 15) == "2027-04-20")
        #expect(month.end(startingOn: "2027-03-20", anchorDay: 0) == "2027-04-20" && month.end(startingOn: "2027-03-20", anchorDay: 32) == "2027-04-20")
        #expect(month.end(startingOn: "2027-03-15", anchorDay: 15) == "2027-04-15")
        // A drifted product (28 March for an anchor on the 31st) gets its day back at its next renewal.
        #expect(month.end(startingOn: "2027-03-28", anchorDay: 31) == "2027-04-30")
        #expect(month.end(startingOn: "nonsense", anchorDay: 31) == nil)
        #expect(month.end(startingOn: "2027-01-31") == month.end(startingOn: "2027-01-31", anchorDay: nil))
    }

    @Test("the anchor of a product: its day; backfilled as the latest day its periods began or ended on")
    func anchorDays() {
        #expect(RenewalAnchor.day(of: "2027-01-31") == 31 && RenewalAnchor.day(of: "2027-02-01") == 1 && RenewalAnchor.day(of: "x") == nil)
        #expect(RenewalAnchor.backfill(expiry: "2027-03-28", periodDays: ["2027-01-31", "2027-02-28", "2027-03-28"], activatedOn: nil) == 31)
        #expect(RenewalAnchor.backfill(expiry: "2027-03-28", periodDays: [], activatedOn: "2026-12-31") == 31, "ordered on the 31st")
        #expect(RenewalAnchor.backfill(expiry: "2027-03-15", periodDays: [], activatedOn: nil) == 15)
        #expect(RenewalAnchor.backfill(expiry: "2029-02-28", periodDays: ["2028-02-29", "2029-02-28"], activatedOn: nil) == 29)
    }

    @Test("an upgrade's current period starts on the anchor: 31 March for a monthly product renewing on 30 April")
    func prorationOnTheAnchor() throws {
        let month = try #require(BillingPeriod(months: 1))
        #expect(Proration.periodStart(renewsOn: "2027-04-30", period: month, anchorDay: 31) == "2027-03-31")
        #expect(Proration.periodStart(renewsOn: "2027-04-30", period: month) == "2027-03-30")
        #expect(Proration.periodStart(renewsOn: "2027-03-31", period: month, anchorDay: 31) == "2027-02-28")
        let charge = try #require(Proration.charge(differenceMinor: 3_000, today: "2027-04-15", renewsOn: "2027-04-30", period: month, anchorDay: 31))
        #expect(charge.periodDays == 30 && charge.remainingDays == 15 && charge.amount == 1_500)
        let year = try #require(BillingPeriod(months: 12))
        #expect(Proration.periodStart(renewsOn: "2032-02-29", period: year, anchorDay: 29) == "2031-02-28")
        #expect(Proration.periodStart(renewsOn: "2029-02-28", period: year, anchorDay: 29) == "2028-02-29")
    }
}

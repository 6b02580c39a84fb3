import KontorDomain
import Testing

@Suite("kSuite plans: upgrades only, prorated to the day; mailboxes on the organization's domains; what may move")
struct SuitePlanTests {
    @Test("more users or more storage, and neither less, is an upgrade; anything smaller is a downgrade")
    func planChanges() {
        let plan = SuitePlan(users: 5, storageGB: 500)
        #expect(plan.change(to: SuitePlan(users: 10, storageGB: 500)) == .upgrade)
        #expect(plan.change(to: SuitePlan(users: 5, storageGB: 1000)) == .upgrade)
        #expect(plan.change(to: SuitePlan(users: 5, storageGB: 500)) == .same)
        #expect(plan.change(to: SuitePlan(users: 4, storageGB: 2000)) == .downgrade)
        #expect(plan.change(to: SuitePlan(users: 50, storageGB: 100)) == .downgrade)
        #expect(plan.hasFreeSeat(taken: 4) && !plan.hasFreeSeat(taken: 5))
    }

    @Test("the charge is the difference × days left ÷ days of the period, rounded to the nearest minor unit, halves up")
    func prorationArithmetic() {
        // 120.00 for a 365-day year, 100 days left: 12000 × 100 / 365 = 3287.67… → 3288
        #expect(Proration.charge(differenceMinor: 12_000, remainingDays: 100, periodDays: 365) == 3288)
        // Exactly half a minor unit rounds up: 1 × 1 / 2 = 0.5 → 1; 3 × 1 / 2 = 1.5 → 2
        #expect(Proration.charge(differenceMinor: 1, remainingDays: 1, periodDays: 2) == 1)
        #expect(Proration.charge(differenceMinor: 3, remainingDays: 1, periodDays: 2) == 2)
        // Just under half rounds down: 1 × 1 / 3 = 0.33 → 0
        #expect(Proration.charge(differenceMinor: 1, remainingDays: 1, periodDays: 3) == 0)
        // The whole period left is the whole difference; none left is nothing; more than the period is clamped.
        #expect(Proration.charge(differenceMinor: 12_000, remainingDays: 365, periodDays: 365) == 12_000)
        #expect(Proration.charge(differenceMinor: 12_000, remainingDays: 0, periodDays: 365) == 0)
        #expect(Proration.charge(differenceMinor: 12_000, remainingDays: 400, periodDays: 365) == 12_000)
        #expect(Proration.charge(differenceMinor: -5_000, remainingDays: 100, periodDays: 365) == 0)
        #expect(Proration.charge(differenceMinor: 100, remainingDays: 1, periodDays: 0) == nil)
    }

    @Test("days are counted from today included to the renewal day excluded, in a period of its real length")
    func prorationToTheDay() throws {
        let year = BillingPeriod(months: 12)!
        // Renewing 2027-03-01 yearly: the period began 2026-03-01 (365 days); on 2026-12-01, 90 days are left.
        #expect(Proration.periodStart(renewsOn: "2027-03-01", period: year) == "2026-03-01")
        let charge = try #require(Proration.charge(differenceMinor: 36_500, today: "2026-12-01", renewsOn: "2027-03-01", period: year))
        #expect(charge.periodDays == 365 && charge.remainingDays == 90 && charge.amount == 9_000)
        // A leap year's period has 366 days: 2028-03-01 renewal, started 2027-03-01.
        let leap = try #require(Proration.charge(differenceMinor: 36_600, today: "2028-02-29", renewsOn: "2028-03-01", period: year))
        #expect(leap.periodDays == 366 && leap.remainingDays == 1 && leap.amount == 100)
        // A monthly plan renewing on 31 March began on 28 February (clamped): 31 days.
        let month = BillingPeriod(months: 1)!
        #expect(Proration.periodStart(renewsOn: "2027-03-31", period: month) == "2027-02-28")
        let monthly = try #require(Proration.charge(differenceMinor: 3_100, today: "2027-03-30", renewsOn: "2027-03-31", period: month))
        #expect(monthly.periodDays == 31 && monthly.remainingDays == 1 && monthly.amount == 100)
        // On or after the renewal day nothing is left to charge.
        #expect(Proration.charge(differenceMinor: 36_500, today: "2027-03-01", renewsOn: "2027-03-01", period: year)?.amount == 0)
        #expect(Proration.charge(differenceMinor: 36_500, today: "not a day", renewsOn: "2027-03-01", period: year) == nil)
    }

    @Test("a product renewed ahead is charged for all the paid time: the running period prorated, each later paid period in full")
    func prorationOverPaidPeriods() throws {
        let year = BillingPeriod(months: 12)!
        // Paid up to 2029-03-01: 2026-03-01…2027-03-01 runs (90 of 365 days left on 2026-12-01), then two whole years.
        let ahead = try #require(Proration.charge(differenceMinor: 36_500, today: "2026-12-01", renewsOn: "2029-03-01", period: year))
        #expect(ahead.laterPeriods == 2 && ahead.periodDays == 365 && ahead.remainingDays == 90)
        #expect(ahead.amount == 9_000 + 2 * 36_500)
        // On a later period's first day that period is the running one, whole: 1 period left after it.
        let boundary = try #require(Proration.charge(differenceMinor: 36_500, today: "2027-03-01", renewsOn: "2029-03-01", period: year))
        #expect(boundary.laterPeriods == 1 && boundary.remainingDays == 366 && boundary.periodDays == 366 && boundary.amount == 2 * 36_500)
        // Monthly, paid three months ahead from a 31st: each period counted from the renewal day, no drift.
        let month = BillingPeriod(months: 1)!
        let monthly = try #require(Proration.charge(differenceMinor: 3_100, today: "2027-01-30", renewsOn: "2027-03-31", period: month))
        #expect(monthly.laterPeriods == 2 && monthly.periodDays == 31 && monthly.remainingDays == 1 && monthly.amount == 100 + 2 * 3_100)
        // A larger plan priced lower still charges nothing, however far ahead.
        #expect(Proration.charge(differenceMinor: -500, today: "2026-12-01", renewsOn: "2029-03-01", period: year)?.amount == 0)
        // The single running period is charged exactly as before.
        #expect(Proration.charge(differenceMinor: 36_500, today: "2026-12-01", renewsOn: "2027-03-01", period: year)?.laterPeriods == 0)
        // A difference no real plan has is no charge (the upgrade is refused as not priced), never an overflow trap.
        #expect(Proration.charge(differenceMinor: Int64.max / 4, today: "2026-12-01", renewsOn: "2027-03-01", period: year) == nil)
        #expect(Proration.charge(differenceMinor: Int64.max / 2, today: "2027-03-01", renewsOn: "2029-03-01", period: year) == nil)
    }

    @Test("a mailbox is an address on one of the organization's domains, named by its field otherwise")
    func mailboxes() throws {
        let domains: Set<String> = ["ana.example", "Shop.Example"]
        #expect(try MailboxAddress.validate(" Info@Ana.example ", domains: domains).get().value == "info@ana.example")
        #expect(try MailboxAddress.validate("sales@shop.example", domains: domains).get().value == "sales@shop.example")
        #expect(MailboxAddress.validate("info@other.example", domains: domains).failureKey == "error.mailboxes.domain_not_held")
        #expect(MailboxAddress.validate("not an address", domains: domains).failureKey == "error.email.invalid")
        #expect(MailboxAddress.validate("", domains: domains).failureKey == "error.required")
    }

    @Test("a kSuite and what came with it stay in their organization; everything else may move elsewhere")
    func moves() {
        #expect(ProductMoveRule.refusal(kind: .kSuite, isBundled: false, from: "a", to: "b") == .suite)
        #expect(ProductMoveRule.refusal(kind: .mailService, isBundled: true, from: "a", to: "b") == .bundled)
        #expect(ProductMoveRule.refusal(kind: .mailService, isBundled: false, from: "a", to: "a") == .sameOrganization)
        #expect(ProductMoveRule.refusal(kind: .webHosting, isBundled: false, from: "a", to: "b") == nil)
    }
}

extension Result where Failure == FieldError {
    fileprivate var failureKey: String? { if case .failure(let error) = self { error.messageKey } else { nil } }
}

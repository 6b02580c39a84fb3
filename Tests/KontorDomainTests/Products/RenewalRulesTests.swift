import KontorDomain
import Testing

@Suite("Renewal rules: the next state of a product on a day, the notice days, what a bulk action refuses")
struct RenewalRulesTests {
    static let policy = RenewalPolicy(graceDays: 15, retentionDays: 30, automaticRenewalNoticeDays: 14)

    static func facts(_ state: ProductState = .active, auto: Bool = false, warranty: Bool = false, offered: Bool = true, failed: Bool = false,
                      reason: SuspensionReason? = nil) -> RenewalFacts {
        RenewalFacts(state: state, expiresOn: "2027-03-01", automaticRenewal: auto, renewalWarranty: warranty, offersRenewalWarranty: offered,
                     automaticRenewalFailed: failed, suspensionReason: reason)
    }

    @Test("nothing happens before the expiry day")
    func beforeExpiry() {
        #expect(RenewalRules.decide(Self.facts(auto: true, warranty: true), today: "2027-02-28", policy: Self.policy) == .nothing)
    }

    @Test("on the expiry day automatic renewal comes first, then Renewal Warranty, else grace")
    func onExpiry() {
        #expect(RenewalRules.decide(Self.facts(auto: true, warranty: true), today: "2027-03-01", policy: Self.policy) == .renew(.automatic))
        #expect(RenewalRules.decide(Self.facts(warranty: true), today: "2027-03-01", policy: Self.policy) == .renew(.warranty))
        #expect(RenewalRules.decide(Self.facts(), today: "2027-03-01", policy: Self.policy) == .enterGrace)
    }

    @Test("a failed automatic renewal is rescued by the warranty, and without it the product expires")
    func failedAutomaticRenewal() {
        #expect(RenewalRules.decide(Self.facts(auto: true, warranty: true, failed: true), today: "2027-03-01", policy: Self.policy) == .renew(.warranty))
        #expect(RenewalRules.decide(Self.facts(auto: true, failed: true), today: "2027-03-01", policy: Self.policy) == .enterGrace)
    }

    @Test("a NAS's Renewal Warranty flag never renews it")
    func warrantyNotOffered() {
        #expect(RenewalRules.decide(Self.facts(warranty: true, offered: false), today: "2027-03-01", policy: Self.policy) == .enterGrace)
    }

    @Test("the retention days count from the day of the suspension when that came later than expiry + grace")
    func retentionFromSuspension() {
        var late = Self.facts(.suspended, reason: .expiry)
        late.suspendedForExpiryOn = "2027-06-01"   // held until then by a suspension for an unpaid invoice
        #expect(RenewalRules.decide(late, today: "2027-06-02", policy: Self.policy) == .nothing, "not deleted the day after")
        #expect(RenewalRules.decide(late, today: "2027-06-30", policy: Self.policy) == .nothing)
        #expect(RenewalRules.decide(late, today: "2027-07-01", policy: Self.policy) == .delete)
        var onTime = Self.facts(.suspended, reason: .expiry)
        onTime.suspendedForExpiryOn = "2027-03-16"
        #expect(RenewalRules.decide(onTime, today: "2027-04-15", policy: Self.policy) == .delete)
    }

    @Test("grace lasts its days, then suspension, then deletion after the retention period")
    func ladder() {
        #expect(RenewalRules.decide(Self.facts(.grace), today: "2027-03-15", policy: Self.policy) == .nothing)
        #expect(RenewalRules.decide(Self.facts(.grace), today: "2027-03-16", policy: Self.policy) == .suspend)
        #expect(RenewalRules.decide(Self.facts(.suspended, reason: .expiry), today: "2027-04-14", policy: Self.policy) == .nothing)
        #expect(RenewalRules.decide(Self.facts(.suspended, reason: .expiry), today: "2027-04-15", policy: Self.policy) == .delete)
        #expect(RenewalRules.decide(Self.facts(.deleted), today: "2030-01-01", policy: Self.policy) == .nothing)
    }

    @Test("a run that missed days goes straight to the state the day calls for")
    func lateRun() {
        #expect(RenewalRules.decide(Self.facts(), today: "2027-03-20", policy: Self.policy) == .suspend)
    }

    @Test("a suspension for an unpaid invoice is never turned into a deletion by the calendar")
    func unpaidSuspension() {
        #expect(RenewalRules.decide(Self.facts(.suspended, reason: .unpaid), today: "2029-01-01", policy: Self.policy) == .nothing)
    }

    @Test("a product switched to Renewal Warranty during grace is renewed")
    func warrantyInGrace() {
        #expect(RenewalRules.decide(Self.facts(.grace, warranty: true), today: "2027-03-05", policy: Self.policy) == .renew(.warranty))
        #expect(RenewalRules.decide(Self.facts(.grace, auto: true), today: "2027-03-05", policy: Self.policy) == .renew(.automatic))
        #expect(RenewalRules.decide(Self.facts(.grace, auto: true, failed: true), today: "2027-03-05", policy: Self.policy) == .nothing)
    }

    @Test("a pending product is never renewed by the run")
    func pending() {
        #expect(RenewalRules.decide(Self.facts(.pending, auto: true, warranty: true), today: "2027-03-05", policy: Self.policy) == .nothing)
    }

    @Test("reminder days: one to three distinct days up to two months ahead, largest first")
    func reminderDays() throws {
        #expect(try RenewalReminderDays.parse(" 7, 60,30").get().days == [60, 30, 7])
        #expect(try RenewalReminderDays.parse("").get().days == [])
        for (text, key) in [("63", "error.renewals.reminder_days_range"), ("0", "error.renewals.reminder_days_range"), ("a", "error.renewals.reminder_days"),
                            ("7,7", "error.renewals.reminder_days_repeated"), ("1,2,3,4", "error.renewals.reminder_days_count")] {
            guard case .failure(let failure) = RenewalReminderDays.parse(text) else { Issue.record("accepted \(text)"); continue }
            #expect(failure.errors == [FieldError(field: "reminderDays", messageKey: key)])
        }
    }

    @Test("the reminder due is the closest day reached; automatic renewal gets its own notice 14 days ahead")
    func noticesDue() throws {
        let days = try RenewalReminderDays.parse("60,30,7").get()
        func due(_ today: String, auto: Bool = false) -> RenewalNotice? {
            RenewalNoticeRules.due(expiresOn: "2027-03-01", today: today, automaticRenewal: auto, reminders: days, policy: Self.policy)
        }
        #expect(due("2026-12-30") == nil)                                              // 61 days ahead
        #expect(due("2026-12-31") == RenewalNotice(kind: .expiryReminder, daysBefore: 60))
        #expect(due("2027-02-10") == RenewalNotice(kind: .expiryReminder, daysBefore: 30)) // 19 days left
        #expect(due("2027-02-22") == RenewalNotice(kind: .expiryReminder, daysBefore: 7))
        #expect(due("2027-03-01") == nil)
        #expect(due("2027-02-14", auto: true) == nil)
        #expect(due("2027-02-15", auto: true) == RenewalNotice(kind: .automaticRenewalAhead, daysBefore: 14))
    }

    @Test("a bulk action names why each product refuses it")
    func bulkRefusals() {
        let nas = BulkRenewalItem(state: .active, offersRenewalWarranty: false)
        let pending = BulkRenewalItem(state: .pending, offersRenewalWarranty: true)
        let hosting = BulkRenewalItem(state: .grace, offersRenewalWarranty: true)
        #expect(BulkRenewalRules.refusal(.renewalWarrantyOn, for: nas) == .renewalWarrantyNotOffered)
        #expect(BulkRenewalRules.refusal(.renewalWarrantyOff, for: nas) == nil)
        #expect(BulkRenewalRules.refusal(.renewNow, for: pending) == .pending)
        #expect(BulkRenewalRules.refusal(.renewNow, for: hosting) == nil)
        #expect(BulkRenewalRules.refusal(.renewNow, for: BulkRenewalItem(state: .active, offersRenewalWarranty: true, hasPrice: false)) == .noPrice)
        #expect(BulkRenewalRules.refusal(.renewNow, for: BulkRenewalItem(state: .suspended, offersRenewalWarranty: true, suspensionReason: .unpaid))
                == .suspendedUnpaid)
        #expect(BulkRenewalRules.refusal(.automaticRenewalOn, for: BulkRenewalItem(state: .deleted, offersRenewalWarranty: true)) == .deleted)
        let bundled = BulkRenewalItem(state: .active, offersRenewalWarranty: false, isBundled: true)
        for action in BulkRenewalAction.allCases {
            #expect(BulkRenewalRules.refusal(action, for: bundled) == .bundledInSuite, "a kSuite's mail service is managed with the suite: \(action)")
        }
    }
}

/// What the daily renewal run does with one product on one day: a pure decision from the product's facts, so the
/// run, its tests and the renewals page agree.
public enum RenewalDecision: Equatable, Sendable {
    /// Nothing due today.
    case nothing
    /// Renew for one period: automatically (the customer asked for it) or by Renewal Warranty.
    case renew(RenewalKind)
    /// Expired unrenewed: runs on for the grace period.
    case enterGrace
    case suspend
    case delete
}

public enum RenewalKind: String, Codable, Sendable {
    /// Automatic renewal, paid from the prepaid balance where the customer chose that.
    case automatic
    /// Renewal Warranty: renewed and invoiced so the service never stops.
    case warranty
    /// "Renew now", from the renewals page or the API.
    case manual
}

/// The facts the decision reads, with days as `YYYY-MM-DD`.
public struct RenewalFacts: Sendable, Equatable {
    public var state: ProductState
    /// The last day paid for: the product expires at the start of this day (its `renews_at`).
    public var expiresOn: String
    public var automaticRenewal: Bool
    public var renewalWarranty: Bool
    /// The product's kind offers Renewal Warranty.
    public var offersRenewalWarranty: Bool
    /// Automatic renewal could not be paid (the prepaid balance did not cover it) for this expiry.
    public var automaticRenewalFailed: Bool
    public var suspensionReason: SuspensionReason?
    /// The day the run suspended it for expiry, when it did: the retention days count from then.
    public var suspendedForExpiryOn: String?

    public init(state: ProductState, expiresOn: String, automaticRenewal: Bool, renewalWarranty: Bool, offersRenewalWarranty: Bool = true,
                automaticRenewalFailed: Bool = false, suspensionReason: SuspensionReason? = nil, suspendedForExpiryOn: String? = nil) {
        self.state = state
        self.expiresOn = expiresOn
        self.automaticRenewal = automaticRenewal
        self.renewalWarranty = renewalWarranty
        self.offersRenewalWarranty = offersRenewalWarranty
        self.automaticRenewalFailed = automaticRenewalFailed
        self.suspensionReason = suspensionReason
        self.suspendedForExpiryOn = suspendedForExpiryOn
    }
}

public enum RenewalRules {
    /// The next step for `facts` on `today`. Automatic renewal comes first; Renewal Warranty rescues a product
    /// that reached its expiry unrenewed or whose automatic renewal failed, and also one already in grace; without
    /// either the product runs through grace, suspension and deletion on the policy's days.
    public static func decide(_ facts: RenewalFacts, today: String, policy: RenewalPolicy) -> RenewalDecision {
        guard let day = CivilDay.number(today), let expiry = CivilDay.number(facts.expiresOn) else { return .nothing }
        let hasWarranty = facts.renewalWarranty && facts.offersRenewalWarranty
        switch facts.state {
        case .pending, .deleted:
            return .nothing
        case .active:
            guard day >= expiry else { return .nothing }
            if facts.automaticRenewal && !facts.automaticRenewalFailed { return .renew(.automatic) }
            if hasWarranty { return .renew(.warranty) }
            return day >= expiry + policy.graceDays ? .suspend : .enterGrace
        case .grace:
            // Switched on during grace (which clears an earlier failure): renewed at the next run.
            if facts.automaticRenewal && !facts.automaticRenewalFailed { return .renew(.automatic) }
            if hasWarranty { return .renew(.warranty) }
            return day >= expiry + policy.graceDays ? .suspend : .nothing
        case .suspended:
            // A suspension for an unpaid invoice ends with the payment, not with the calendar.
            guard facts.suspensionReason != .unpaid else { return .nothing }
            // The customer is promised the retention days while it is suspended: counted from the day it was
            // suspended, which is later than expiry + grace when something held it (a suspension for an unpaid
            // invoice, lifted after the grace days), so a product is never deleted the day after its suspension.
            let suspended = max(expiry + policy.graceDays, facts.suspendedForExpiryOn.flatMap(CivilDay.number) ?? 0)
            return day >= suspended + policy.retentionDays ? .delete : .nothing
        }
    }

    /// The product's state on `today` had nothing been done: what the renewals page shows beside the stored one.
    public static func daysUntilExpiry(_ expiresOn: String, today: String) -> Int? {
        guard let day = CivilDay.number(today), let expiry = CivilDay.number(expiresOn) else { return nil }
        return expiry - day
    }
}

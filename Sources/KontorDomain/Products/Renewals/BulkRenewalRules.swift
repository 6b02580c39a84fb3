/// What the renewals page and the API do to several products at once (issue 13 §2).
public enum BulkRenewalAction: String, Codable, Sendable, CaseIterable {
    case automaticRenewalOn = "automatic_renewal_on"
    case automaticRenewalOff = "automatic_renewal_off"
    case renewalWarrantyOn = "renewal_warranty_on"
    case renewalWarrantyOff = "renewal_warranty_off"
    case renewNow = "renew_now"
    case billingAddress = "billing_address"
}

/// Why one product refused a bulk action; each has a sentence in the catalog (`renewals.refused.<raw value>`).
public enum BulkRenewalRefusal: String, Codable, Sendable, Equatable {
    /// NAS Synology and kinds this version does not know.
    case renewalWarrantyNotOffered = "renewal_warranty_not_offered"
    /// Ordered and waiting for payment: it has not started, so it cannot renew.
    case pending
    case deleted
    /// Suspended for an unpaid invoice: paying that invoice lifts it first.
    case suspendedUnpaid = "suspended_unpaid"
    /// Nothing to renew it by: no period or price in the catalog.
    case noPrice = "no_price"
    /// Part of a kSuite (its mail service): renewed, invoiced and ended with the suite, never on its own.
    case bundledInSuite = "bundled_in_suite"
    /// "Renew now" on a product already paid for more than one period ahead of today (`ProductRenewer`).
    case renewedAhead = "renewed_ahead"
}

public struct BulkRenewalItem: Sendable {
    public var state: ProductState
    public var offersRenewalWarranty: Bool
    public var suspensionReason: SuspensionReason?
    public var hasPrice: Bool
    public var isBundled: Bool

    public init(state: ProductState, offersRenewalWarranty: Bool, suspensionReason: SuspensionReason? = nil, hasPrice: Bool = true,
                isBundled: Bool = false) {
        self.isBundled = isBundled
        self.state = state
        self.offersRenewalWarranty = offersRenewalWarranty
        self.suspensionReason = suspensionReason
        self.hasPrice = hasPrice
    }
}

public enum BulkRenewalRules {
    /// Why `item` refuses `action`; nil when it takes it.
    public static func refusal(_ action: BulkRenewalAction, for item: BulkRenewalItem) -> BulkRenewalRefusal? {
        if item.state == .deleted { return .deleted }
        if item.isBundled { return .bundledInSuite }
        switch action {
        case .renewalWarrantyOn:
            return item.offersRenewalWarranty ? nil : .renewalWarrantyNotOffered
        case .renewNow:
            if item.state == .pending { return .pending }
            if item.state == .suspended && item.suspensionReason == .unpaid { return .suspendedUnpaid }
            return item.hasPrice ? nil : .noPrice
        case .automaticRenewalOn:
            return item.state == .pending ? .pending : nil
        case .automaticRenewalOff, .renewalWarrantyOff, .billingAddress:
            return nil
        }
    }
}

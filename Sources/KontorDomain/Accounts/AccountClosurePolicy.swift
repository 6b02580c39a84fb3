/// What an organization still holds that someone must answer for: the facts closing an account needs beyond the
/// membership rules, gathered by the caller from storage.
public struct OrganizationHoldings: Sendable, Equatable {
    /// Products that are not deleted (pending, active, in grace or suspended).
    public var hasProducts: Bool
    /// Invoices with an amount still open.
    public var hasOpenInvoices: Bool
    /// Money on the prepaid account, in any currency.
    public var hasPrepaidBalance: Bool

    public init(hasProducts: Bool = false, hasOpenInvoices: Bool = false, hasPrepaidBalance: Bool = false) {
        self.hasProducts = hasProducts
        self.hasOpenInvoices = hasOpenInvoices
        self.hasPrepaidBalance = hasPrepaidBalance
    }
}

/// Why an account cannot be closed yet, because of one organization; each has a catalog key.
public enum AccountClosureRefusal: String, Sendable, Equatable, CaseIterable {
    /// The last legal representative, with other members who would be left without one.
    case lastLegalRepresentativeWithMembers = "account_closure.refused.last_legal_representative"
    /// Alone in an organization that still has products: nobody would be left to renew or end them.
    case leavesProducts = "account_closure.refused.products"
    /// Alone in an organization with invoices to pay.
    case leavesOpenInvoices = "account_closure.refused.open_invoices"
    /// Alone in an organization with money on its prepaid account.
    case leavesPrepaidBalance = "account_closure.refused.prepaid_balance"
    /// As for leaving: a seat of the organization's kSuite.
    case holdsOfficeSuiteSeat = "account_closure.refused.office_suite_seat"
    /// As for leaving: the sign-in address is a mailbox of the organization's mail service.
    case signInAddressIsOrganizationMailbox = "account_closure.refused.organization_mailbox"
}

/// Whether a customer may close their account (Keycloak's "Delete account", GDPR's right to erasure), organization by
/// organization. Closing leaves every organization, so leaving's rules apply; the last legal representative may still
/// go when nobody stays behind, but not while the organization has members, products, unpaid invoices or prepaid money
/// that would be left without anyone to answer for them. Invoices already paid are no obstacle: the provider keeps
/// them for the legal retention period whoever the members are.
public enum AccountClosurePolicy {
    /// Every reason `member` may not close the account because of this organization; empty when they may.
    public static func refusals(for member: String, in facts: MembershipFacts, holdings: OrganizationHoldings) -> [AccountClosureRefusal] {
        guard facts.roles[member] != nil else { return [] }
        var refusals: [AccountClosureRefusal] = []
        if facts.isLastLegalRepresentative(member) {
            if facts.roles.count > 1 {
                refusals.append(.lastLegalRepresentativeWithMembers)
            } else {
                if holdings.hasProducts { refusals.append(.leavesProducts) }
                if holdings.hasOpenInvoices { refusals.append(.leavesOpenInvoices) }
                if holdings.hasPrepaidBalance { refusals.append(.leavesPrepaidBalance) }
            }
        }
        if facts.officeSuiteSeatHolders.contains(member) { refusals.append(.holdsOfficeSuiteSeat) }
        if facts.mailServiceAddressHolders.contains(member) { refusals.append(.signInAddressIsOrganizationMailbox) }
        return refusals
    }
}

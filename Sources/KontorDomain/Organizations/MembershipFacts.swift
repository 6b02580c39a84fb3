/// What the membership rules need to know about one organization, gathered by the caller from storage.
public struct MembershipFacts: Sendable {
    /// The roles of every current member, by member id.
    public var roles: [String: OrganizationRole]
    /// Members who hold a seat of the organization's office suite (filled in by the products capability).
    public var officeSuiteSeatHolders: Set<String>
    /// Members whose sign-in address is a mailbox of the organization's mail service (products capability).
    public var mailServiceAddressHolders: Set<String>

    public init(
        roles: [String: OrganizationRole],
        officeSuiteSeatHolders: Set<String> = [],
        mailServiceAddressHolders: Set<String> = []
    ) {
        self.roles = roles
        self.officeSuiteSeatHolders = officeSuiteSeatHolders
        self.mailServiceAddressHolders = mailServiceAddressHolders
    }

    var legalRepresentativeCount: Int { roles.values.filter { $0 == .legalRepresentative }.count }

    func isLastLegalRepresentative(_ member: String) -> Bool {
        roles[member] == .legalRepresentative && legalRepresentativeCount == 1
    }
}

/// Why a membership change is refused; each reason has a catalog key so the user reads it in their language.
public enum MembershipRefusal: String, Error, Sendable, Equatable {
    case lastLegalRepresentative = "membership.refused.last_legal_representative"
    case holdsOfficeSuiteSeat = "membership.refused.office_suite_seat"
    case signInAddressIsOrganizationMailbox = "membership.refused.organization_mailbox"
    case notPermitted = "membership.refused.not_permitted"
    /// An administrator may manage members, but only a legal representative appoints, demotes or removes one.
    case legalRepresentativesOnly = "membership.refused.legal_representatives_only"
    case notAMember = "membership.refused.not_a_member"
}

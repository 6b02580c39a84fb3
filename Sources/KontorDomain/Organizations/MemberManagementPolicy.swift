/// Who may remove members and change roles. The organization always keeps a legal representative.
public struct MemberManagementPolicy: Sendable {
    public init() {}

    /// Whether `actor` may change `target`'s role to `newRole`.
    public func refusalToChangeRole(
        of target: String, to newRole: OrganizationRole, by actor: String, in facts: MembershipFacts
    ) -> MembershipRefusal? {
        guard let actorRole = facts.roles[actor], actorRole.canManageOrganization else { return .notPermitted }
        guard let targetRole = facts.roles[target] else { return .notAMember }
        if targetRole == newRole { return nil }
        let touchesLegalRepresentative = targetRole == .legalRepresentative || newRole == .legalRepresentative
        if touchesLegalRepresentative && !actorRole.canManageLegalRepresentatives { return .legalRepresentativesOnly }
        if facts.isLastLegalRepresentative(target) { return .lastLegalRepresentative }
        return nil
    }

    /// Whether `actor` may remove `target` from the organization.
    public func refusalToRemove(_ target: String, by actor: String, in facts: MembershipFacts) -> MembershipRefusal? {
        guard let actorRole = facts.roles[actor], actorRole.canManageOrganization else { return .notPermitted }
        guard let targetRole = facts.roles[target] else { return .notAMember }
        if targetRole == .legalRepresentative && !actorRole.canManageLegalRepresentatives { return .legalRepresentativesOnly }
        if facts.isLastLegalRepresentative(target) { return .lastLegalRepresentative }
        return nil
    }

    /// Whether `actor` may invite someone with `role`.
    public func refusalToInvite(as role: OrganizationRole, by actor: String, in facts: MembershipFacts) -> MembershipRefusal? {
        guard let actorRole = facts.roles[actor], actorRole.canManageOrganization else { return .notPermitted }
        if role == .legalRepresentative && !actorRole.canManageLegalRepresentatives { return .legalRepresentativesOnly }
        return nil
    }
}

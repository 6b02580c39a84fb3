/// A member's role in an organization (seed guide on organizations: only the legal representative
/// or an administrator may change things).
public enum OrganizationRole: String, CaseIterable, Codable, Sendable, Comparable {
    case legalRepresentative = "legal_representative"
    case administrator
    case user

    /// Whether this role may change the organization: members, roles, invitations, products, billing.
    public var canManageOrganization: Bool { self != .user }

    /// Only legal representatives appoint or remove legal representatives.
    public var canManageLegalRepresentatives: Bool { self == .legalRepresentative }

    private var rank: Int {
        switch self {
        case .legalRepresentative: 0
        case .administrator: 1
        case .user: 2
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    public static func parse(_ raw: String?, field: String = "role") -> Result<OrganizationRole, FieldError> {
        guard let raw, !raw.isEmpty else { return .failure(FieldError(field: field, messageKey: "error.required")) }
        guard let role = OrganizationRole(rawValue: raw) else {
            return .failure(FieldError(field: field, messageKey: "error.role.unknown"))
        }
        return .success(role)
    }
}

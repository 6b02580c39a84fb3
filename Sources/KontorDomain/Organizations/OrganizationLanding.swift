/// Which organization a customer lands in after signing in (issue 11 §1): the one she used last, while she is still
/// a member of it; the first time, one she is legal representative of (her own company rather than one she was only
/// invited to), then one she administers; among equals, the first by name as the switcher lists them.
public enum OrganizationLanding {
    public struct Candidate<ID: Hashable>: Sendable where ID: Sendable {
        public let id: ID
        public let role: OrganizationRole

        public init(id: ID, role: OrganizationRole) {
            self.id = id
            self.role = role
        }
    }

    /// `candidates` in the switcher's order (by name); nil when she belongs to none.
    public static func choose<ID: Hashable & Sendable>(among candidates: [Candidate<ID>], lastUsed: ID?) -> ID? {
        if let lastUsed, candidates.contains(where: { $0.id == lastUsed }) { return lastUsed }
        // `OrganizationRole` sorts legal representative first; `min` keeps the first of equals.
        return candidates.min { $0.role < $1.role }?.id
    }
}

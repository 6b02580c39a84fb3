/// A rule that may refuse a member leaving an organization.
public protocol LeavingRule: Sendable {
    func refusal(for member: String, in facts: MembershipFacts) -> MembershipRefusal?
}

/// Whether a member may leave an organization by themselves (seed: "Un usuario puede salir por sí mismo de
/// cualquier Organización siempre y cuando…"). The rules are a list so later capabilities add their own.
public struct LeavingPolicy: Sendable {
    public let rules: [any LeavingRule]

    public init(rules: [any LeavingRule] = LeavingPolicy.standardRules) { self.rules = rules }

    /// The seed's three conditions.
    public static let standardRules: [any LeavingRule] = [
        NotLastLegalRepresentative(), NoOfficeSuiteSeat(), SignInAddressNotAnOrganizationMailbox(),
    ]

    /// The first reason `member` may not leave, or nil when they may.
    public func refusal(for member: String, in facts: MembershipFacts) -> MembershipRefusal? {
        guard facts.roles[member] != nil else { return .notAMember }
        return rules.lazy.compactMap { $0.refusal(for: member, in: facts) }.first
    }
}

/// "… este usuario no es el último propietario de la Organización"
public struct NotLastLegalRepresentative: LeavingRule {
    public init() {}
    public func refusal(for member: String, in facts: MembershipFacts) -> MembershipRefusal? {
        facts.isLastLegalRepresentative(member) ? .lastLegalRepresentative : nil
    }
}

/// "… este usuario no pertenece a la kSuite de la Organización"
public struct NoOfficeSuiteSeat: LeavingRule {
    public init() {}
    public func refusal(for member: String, in facts: MembershipFacts) -> MembershipRefusal? {
        facts.officeSuiteSeatHolders.contains(member) ? .holdsOfficeSuiteSeat : nil
    }
}

/// "… la dirección de conexión de este usuario no está en un Servicio de Correo de la Organización"
public struct SignInAddressNotAnOrganizationMailbox: LeavingRule {
    public init() {}
    public func refusal(for member: String, in facts: MembershipFacts) -> MembershipRefusal? {
        facts.mailServiceAddressHolders.contains(member) ? .signInAddressIsOrganizationMailbox : nil
    }
}

import Testing
import KontorDomain

@Suite("Organization membership rules (seed guide on organizations)")
struct OrganizationPolicyTests {
    let leaving = LeavingPolicy()
    let management = MemberManagementPolicy()

    @Test("the last legal representative cannot leave")
    func lastLegalRepresentativeStays() {
        let facts = MembershipFacts(roles: ["ana": .legalRepresentative, "bo": .user])
        #expect(leaving.refusal(for: "ana", in: facts) == .lastLegalRepresentative)
        #expect(leaving.refusal(for: "bo", in: facts) == nil)
    }

    @Test("a legal representative may leave when another one remains")
    func secondLegalRepresentativeMayLeave() {
        let facts = MembershipFacts(roles: ["ana": .legalRepresentative, "bo": .legalRepresentative])
        #expect(leaving.refusal(for: "ana", in: facts) == nil)
    }

    @Test("an office-suite seat or an organization mailbox keeps a member in")
    func productRules() {
        let facts = MembershipFacts(
            roles: ["ana": .legalRepresentative, "bo": .user, "cy": .user],
            officeSuiteSeatHolders: ["bo"], mailServiceAddressHolders: ["cy"])
        #expect(leaving.refusal(for: "bo", in: facts) == .holdsOfficeSuiteSeat)
        #expect(leaving.refusal(for: "cy", in: facts) == .signInAddressIsOrganizationMailbox)
    }

    @Test("leaving takes more rules")
    func extensible() {
        struct NoOneLeavesOnFriday: LeavingRule {
            func refusal(for member: String, in facts: MembershipFacts) -> MembershipRefusal? { .notPermitted }
        }
        let policy = LeavingPolicy(rules: LeavingPolicy.standardRules + [NoOneLeavesOnFriday()])
        #expect(policy.refusal(for: "bo", in: MembershipFacts(roles: ["ana": .legalRepresentative, "bo": .user])) == .notPermitted)
    }

    @Test("users change nothing; administrators manage users but not legal representatives")
    func permissions() {
        let facts = MembershipFacts(roles: ["ana": .legalRepresentative, "ad": .administrator, "bo": .user, "cy": .user])
        #expect(management.refusalToRemove("cy", by: "bo", in: facts) == .notPermitted)
        #expect(management.refusalToRemove("cy", by: "ad", in: facts) == nil)
        #expect(management.refusalToRemove("ana", by: "ad", in: facts) == .legalRepresentativesOnly)
        #expect(management.refusalToChangeRole(of: "bo", to: .legalRepresentative, by: "ad", in: facts) == .legalRepresentativesOnly)
        #expect(management.refusalToChangeRole(of: "bo", to: .administrator, by: "ad", in: facts) == nil)
        #expect(management.refusalToInvite(as: .legalRepresentative, by: "ad", in: facts) == .legalRepresentativesOnly)
        #expect(management.refusalToInvite(as: .user, by: "bo", in: facts) == .notPermitted)
    }

    @Test("the last legal representative can never be removed or demoted")
    func lastLegalRepresentativeIsKept() {
        let facts = MembershipFacts(roles: ["ana": .legalRepresentative, "bo": .user])
        #expect(management.refusalToRemove("ana", by: "ana", in: facts) == .lastLegalRepresentative)
        #expect(management.refusalToChangeRole(of: "ana", to: .administrator, by: "ana", in: facts) == .lastLegalRepresentative)
    }
}

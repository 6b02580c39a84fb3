@testable import KontorDomain
import Testing

@Suite("Closing an account: never leaves an organization's members, products, debts or money without anyone answering for them")
struct AccountClosurePolicyTests {
    static let ana = "ana", ben = "ben"

    @Test("a member who is not the last legal representative may close, whatever the organization holds")
    func notLastLegalRepresentative() {
        let facts = MembershipFacts(roles: [Self.ana: .user, Self.ben: .legalRepresentative])
        let everything = OrganizationHoldings(hasProducts: true, hasOpenInvoices: true, hasPrepaidBalance: true)
        #expect(AccountClosurePolicy.refusals(for: Self.ana, in: facts, holdings: everything).isEmpty)
        let two = MembershipFacts(roles: [Self.ana: .legalRepresentative, Self.ben: .legalRepresentative])
        #expect(AccountClosurePolicy.refusals(for: Self.ana, in: two, holdings: everything).isEmpty)
    }

    @Test("the last legal representative with other members must hand over first")
    func lastLegalRepresentativeWithMembers() {
        let facts = MembershipFacts(roles: [Self.ana: .legalRepresentative, Self.ben: .user])
        #expect(AccountClosurePolicy.refusals(for: Self.ana, in: facts, holdings: .init()) == [.lastLegalRepresentativeWithMembers])
    }

    @Test("alone, only products, unpaid invoices and prepaid money stop it, each named")
    func aloneWithHoldings() {
        let alone = MembershipFacts(roles: [Self.ana: .legalRepresentative])
        #expect(AccountClosurePolicy.refusals(for: Self.ana, in: alone, holdings: .init()).isEmpty)
        #expect(AccountClosurePolicy.refusals(for: Self.ana, in: alone, holdings: .init(hasProducts: true, hasOpenInvoices: true, hasPrepaidBalance: true))
                == [.leavesProducts, .leavesOpenInvoices, .leavesPrepaidBalance])
        #expect(AccountClosurePolicy.refusals(for: Self.ana, in: alone, holdings: .init(hasPrepaidBalance: true)) == [.leavesPrepaidBalance])
    }

    @Test("leaving's own rules hold too: a kSuite seat, a sign-in address on the organization's mail service")
    func leavingRules() {
        let facts = MembershipFacts(roles: [Self.ana: .user, Self.ben: .legalRepresentative],
                                    officeSuiteSeatHolders: [Self.ana], mailServiceAddressHolders: [Self.ana])
        #expect(AccountClosurePolicy.refusals(for: Self.ana, in: facts, holdings: .init()) == [.holdsOfficeSuiteSeat, .signInAddressIsOrganizationMailbox])
        #expect(AccountClosurePolicy.refusals(for: "carla", in: facts, holdings: .init()).isEmpty, "not a member: nothing to say")
    }
}

import Foundation
@testable import KontorDomain
import Testing

@Suite("Debtor accounts: an account that paid for one customer identifies that customer; one that paid for two, nobody")
struct DebtorAccountOwnersTests {
    let parent = "CH5800791123000889012", ana = UUID(), ben = UUID()

    @Test("one customer, however often: that customer")
    func oneCustomer() {
        var owners = DebtorAccountOwners()
        #expect(owners.owner(of: parent) == nil)
        owners.note(parent, paidFor: ana)
        owners.note(parent, paidFor: ana)
        #expect(owners.owner(of: parent) == ana)
    }

    @Test("a second customer makes the account nobody's, for good, whichever order the payments came in")
    func twoCustomers() {
        var owners = DebtorAccountOwners()
        owners.note(parent, paidFor: ana)
        owners.note(parent, paidFor: ben)
        #expect(owners.owner(of: parent) == nil)
        owners.note(parent, paidFor: ana)
        #expect(owners.owner(of: parent) == nil, "paying for Ana again does not make it hers")
        var copy = owners
        copy.note("CH9300762011623852957", paidFor: ben)
        #expect(copy.owner(of: "CH9300762011623852957") == ben && owners.owner(of: "CH9300762011623852957") == nil, "a value: copies learn apart")
    }
}

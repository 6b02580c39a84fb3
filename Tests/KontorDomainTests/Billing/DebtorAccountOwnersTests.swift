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

    @Test("two lists asked together answer as one list holding both: the same customer in both is hers, two customers nobody's")
    func together() {
        let other = "CH9300762011623852957", third = "DE89370400440532013000"
        var file = DebtorAccountOwners(), before = DebtorAccountOwners()
        file.note(parent, paidFor: ana)
        before.note(parent, paidFor: ana)
        file.note(other, paidFor: ana)
        before.note(other, paidFor: ben)
        before.note(third, paidFor: ben)
        #expect(file.owner(of: parent, together: before) == ana)
        #expect(file.owner(of: other, together: before) == nil, "Ana in this file, Ben before: nobody's")
        #expect(file.owner(of: third, together: before) == ben && before.owner(of: third, together: file) == ben)
        #expect(file.owner(of: "CH5604835012345678009", together: before) == nil)
        var merged = file
        for account in [parent, other, third] { if let owner = before.owner(of: account) { merged.note(account, paidFor: owner) } }
        for account in [parent, other, third] {
            #expect(file.owner(of: account, together: before) == merged.owner(of: account), "\(account) differs from one list holding both")
        }
        // Shared in one list stays shared together.
        var shared = DebtorAccountOwners()
        shared.note(third, paidFor: ana)
        shared.note(third, paidFor: ben)
        #expect(shared.owner(of: third, together: DebtorAccountOwners()) == nil && DebtorAccountOwners().owner(of: third, together: shared) == nil)
    }
}

import Foundation

/// Which customer a debtor's bank account belongs to, learnt from the invoices it settled (payments.md: a payment
/// without a reference goes to the customer "identified from a known debtor IBAN"). An account seen paying for two
/// customers — a parent, a fiduciary, a bank's collective account — belongs to neither, from then on.
public struct DebtorAccountOwners: Sendable {
    private var owners: [String: UUID] = [:]
    private var shared: Set<String> = []

    public init() {}

    /// `account` paid an invoice of `organization`.
    public mutating func note(_ account: String, paidFor organization: UUID) {
        if let earlier = owners.updateValue(organization, forKey: account), earlier != organization { shared.insert(account) }
    }

    /// The one customer `account` has paid for; nil when none, or more than one.
    public func owner(of account: String) -> UUID? {
        shared.contains(account) ? nil : owners[account]
    }

    /// The one customer `account` has paid for according to both lists together (what these notes and `other`'s say,
    /// as if noted in one): nil when none, or more than one. Lets a statement import ask its file's list and a batch's
    /// look-up at once without copying the file's list, which grows with the file, for every batch.
    public func owner(of account: String, together other: DebtorAccountOwners) -> UUID? {
        guard !shared.contains(account), !other.shared.contains(account) else { return nil }
        switch (owners[account], other.owners[account]) {
        case let (mine?, theirs?): return mine == theirs ? mine : nil
        case let (mine?, nil): return mine
        case let (nil, theirs?): return theirs
        case (nil, nil): return nil
        }
    }
}

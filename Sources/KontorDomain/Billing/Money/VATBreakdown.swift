/// The VAT of an invoice: per rate, on the sum of that rate's line net amounts, rounded once (EN 16931 BR-CO-17),
/// never line by line.
public struct VATBreakdown: Hashable, Sendable {
    public struct Group: Hashable, Sendable {
        public let rate: VATRate
        public let net: Money
        public let tax: Money
    }

    /// One group per rate, highest rate first (as invoices usually print them).
    public let groups: [Group]
    public let net: Money
    public let tax: Money
    public let total: Money

    /// - Parameter reverseCharge: a foreign business customer with a VAT number pays no Swiss VAT; the invoice
    ///   prints "Reverse charge" and every group's tax is zero.
    /// - Parameter taxes: the tax of a rate when it is not the rate applied to the group's net: a credit note's share of
    ///   the tax its invoice charged (`CreditNoteRates.taxes`).
    public init(lines: [(net: Money, rate: VATRate)], currency: Currency, reverseCharge: Bool = false,
                taxes: [VATRate: Int64] = [:]) throws(MoneyError) {
        var perRate: [VATRate: Money] = [:]
        for line in lines {
            guard line.net.currency == currency else { throw .currencyMismatch(currency, line.net.currency) }
            perRate[line.rate] = try (perRate[line.rate] ?? .zero(currency)).adding(line.net)
        }
        var groups: [Group] = []
        for rate in perRate.keys.sorted(by: >) {
            let net = perRate[rate]!
            let tax = reverseCharge ? .zero(currency) : taxes[rate].map { Money(minorUnits: $0, currency: currency) } ?? rate.tax(on: net)
            groups.append(Group(rate: rate, net: net, tax: tax))
        }
        self.groups = groups
        net = try Money.sum(groups.map(\.net), currency: currency)
        tax = try Money.sum(groups.map(\.tax), currency: currency)
        total = try net.adding(tax)
    }
}

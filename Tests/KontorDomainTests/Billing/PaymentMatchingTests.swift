import Foundation
import KontorDomain
import Testing

@Suite("Matching a payment: settle only on exact reference, currency and amount; otherwise prepaid or staff")
struct PaymentMatchingTests {
    let org = UUID()
    let other = UUID()
    func invoice(open: Int64, currency: Currency = .chf) -> PaymentMatching.Invoice {
        .init(id: UUID(), organizationID: org, currency: currency, openMinor: open)
    }
    func chf(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .chf) }

    @Test("the invoice's reference, its currency and exactly its open amount settle it")
    func settles() {
        let open = invoice(open: 12_000)
        #expect(PaymentMatching.decide(amount: chf(12_000), invoice: open, referencedOrganization: org, isTopUp: false, knownDebtorOrganization: nil)
                == .settle(invoiceID: open.id, organizationID: org))
    }

    @Test("another amount, another currency or a paid invoice credit that customer's prepaid account")
    func prepaid() {
        #expect(PaymentMatching.decide(amount: chf(11_999), invoice: invoice(open: 12_000), referencedOrganization: nil, isTopUp: false,
                                       knownDebtorOrganization: nil) == .prepaid(organizationID: org, because: .otherAmount))
        #expect(PaymentMatching.decide(amount: Money(minorUnits: 12_000, currency: .eur), invoice: invoice(open: 12_000), referencedOrganization: nil,
                                       isTopUp: false, knownDebtorOrganization: nil) == .prepaid(organizationID: org, because: .otherCurrency))
        #expect(PaymentMatching.decide(amount: chf(12_000), invoice: invoice(open: 0), referencedOrganization: nil, isTopUp: false,
                                       knownDebtorOrganization: other) == .prepaid(organizationID: org, because: .invoiceAlreadyPaid))
    }

    @Test("a top-up reference always credits the account; without a reference a known debtor account decides; else staff")
    func withoutInvoice() {
        #expect(PaymentMatching.decide(amount: chf(5), invoice: nil, referencedOrganization: org, isTopUp: true, knownDebtorOrganization: other)
                == .prepaid(organizationID: org, because: .topUp))
        #expect(PaymentMatching.decide(amount: chf(5), invoice: nil, referencedOrganization: nil, isTopUp: false, knownDebtorOrganization: other)
                == .prepaid(organizationID: other, because: .knownDebtorAccount))
        #expect(PaymentMatching.decide(amount: chf(5), invoice: nil, referencedOrganization: nil, isTopUp: false, knownDebtorOrganization: nil)
                == .unidentified)
    }

    @Test("Kontor's references name their customer, whatever the account type; others name no one")
    func decoding() throws {
        let qrr = try #require(BillingReferences.reference(kind: .topUp, customerNumber: 100_042, sequence: 0, qrIBAN: true))
        let rf = try #require(BillingReferences.reference(kind: .invoice, customerNumber: 100_042, sequence: 77, qrIBAN: false))
        #expect(BillingReferences.decode(qrr)?.kind == .topUp && BillingReferences.decode(qrr)?.customerNumber == 100_042)
        #expect(BillingReferences.decode(rf)?.kind == .invoice && BillingReferences.decode(rf)?.customerNumber == 100_042)
        #expect(BillingReferences.decode(try #require(PaymentReference("RF18539007547034"))) == nil)
    }
}

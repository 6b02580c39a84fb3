import Foundation

/// Where a received payment goes (payments.md, "Matching and the prepaid account").
///
/// It settles an invoice only when the reference is that invoice's, the currency is the invoice's and the amount is
/// exactly what is still open. Everything else that can be tied to a customer — another amount or currency, the
/// reference of a paid invoice, a top-up reference, no reference but a debtor account that paid this customer's
/// invoices before — is credited to that customer's prepaid account. The rest waits for staff.
public enum PaymentMatching {
    public struct Invoice: Sendable, Equatable {
        public let id: UUID
        public let organizationID: UUID
        public let currency: Currency
        public let openMinor: Int64
        public init(id: UUID, organizationID: UUID, currency: Currency, openMinor: Int64) {
            self.id = id
            self.organizationID = organizationID
            self.currency = currency
            self.openMinor = openMinor
        }
    }

    public enum Decision: Sendable, Equatable {
        case settle(invoiceID: UUID, organizationID: UUID)
        case prepaid(organizationID: UUID, because: Reason)
        case unidentified
    }

    public enum Reason: String, Sendable, Equatable {
        case otherAmount = "other_amount"
        case otherCurrency = "other_currency"
        case invoiceAlreadyPaid = "invoice_already_paid"
        case topUp = "top_up"
        case customerReference = "customer_reference"
        case knownDebtorAccount = "known_debtor_account"
    }

    /// - Parameters:
    ///   - invoice: the invoice whose reference the payment carries, as it stands now (open amount included).
    ///   - referencedOrganization: the organization a Kontor reference names by customer number (top-up or invoice).
    ///   - isTopUp: the reference is a top-up reference.
    ///   - knownDebtorOrganization: the organization whose invoices the debtor's account paid before.
    public static func decide(amount: Money, invoice: Invoice?, referencedOrganization: UUID?, isTopUp: Bool,
                              knownDebtorOrganization: UUID?) -> Decision {
        if let invoice {
            if invoice.currency != amount.currency { return .prepaid(organizationID: invoice.organizationID, because: .otherCurrency) }
            if invoice.openMinor <= 0 { return .prepaid(organizationID: invoice.organizationID, because: .invoiceAlreadyPaid) }
            if invoice.openMinor != amount.minorUnits { return .prepaid(organizationID: invoice.organizationID, because: .otherAmount) }
            return .settle(invoiceID: invoice.id, organizationID: invoice.organizationID)
        }
        if let referencedOrganization { return .prepaid(organizationID: referencedOrganization, because: isTopUp ? .topUp : .customerReference) }
        if let knownDebtorOrganization { return .prepaid(organizationID: knownDebtorOrganization, because: .knownDebtorAccount) }
        return .unidentified
    }
}

import Foundation
import KontorDomain
import Vapor

/// Billing's JSON shapes. Money is always `{"amountMinor": 194970, "currency": "CHF"}`: integer minor units,
/// never a floating-point number.
extension APIModels {
    struct Amount: Content {
        let amountMinor: Int64
        let currency: String
        init(_ money: Money) {
            amountMinor = money.minorUnits
            currency = money.currency.code
        }
        init(minor: Int64, currency: Currency) { self.init(Money(minorUnits: minor, currency: currency)) }
    }
    struct InvoiceSummary: Content {
        let id: UUID
        let number: String
        let kind: String
        let status: String
        let currency: String
        let total: Amount
        let amountDue: Amount
        let issuedOn: String
        let dueOn: String
        let reference: String?
        let referenceType: String?
        let creditsInvoiceId: UUID?
    }
    struct InvoiceLine: Content {
        let position: Int
        let description: String
        let quantity: Int64
        let unitPrice: Amount
        let net: Amount
        let vatRate: String
    }
    struct InvoiceVAT: Content {
        let rate: String
        let net: Amount
        let tax: Amount
    }
    struct InvoiceDetail: Content {
        let id: UUID
        let number: String
        let kind: String
        let status: String
        let customerNumber: Int64
        let currency: String
        let net: Amount
        let tax: Amount
        let total: Amount
        let amountDue: Amount
        let issuedOn: String
        let dueOn: String
        let reference: String?
        let referenceType: String?
        let creditsInvoiceId: UUID?
        let reverseCharge: Bool
        let billingAddress: BillingAddressSnapshot
        let lines: [InvoiceLine]
        let vat: [InvoiceVAT]
        /// The note staff gave when issuing it (a credit note's reason); printed on the PDF too.
        let note: String?
    }
    struct BillingAddressSnapshot: Content {
        let name: String
        let street: String
        let buildingNumber: String
        let postcode: String
        let town: String
        let country: String
    }
    struct PrepaidMovement: Content {
        let id: UUID
        let kind: String
        let amount: Amount
        let balanceAfter: Amount
        let invoiceId: UUID?
        let createdAt: Date
    }
    struct PrepaidAccount: Content {
        let balances: [Amount]
        let movements: [PrepaidMovement]
        let limit: Int
        let offset: Int
    }
    struct TopUpReference: Content {
        let currency: String
        let reference: String
        let referenceType: String
        let account: String
    }
    struct BillingFacts: Content {
        let customerNumber: Int64?
        let payFromBalance: Bool
        let topUpReferences: [TopUpReference]
    }
    struct Reminder: Content {
        let id: UUID
        let invoiceId: UUID
        let invoiceNumber: String
        let step: String
        let sentOn: String
        let amountDue: Amount
        let paymentsCountedUntil: String
        let feeInvoiceId: UUID?
    }
    struct BillingFactsChange: Content {
        var payFromBalance: Bool?
    }

    static func invoiceSummary(_ invoice: KontorApp.Invoice, today: String) -> InvoiceSummary {
        InvoiceSummary(id: invoice.id!, number: invoice.number, kind: invoice.series, status: InvoiceQueries.status(of: invoice, today: today).rawValue,
                       currency: invoice.currencyCode, total: Amount(invoice.total), amountDue: Amount(invoice.open),
                       issuedOn: invoice.issuedOn, dueOn: invoice.dueOn, reference: invoice.reference, referenceType: invoice.referenceType,
                       creditsInvoiceId: invoice.creditsInvoiceID)
    }
}

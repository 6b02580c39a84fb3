import Fluent
import Foundation
import KontorDomain

/// An invoice or credit note as issued, in plain values: what `InvoiceIssuer` builds and the notices read. The
/// renewal run issues 100,000 of these in one go; as Fluent models (a property wrapper per field, generic metadata
/// looked up on every access, a class per row) building them took as long as writing them. `Invoice` is the same
/// row for everything that reads or settles it later.
struct IssuedInvoice: Sendable {
    var id: UUID
    var organizationID: UUID
    var series: String
    var sequence: Int64
    var number: String
    var creditsInvoiceID: UUID?
    var customerNumber: Int64
    var language: String
    var currencyCode: String
    var netMinor: Int64
    var taxMinor: Int64
    var totalMinor: Int64
    var openMinor: Int64
    var reverseCharge: Bool
    var customerVATNumber: String?
    var reference: String?
    var referenceType: String?
    var accountIBAN: String?
    var address: PostalAddress
    var invoiceEmail: String?
    var issuedAt: Date
    var issuedOn: String
    var dueOn: String
    var paidAt: Date?
    var issuedByStaffID: UUID?
    var note: String?
    /// Set on a reminder fee's invoice: the invoice whose reminder charged it.
    var feeForInvoiceID: UUID? = nil

    var currency: Currency { Currency(code: currencyCode) ?? .chf }
    var isCreditNote: Bool { series == DocumentSeries.creditNote.rawValue }
    var paymentReference: PaymentReference? { reference.flatMap(PaymentReference.init) }
}

struct IssuedLine: Sendable {
    var id: UUID
    var invoiceID: UUID
    var position: Int
    var description: String
    var quantity: Int64
    var unitMinor: Int64
    var netMinor: Int64
    var vatBasisPoints: Int
    var productID: UUID?
}

struct IssuedVAT: Sendable {
    var id: UUID
    var invoiceID: UUID
    var vatBasisPoints: Int
    var netMinor: Int64
    var taxMinor: Int64
}

extension InvoiceIssuer {
    /// An issued document and its rows, built but not yet written.
    struct Document: Sendable {
        var invoice: IssuedInvoice
        var lines: [IssuedLine]
        var vat: [IssuedVAT]

        /// Writes it row by row (one document: `issue`) and hands back the invoice as a model, for what the same
        /// transaction does next with it (paying it from the balance).
        func create(on db: any Database) async throws -> Invoice {
            let model = Invoice(invoice)
            try await model.create(on: db)
            for line in lines { try await InvoiceLine(line).create(on: db) }
            for row in vat { try await InvoiceVAT(row).create(on: db) }
            return model
        }
    }
}

extension Invoice {
    convenience init(_ issued: IssuedInvoice) {
        self.init()
        id = issued.id
        $organization.id = issued.organizationID
        series = issued.series
        sequence = issued.sequence
        number = issued.number
        creditsInvoiceID = issued.creditsInvoiceID
        customerNumber = issued.customerNumber
        language = issued.language
        currencyCode = issued.currencyCode
        netMinor = issued.netMinor
        taxMinor = issued.taxMinor
        totalMinor = issued.totalMinor
        openMinor = issued.openMinor
        creditedMinor = 0
        reverseCharge = issued.reverseCharge
        customerVATNumber = issued.customerVATNumber
        reference = issued.reference
        referenceType = issued.referenceType
        accountIBAN = issued.accountIBAN
        (addressName, addressStreet, addressBuildingNumber) = (issued.address.name, issued.address.street, issued.address.buildingNumber)
        (addressPostcode, addressTown, addressCountry) = (issued.address.postcode, issued.address.town, issued.address.country)
        invoiceEmail = issued.invoiceEmail
        issuedAt = issued.issuedAt
        issuedOn = issued.issuedOn
        dueOn = issued.dueOn
        paidAt = issued.paidAt
        issuedByStaffID = issued.issuedByStaffID
        note = issued.note
        feeForInvoiceID = issued.feeForInvoiceID
    }

    /// This row as plain values, as the notices read it (after a payment from the balance has settled it).
    var issued: IssuedInvoice {
        get throws {
            IssuedInvoice(id: try requireID(), organizationID: $organization.id, series: series, sequence: sequence, number: number,
                      creditsInvoiceID: creditsInvoiceID, customerNumber: customerNumber, language: language, currencyCode: currencyCode,
                      netMinor: netMinor, taxMinor: taxMinor, totalMinor: totalMinor, openMinor: openMinor, reverseCharge: reverseCharge,
                      customerVATNumber: customerVATNumber, reference: reference, referenceType: referenceType, accountIBAN: accountIBAN,
                      address: billingAddress, invoiceEmail: invoiceEmail, issuedAt: issuedAt, issuedOn: issuedOn, dueOn: dueOn,
                      paidAt: paidAt, issuedByStaffID: issuedByStaffID, note: note, feeForInvoiceID: feeForInvoiceID)
        }
    }
}

extension InvoiceLine {
    convenience init(_ line: IssuedLine) {
        self.init()
        id = line.id
        $invoice.id = line.invoiceID
        position = line.position
        description = line.description
        quantity = line.quantity
        unitMinor = line.unitMinor
        netMinor = line.netMinor
        vatBasisPoints = line.vatBasisPoints
        productID = line.productID
    }
}

extension InvoiceVAT {
    convenience init(_ row: IssuedVAT) {
        self.init()
        id = row.id
        $invoice.id = row.invoiceID
        vatBasisPoints = row.vatBasisPoints
        netMinor = row.netMinor
        taxMinor = row.taxMinor
    }
}

import Fluent
import Foundation
import KontorDomain

/// An issued invoice or credit note. Everything printed on it — number, lines, VAT, address, reference — is
/// written once when it is issued and never changed; only `openMinor` and `paidAt` follow the settlements (an
/// invoice's open amount is its total less what `InvoiceSettlement` rows say settled it).
final class Invoice: Model, @unchecked Sendable {
    static let schema = "invoices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "series") var series: String
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "number") var number: String
    /// A credit note names the invoice it corrects.
    @OptionalField(key: "credits_invoice_id") var creditsInvoiceID: UUID?
    @Field(key: "customer_number") var customerNumber: Int64
    /// The language it was issued in: its PDF and mails stay in it.
    @Field(key: "language") var language: String
    @Field(key: "currency") var currencyCode: String
    @Field(key: "net_minor") var netMinor: Int64
    @Field(key: "tax_minor") var taxMinor: Int64
    @Field(key: "total_minor") var totalMinor: Int64
    @Field(key: "open_minor") var openMinor: Int64
    /// What credit notes for this invoice came to (M081): equal to the total, nothing open means cancelled, not paid.
    @Field(key: "credited_minor") var creditedMinor: Int64
    @Field(key: "reverse_charge") var reverseCharge: Bool
    @OptionalField(key: "customer_vat_number") var customerVATNumber: String?
    /// The payment reference (QRR digits or `RF…`), unique across all invoices; nil for a credit note.
    @OptionalField(key: "reference") var reference: String?
    @OptionalField(key: "reference_type") var referenceType: String?
    /// The creditor account the invoice is paid to (electronic IBAN), as configured when it was issued.
    @OptionalField(key: "account_iban") var accountIBAN: String?
    @Field(key: "address_name") var addressName: String
    @Field(key: "address_street") var addressStreet: String
    @Field(key: "address_building_number") var addressBuildingNumber: String
    @Field(key: "address_postcode") var addressPostcode: String
    @Field(key: "address_town") var addressTown: String
    @Field(key: "address_country") var addressCountry: String
    @OptionalField(key: "invoice_email") var invoiceEmail: String?
    @Field(key: "issued_at") var issuedAt: Date
    /// Calendar days as `YYYY-MM-DD` in the provider's time zone: due dates and reminder days are days, not instants.
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "paid_at") var paidAt: Date?
    @OptionalField(key: "issued_by_staff_id") var issuedByStaffID: UUID?
    @OptionalField(key: "note") var note: String?
    /// A reminder fee's invoice names the invoice whose reminder charged it: it is never charged a fee itself.
    @OptionalField(key: "fee_for_invoice_id") var feeForInvoiceID: UUID?
    /// The day the customer was told the prepaid balance covers this overdue invoice (instead of a reminder).
    @OptionalField(key: "balance_notice_on") var balanceNoticeOn: String?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $organization, $series, $sequence, $number, $creditsInvoiceID, $customerNumber, $language, $currencyCode, $netMinor,
            $taxMinor, $totalMinor, $openMinor, $creditedMinor, $reverseCharge, $customerVATNumber, $reference, $referenceType, $accountIBAN,
            $addressName, $addressStreet, $addressBuildingNumber, $addressPostcode, $addressTown, $addressCountry, $invoiceEmail,
            $issuedAt, $issuedOn, $dueOn, $paidAt, $issuedByStaffID, $note, $feeForInvoiceID, $balanceNoticeOn
        ]
    }

    init() {}

    var currency: Currency { Currency(code: currencyCode) ?? .chf }
    var total: Money { Money(minorUnits: totalMinor, currency: currency) }
    var open: Money { Money(minorUnits: openMinor, currency: currency) }
    var isCreditNote: Bool { series == DocumentSeries.creditNote.rawValue }
    var billingAddress: PostalAddress {
        PostalAddress(name: addressName, street: addressStreet, buildingNumber: addressBuildingNumber, postcode: addressPostcode,
                      town: addressTown, country: addressCountry)
    }
    var paymentReference: PaymentReference? { reference.flatMap(PaymentReference.init) }
}

/// One line of an invoice: quantity × unit price = net, at one VAT rate.
final class InvoiceLine: Model, @unchecked Sendable {
    static let schema = "invoice_lines"

    @ID(key: .id) var id: UUID?
    @Parent(key: "invoice_id") var invoice: Invoice
    @Field(key: "position") var position: Int
    @Field(key: "description") var description: String
    @Field(key: "quantity") var quantity: Int64
    @Field(key: "unit_minor") var unitMinor: Int64
    @Field(key: "net_minor") var netMinor: Int64
    @Field(key: "vat_basis_points") var vatBasisPoints: Int
    @OptionalField(key: "product_id") var productID: UUID?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $invoice, $position, $description, $quantity, $unitMinor, $netMinor, $vatBasisPoints, $productID
        ]
    }

    init() {}
}

/// The VAT of one rate on one invoice, computed once on the sum of that rate's lines.
final class InvoiceVAT: Model, @unchecked Sendable {
    static let schema = "invoice_vat"

    @ID(key: .id) var id: UUID?
    @Parent(key: "invoice_id") var invoice: Invoice
    @Field(key: "vat_basis_points") var vatBasisPoints: Int
    @Field(key: "net_minor") var netMinor: Int64
    @Field(key: "tax_minor") var taxMinor: Int64

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $invoice, $vatBasisPoints, $netMinor, $taxMinor] }

    init() {}
}

/// Something that reduced (or, for a reversal, restored) an invoice's open amount. Never updated or deleted.
final class InvoiceSettlement: Model, @unchecked Sendable {
    static let schema = "invoice_settlements"

    enum Kind: String { case bankPayment = "bank_payment", prepaid, creditNote = "credit_note", reversal }

    @ID(key: .id) var id: UUID?
    @Parent(key: "invoice_id") var invoice: Invoice
    @Field(key: "kind") var kind: String
    /// Positive: settled this much. Negative: a reversal re-opened it.
    @Field(key: "amount_minor") var amountMinor: Int64
    @OptionalField(key: "prepaid_entry_id") var prepaidEntryID: UUID?
    @OptionalField(key: "credit_note_id") var creditNoteID: UUID?
    @OptionalField(key: "bank_payment_id") var bankPaymentID: UUID?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $invoice, $kind, $amountMinor, $prepaidEntryID, $creditNoteID, $bankPaymentID, $createdAt] }

    init() {}

    init(invoiceID: UUID, kind: Kind, amountMinor: Int64, now: Date) {
        $invoice.id = invoiceID
        self.kind = kind.rawValue
        self.amountMinor = amountMinor
        createdAt = now
    }
}

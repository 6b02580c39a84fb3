import Foundation
import KontorDomain
import KontorPDF

/// An issued invoice as a PDF in the language it was issued in, with the Swiss QR-bill slip while something is
/// still owed. Formatting (money, days, headings) happens here; KontorPDF only places the texts.
struct InvoicePDF {
    let queries: InvoiceQueries
    let localizer: Localizer
    let providerCountry: String

    func render(_ invoice: Invoice) async throws -> [UInt8] {
        let language = Language(rawValue: invoice.language) ?? .en
        let t = { (key: String, arguments: [String: String]) in localizer.text(key, language, arguments) }
        let money = { (minor: Int64) in MoneyFormatting.format(Money(minorUnits: minor, currency: invoice.currency), language) }
        let config = queries.config
        var metadata = [InvoiceDocument.Row(t("billing.customer_number", [:]), String(invoice.customerNumber)),
                        InvoiceDocument.Row(t("invoices.column.issued", [:]), BillingDayFormatting.format(invoice.issuedOn, language))]
        if !invoice.isCreditNote {
            metadata.append(InvoiceDocument.Row(t("invoices.column.due", [:]), BillingDayFormatting.format(invoice.dueOn, language)))
        }
        if let vatNumber = config.vatNumber { metadata.append(InvoiceDocument.Row(t("invoice.vat_number", [:]), vatNumber)) }
        var totals = [InvoiceDocument.Row(t("invoice.net", [:]), money(invoice.netMinor))]
        for group in try await queries.vat(of: invoice) {
            totals.append(InvoiceDocument.Row(t("invoice.vat_line", ["rate": VATRate(basisPoints: group.vatBasisPoints).percentText + " %",
                                                                     "net": money(group.netMinor)]), money(group.taxMinor)))
        }
        totals.append(InvoiceDocument.Row(t("invoice.total", [:]), money(invoice.totalMinor)))
        var notes: [String] = []
        if invoice.reverseCharge { notes.append(t("invoice.reverse_charge", [:])) }
        if let number = invoice.customerVATNumber { notes.append("\(t("invoice.vat_number", [:])) \(number)") }
        let document = InvoiceDocument(
            titleLines: [t(invoice.isCreditNote ? "invoice.credit_note_title" : "invoice.title", ["number": invoice.number])],
            creditorLines: config.creditor.lines(homeCountry: providerCountry),
            recipientLines: invoice.billingAddress.lines(homeCountry: providerCountry),
            metadata: metadata,
            columnTitles: .init(description: t("invoice.column.description", [:]), quantity: t("invoice.column.quantity", [:]),
                                unitPrice: t("invoice.column.unit_price", [:]), vatRate: t("invoice.column.vat", [:]),
                                amount: t("invoice.column.net", [:])),
            lineItems: try await queries.lines(of: invoice).map {
                .init(description: $0.description, quantity: String($0.quantity), unitPrice: money($0.unitMinor), amount: money($0.netMinor),
                      vatRate: VATRate(basisPoints: $0.vatBasisPoints).percentText + " %")
            },
            totals: totals, notes: notes, slip: slip(for: invoice, language: language))
        return try PDFRenderer.invoice(document)
    }

    /// The payment part: only for an invoice that still has something to pay. Slips exist in de/fr/it/en; Spanish
    /// speakers get the English one (payments.md).
    private func slip(for invoice: Invoice, language: Language) -> QRBillSlip? {
        guard let code = queries.paymentCode(for: invoice) else { return nil }
        let slipLanguage: QRBillSlip.Language = switch language {
        case .de: .de
        case .fr: .fr
        case .it: .it
        case .en, .es: .en
        }
        return QRBillSlip(language: slipLanguage, payload: code.text, account: code.account.printed,
                          creditorLines: Self.slipLines(code.creditor),
                          reference: code.reference?.printed, additionalInformation: code.message,
                          debtorLines: code.debtor.map { Self.slipLines($0) }, currency: code.currency.code,
                          amount: code.amount.map(MoneyFormatting.slip))
    }

    static func slipLines(_ address: PostalAddress) -> [String] {
        [address.name, address.buildingNumber.isEmpty ? address.street : "\(address.street) \(address.buildingNumber)",
         "\(address.country)-\(address.postcode) \(address.town)"]
    }

}

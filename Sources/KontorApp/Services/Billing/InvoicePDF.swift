import Foundation
import KontorDomain
import KontorPDF
import Vapor

/// An issued invoice as a PDF in the language it was issued in, with the Swiss QR-bill slip while something is
/// still owed. Formatting (money, days, headings) happens here; KontorPDF only places the texts.
struct InvoicePDF {
    let queries: InvoiceQueries
    let localizer: Localizer
    let providerCountry: String
    /// Where an open invoice without a QR-bill is reported.
    var logger = Logger(label: "kontor.billing")

    func render(_ invoice: Invoice) async throws -> [UInt8] {
        let language = Language(rawValue: invoice.language) ?? .en
        let t = { (key: String, arguments: [String: String]) in localizer.text(key, language, arguments) }
        let money = { (minor: Int64) in MoneyFormatting.format(Money(minorUnits: minor, currency: invoice.currency), language) }
        let config = queries.config
        var metadata = [InvoiceDocument.Row(t("billing.customer_number", [:]), String(invoice.customerNumber)),
                        InvoiceDocument.Row(t("invoices.column.issued", [:]), DayFormatting.format(invoice.issuedOn, language))]
        if !invoice.isCreditNote {
            metadata.append(InvoiceDocument.Row(t("invoices.column.due", [:]), DayFormatting.format(invoice.dueOn, language)))
        }
        if let vatNumber = config.vatNumber { metadata.append(InvoiceDocument.Row(t("invoice.vat_number", [:]), vatNumber)) }
        var totals = [InvoiceDocument.Row(t("invoice.net", [:]), money(invoice.netMinor))]
        if invoice.reverseCharge {
            // No Swiss rate applies under the reverse charge: one VAT line saying so, never "8.1 %" with nothing on it.
            totals.append(InvoiceDocument.Row(t("invoice.vat_reverse_charge", [:]), money(invoice.taxMinor)))
        } else {
            for group in try await queries.vat(of: invoice) {
                totals.append(InvoiceDocument.Row(t("invoice.vat_line", ["rate": VATRateFormatting.format(basisPoints: group.vatBasisPoints, language),
                                                                         "net": money(group.netMinor)]), money(group.taxMinor)))
            }
        }
        totals.append(InvoiceDocument.Row(t("invoice.total", [:]), money(invoice.totalMinor)))
        // Part paid or credited: what is left to pay, the amount the payment slip asks for, under the total it is part of.
        if !invoice.isCreditNote, invoice.openMinor != invoice.totalMinor {
            totals.append(InvoiceDocument.Row(t("invoice.amount_due", [:]), money(invoice.openMinor)))
        }
        var notes: [String] = []
        if invoice.reverseCharge { notes.append(t("invoice.reverse_charge", [:])) }
        if let number = invoice.customerVATNumber { notes.append("\(t("invoice.vat_number", [:])) \(number)") }
        if let note = invoice.note?.trimmedAsFoundation(), !note.isEmpty { notes.append(t("invoice.note_line", ["note": note])) }
        let slip: QRBillSlip?
        do { slip = try self.slip(for: invoice, language: language) } catch {
            logger.error("\(error)")
            slip = nil
            notes.append(t("invoice.no_qr_bill", [:]))
        }
        var titleLines = [t(invoice.isCreditNote ? "invoice.credit_note_title" : "invoice.title", ["number": invoice.number])]
        // A credit note names the invoice it corrects (payments.md), on the document the customer books.
        if let creditsID = invoice.creditsInvoiceID, let credited = try await Invoice.find(creditsID, on: queries.db) {
            titleLines.append(t("invoice.credits", ["number": credited.number]))
        }
        let document = InvoiceDocument(
            titleLines: titleLines,
            creditorLines: config.creditor.lines(homeCountry: providerCountry),
            recipientLines: invoice.billingAddress.lines(homeCountry: providerCountry),
            metadata: metadata,
            columnTitles: .init(description: t("invoice.column.description", [:]), quantity: t("invoice.column.quantity", [:]),
                                unitPrice: t("invoice.column.unit_price", [:]), vatRate: t("invoice.column.vat", [:]),
                                amount: t("invoice.column.net", [:])),
            lineItems: try await queries.lines(of: invoice).map {
                .init(description: $0.description, quantity: String($0.quantity), unitPrice: money($0.unitMinor), amount: money($0.netMinor),
                      vatRate: invoice.reverseCharge ? t("invoice.vat_cell_reverse_charge", [:]) : VATRateFormatting.format(basisPoints: $0.vatBasisPoints, language))
            },
            totals: totals, notes: notes, slip: slip)
        return try PDFRenderer.invoice(document)
    }

    /// The payment part: only for an invoice that still has something to pay. Slips exist in de/fr/it/en; Spanish
    /// speakers get the English one (payments.md).
    private func slip(for invoice: Invoice, language: Language) throws -> QRBillSlip? {
        guard let code = try queries.paymentCode(for: invoice) else { return nil }
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

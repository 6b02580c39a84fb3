import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import PDFReading
import Testing
import Vapor
import VaporTesting

@Suite("Invoice documents: never above the QR-bill's maximum, every amount whole on the PDF, rates in the language's way, the reverse charge said as such")
struct InvoiceDocumentTests {
    static func linesJSON(_ lines: [(minor: Int64, quantity: Int, vat: String)]) -> String {
        lines.map { #"{"description":"Work","quantity":\#($0.quantity),"unitPrice":{"amountMinor":\#($0.minor),"currency":"CHF"},"vat":"\#($0.vat)"}"# }
            .joined(separator: ",")
    }

    @Test("a total above 999,999,999.99 is a 422 on lines, net alone or with its VAT, and nothing is issued")
    func totalCapped() async throws {
        try await withTestApp { app, _ in
            let (_, number) = try await StaffAPITests.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let huge = Array(repeating: (minor: Int64(10_000_000_000), quantity: 1, vat: "standard"), count: 11)
            let withVAT = [(minor: Int64(9_500_000_000), quantity: 10, vat: "standard")]   // 950,000,000.00 + 8.1 % VAT
            for lines in [huge, withVAT] {
                let response = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token,
                                                           json: #"{"customerNumber":\#(number),"currency":"CHF","lines":[\#(Self.linesJSON(lines))]}"#)
                #expect(response.status == .unprocessableEntity && (try? Scenario.apiFields(response)) == ["lines"])
                #expect(try Scenario.apiError(response).fields?.first?.message.contains("999") == true)
            }
            #expect(try await Invoice.query(on: app.db).count() == 0)
            let next = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: StaffAPITests.invoiceJSON(customer: number))
            #expect(try next.content.decode(APIModels.InvoiceDetail.self).number == "INV-000001", "no number used up by the refusals")
        }
    }

    @Test("the largest allowed invoice prints every amount whole on the PDF and carries its QR-bill")
    func largestAllowedPrintsWhole() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            try await InvoiceTests.ensureAddress(app, org)
            // 9 × 100,000,000.00 + 99,999,999.99 = 999,999,999.99, the QR-bill's maximum.
            let invoice = try await app.invoiceIssuer.issue(.init(organizationID: org, currency: .chf, lines: [
                .init(description: "Data centre", quantity: 9, unitPrice: Money(minorUnits: 10_000_000_000, currency: .chf), vatRate: .zero),
                .init(description: "Rest", quantity: 1, unitPrice: Money(minorUnits: 9_999_999_999, currency: .chf), vatRate: .zero),
            ], language: .en), now: Date())
            #expect(invoice.totalMinor == InvoiceIssuer.maximumTotalMinor)
            for language in ["en", "fr", "de"] {
                try await Invoice.query(on: app.db).set(\.$language, to: language).update()
                let pdf = Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path).body.readableBytesView)
                let text = try Poppler.text(of: pdf)
                #expect(!text.contains("…"), "\(language): nothing cut")
                #expect(text.contains("999 999 999.99"), "\(language): the slip's amount")
                #expect(try Poppler.qrCodes(in: pdf).count == 1)
            }
        }
    }

    @Test("an open invoice whose QR-bill cannot be made says so on the page and the PDF instead of silently leaving it out")
    func missingQRBillIsSaid() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 80)
            try await Invoice.query(on: app.db).set(\.$accountIBAN, to: "CH00 not an IBAN").update()
            let page = try await ana.get(SiteRoute.invoice(org, invoice: invoice.id!).path).body.string
            #expect(page.contains("id=\"qr-bill-missing\"") && !page.contains("id=\"qr-bill\""))
            let pdf = try Poppler.text(of: Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path).body.readableBytesView))
            #expect(pdf.contains("No QR-bill can be printed for this invoice"))
        }
    }

    @Test("VAT rates are printed with the language's decimal separator: 8,1 % in French, 8.1 % in English")
    func rateSeparator() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, vat: .swissStandard, language: .fr)
            let pdf = try Poppler.text(of: Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path).body.readableBytesView))
            #expect(pdf.contains("TVA 8,1 % sur") && !pdf.contains("8.1 %"))
            #expect(try await ana.get(SiteRoute.invoice(org, invoice: invoice.id!).path).body.string.contains("VAT 8.1 % on"))
            #expect(VATRateFormatting.format(.swissReduced, .de) == "2,6 %" && VATRateFormatting.format(.swissAccommodation, .it) == "3,8 %")
            #expect(VATRateFormatting.format(.zero, .es) == "0 %")
        }
    }

    @Test("a reverse-charge invoice prints no Swiss rate: \"Reverse charge\" per line and one VAT line saying so")
    func reverseCharge() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            try await BillingAddress(organizationID: org, address: PostalAddress(name: "Müller GmbH", street: "Hauptstrasse", buildingNumber: "5",
                                                                                 postcode: "10115", town: "Berlin", country: "DE"),
                                     invoiceEmail: nil, isDefault: true, now: Date()).create(on: app.db)
            let invoice = try await app.invoiceIssuer.issue(.init(organizationID: org, currency: .chf, lines: [
                .init(description: "Hosting", quantity: 1, unitPrice: Money(minorUnits: 12_345, currency: .chf), vatRate: .swissStandard),
                .init(description: "Manual", quantity: 1, unitPrice: Money(minorUnits: 1_000, currency: .chf), vatRate: .swissReduced),
            ], customerVATNumber: "DE136695976", language: .en), now: Date())
            #expect(invoice.reverseCharge && invoice.taxMinor == 0)
            let pdf = try Poppler.text(of: Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path).body.readableBytesView))
            #expect(pdf.contains("VAT: reverse charge") && pdf.contains("Reverse charge"))
            #expect(!pdf.contains("8.1 %") && !pdf.contains("2.6 %"))
            let page = try await ana.get(SiteRoute.invoice(org, invoice: invoice.id!).path).body.string
            #expect(page.contains("id=\"vat-reverse-charge\"") && !page.contains("8.1 %") && !page.contains("2.6 %"))
        }
    }
}

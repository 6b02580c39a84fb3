import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import PDFReading
import Testing
import Vapor
import VaporTesting

@Suite("The invoice PDF: the customer's language, and a QR-bill a bank app reads back exactly")
struct InvoicePDFTests {
    @Test("the downloaded PDF's QR code decodes to the invoice's own payload: amount, currency, reference, both addresses")
    func qrBillDecodes() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            try await BillingAddress(organizationID: org, address: PostalAddress(name: "Bäckerei Müller AG", street: "Seestrasse", buildingNumber: "1",
                                                                                 postcode: "8002", town: "Zürich", country: "CH"),
                                     invoiceEmail: nil, isDefault: true, now: Date()).create(on: app.db)
            let invoice = try await app.invoiceIssuer.issue(
                .init(organizationID: org, currency: .chf, lines: [
                    .init(description: "Webhosting Pro, 12 Monate", quantity: 12, unitPrice: Money(minorUnits: 1590, currency: .chf), vatRate: .swissStandard),
                ], language: .de), now: Date())
            let response = try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path)
            #expect(response.status == .ok && response.headers.contentType?.subType == "pdf")
            let pdf = Array(response.body.readableBytesView)
            let expected = try #require(try InvoiceQueries(db: app.db, config: app.kontor.config.billing).paymentCode(for: invoice))
            let decoded = try Poppler.qrCodes(in: pdf)
            #expect(decoded.count == 1)
            #expect(decoded.first?.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == expected.fields)
            #expect(expected.fields[18] == "206.25" && expected.fields[19] == "CHF" && expected.fields[21] == "Bäckerei Müller AG")
            #expect(expected.fields[28] == invoice.reference)
            let text = try Poppler.text(of: pdf)
            #expect(text.contains("Rechnung \(invoice.number)") && text.contains("Zahlteil") && text.contains("Empfangsschein"))
        }
    }

    @Test("a Spanish customer's invoice is in Spanish with the English slip; once paid, the PDF has no slip")
    func languagesAndPaid() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 80)
            try await InvoiceLine.query(on: app.db).set(\.$description, to: "Alojamiento web").update()
            try await Invoice.query(on: app.db).set(\.$language, to: "es").update()
            let open = try Poppler.text(of: Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path).body.readableBytesView))
            #expect(open.contains("Factura \(invoice.number)") && open.contains("Payment part") && open.contains("Alojamiento web"))
            try await InvoiceTests.credit(app, org, francs: 80)
            _ = try await InvoiceSettling.payFromBalance(invoiceID: invoice.id!, organizationID: org, userID: nil, now: Date(), on: app.db)
            let paid = try Poppler.text(of: Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path).body.readableBytesView))
            #expect(paid.contains("Factura \(invoice.number)") && !paid.contains("Payment part"))
        }
    }

    @Test("a PDF of an invoice credited in part names the amount still due under the total, the amount its slip asks for; an untouched one does not")
    func partlyCreditedAmountDue() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 80)
            let untouched = try Poppler.text(of: Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path).body.readableBytesView))
            #expect(untouched.contains("CHF 80.00") && !untouched.contains("Amount due"))
            _ = try await app.invoiceIssuer.issueCreditNote(for: invoice.requireID(), lines: [
                .init(description: "Correction", quantity: 1, unitPrice: Money(minorUnits: 3_000, currency: .chf), vatRate: .zero)],
                staffID: nil, note: nil, now: Date())
            let pdf = Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: invoice.id!).path).body.readableBytesView)
            let text = try Poppler.text(of: pdf)
            #expect(text.contains("Amount due") && text.contains("CHF 50.00"), "\(text)")
            let credited = try #require(try await Invoice.find(invoice.id, on: app.db))
            let code = try #require(try InvoiceQueries(db: app.db, config: app.kontor.config.billing).paymentCode(for: credited))
            let decoded = try Poppler.qrCodes(in: pdf)
            #expect(code.fields[18] == "50.00" && decoded.first?.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == code.fields)
        }
    }

    @Test("the top-up slip for a standing order is a printable QR-bill without amount or payer, carrying the organization's permanent reference")
    func topUpSlip() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let path = SiteRoute.prepaidTopUpSlip(org, currency: "CHF").path
            #expect(try await ana.get(SiteRoute.prepaidAccount(org).path).body.string.contains(path))
            let response = try await ana.get(path)
            #expect(response.status == .ok && response.headers.contentType?.subType == "pdf")
            let number = try #require(organization.customerNumber)
            let expected = try #require(InvoiceQueries(db: app.db, config: app.kontor.config.billing).topUpCode(customerNumber: number, currency: .chf))
            let pdf = Array(response.body.readableBytesView)
            #expect(try Poppler.qrCodes(in: pdf).first?.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == expected.fields)
            #expect(expected.fields[18].isEmpty && expected.fields[20...26].allSatisfy(\.isEmpty), "no amount, no payer")
            #expect(try await ana.get(SiteRoute.prepaidTopUpSlip(org, currency: "XYZ").path).status == .notFound)
        }
    }
}

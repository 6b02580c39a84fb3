import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import PDFReading
import Testing
import Vapor
import VaporTesting

@Suite("Credit notes: only the VAT the invoice charged, naming the invoice they correct, with staff's note kept")
struct CreditNoteTests {
    static func creditNoteJSON(_ lines: [(minor: Int64, vat: String)], note: String? = nil) -> String {
        let body = lines.map { #"{"description":"Correction","unitPrice":{"amountMinor":\#($0.minor),"currency":"CHF"},"vat":"\#($0.vat)"}"# }
        return #"{"lines":[\#(body.joined(separator: ","))]\#(note.map { #","note":"\#($0)""# } ?? "")}"#
    }

    @Test("a rate the invoice did not charge, or more net at a rate than the invoice charged there, is a 422 naming the line")
    func perRate() async throws {
        try await withTestApp { app, _ in
            let (_, number) = try await StaffAPITests.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            // 100.00 at 0 % and 50.00 at 8.1 %: total 154.05.
            let issued = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: #"""
                {"customerNumber":\#(number),"currency":"CHF","lines":[
                 {"description":"Setup","unitPrice":{"amountMinor":10000,"currency":"CHF"},"vat":"none"},
                 {"description":"Hosting","unitPrice":{"amountMinor":5000,"currency":"CHF"},"vat":"standard"}]}
                """#)
            let invoice = try issued.content.decode(APIModels.InvoiceDetail.self)
            let route = APIRoute.staffInvoiceCreditNotes(invoice.id)

            // The review's case: VAT at 8.1 % on the 0 % part, within the total, is refused.
            let foreignRate = try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON([(9_251, "none"), (100, "reduced")]))
            #expect(foreignRate.status == .unprocessableEntity && (try? Scenario.apiFields(foreignRate)) == ["lines[1].vat"])
            let tooMuchAtRate = try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON([(5_001, "standard")]))
            #expect(tooMuchAtRate.status == .unprocessableEntity && (try? Scenario.apiFields(tooMuchAtRate)) == ["lines[0].unitPrice"])
            #expect(try await Invoice.query(on: app.db).filter(\.$series == DocumentSeries.creditNote.rawValue).count() == 0)

            // Within each rate it is fine; a second credit note counts the first at that rate, though the total leaves room.
            let first = try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON([(3_000, "standard")]))
            #expect(first.status == .created)
            let second = try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON([(2_001, "standard")]))
            #expect(second.status == .unprocessableEntity && (try? Scenario.apiFields(second)) == ["lines[0].unitPrice"])
            // Beyond the whole invoice as well: said once, on `lines`.
            let whole = try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON([(2_001, "standard"), (10_000, "none")]))
            #expect(whole.status == .unprocessableEntity && (try? Scenario.apiFields(whole)) == ["lines"])
            #expect(try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON([(2_000, "standard")])).status == .created)
        }
    }

    @Test("an invoice a credit note cancelled in full is listed as cancelled, not paid, on the page, in its filter and in the API; one paid and then credited in part stays paid")
    func creditedInFullIsNotPaid() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let cancelled = try await InvoiceTests.issue(app, to: org, francs: 50), paid = try await InvoiceTests.issue(app, to: org, francs: 70)
            let line = InvoiceIssuer.Line(description: "Correction", quantity: 1, unitPrice: Money(minorUnits: 2_000, currency: .chf), vatRate: .zero)
            _ = try await app.invoiceIssuer.issueCreditNote(for: cancelled.requireID(), lines: [line], staffID: nil, note: nil, now: Date())
            #expect(try await Invoice.find(cancelled.id, on: app.db)?.creditedMinor == 2_000)
            _ = try await app.invoiceIssuer.issueCreditNote(for: cancelled.requireID(), lines: [InvoiceIssuer.Line(
                description: "Correction", quantity: 1, unitPrice: Money(minorUnits: 3_000, currency: .chf), vatRate: .zero)], staffID: nil, note: nil, now: Date())
            try await InvoiceTests.credit(app, org, francs: 70)
            _ = try await ana.post(SiteRoute.invoicePayFromBalance(org, invoice: paid.requireID()).path)
            _ = try await app.invoiceIssuer.issueCreditNote(for: paid.requireID(), lines: [line], staffID: nil, note: nil, now: Date())

            var statuses: [InvoiceQueries.Status] = []
            for invoice in [cancelled, paid] {
                // Neither has anything open, so the day does not matter.
                statuses.append(InvoiceQueries.status(of: try #require(try await Invoice.find(invoice.id, on: app.db)), today: "2026-12-06"))
            }
            #expect(statuses == [.credited, .paid])
            let credited = try await ana.get(SiteRoute.invoices(org).path + "?status=credited").body.string
            #expect(credited.contains(cancelled.number) && !credited.contains(paid.number) && credited.contains("Cancelled by credit note"))
            let cancelledPage = try await ana.get(SiteRoute.invoice(org, invoice: cancelled.requireID()).path).body.string
            #expect(!cancelledPage.contains("id=\"pay-from-balance\"") && !cancelledPage.contains("id=\"balance-too-low\""), "nothing to pay")
            let paidList = try await ana.get(SiteRoute.invoices(org).path + "?status=paid").body.string
            #expect(paidList.contains(paid.number) && !paidList.contains(cancelled.number))
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let api = try await Scenario.api(app, .GET, .organizationInvoices(org), query: "?status=credited", token: token)
            #expect(api.status == .ok && api.body.string.contains(#""status":"credited""#) && api.body.string.contains(cancelled.number)
                    && !api.body.string.contains(paid.number))
        }
    }

    @Test("credit notes give back the invoice's tax share by share: two halves of 10.00 at 8.1 % credit 10.81 exactly, at two rates too; a credit note of 0.00 is refused")
    func taxAddsUp() async throws {
        try await withTestApp { app, _ in
            let (_, number) = try await StaffAPITests.customer(app)
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            // 10.00 at 8.1 % (VAT 0.81) and 10.00 at 2.6 % (VAT 0.26): 21.07.
            let issued = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: #"""
                {"customerNumber":\#(number),"currency":"CHF","lines":[
                 {"description":"Hosting","unitPrice":{"amountMinor":1000,"currency":"CHF"},"vat":"standard"},
                 {"description":"Books","unitPrice":{"amountMinor":1000,"currency":"CHF"},"vat":"reduced"}]}
                """#)
            let invoice = try issued.content.decode(APIModels.InvoiceDetail.self)
            let route = APIRoute.staffInvoiceCreditNotes(invoice.id)
            let zero = try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON([(0, "standard")]))
            #expect(zero.status == .unprocessableEntity && (try? Scenario.apiFields(zero)) == ["lines"])
            // A note is printed as it is: a bidi override would print "Paid \u{202E}evil" as "Paid live". Line breaks are fine.
            let disguised = try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON([(500, "standard")], note: #"Paid \u202Eevil"#))
            #expect(disguised.status == .unprocessableEntity && (try? Scenario.apiFields(disguised)) == ["note"])
            for half in [[(Int64(500), "standard")], [(500, "standard")], [(500, "reduced")], [(500, "reduced")]] {
                let note = try await Scenario.staffAPI(app, .POST, route, token: token, json: Self.creditNoteJSON(half))
                #expect(note.status == .created, "\(half): \(note.body.string)")
            }
            let notes = try await Invoice.query(on: app.db).filter(\.$creditsInvoiceID == invoice.id).all()
            #expect(notes.map(\.totalMinor).sorted() == [513, 513, 540, 541], "each half its share, the last of a rate what is left")
            #expect(notes.reduce(Int64(0)) { $0 + $1.taxMinor } == 107, "exactly the VAT charged, no cent more")
            #expect(try await Invoice.find(invoice.id, on: app.db)?.openMinor == 0)
        }
    }

    @Test("the credit note's PDF names the invoice it corrects in the document's language, and staff's note is on the PDF, in the API and on the page")
    func namesTheInvoice() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let number = try #require(organization.customerNumber)
            try await InvoiceTests.ensureAddress(app, org)
            let (_, staffToken) = try await Scenario.staffWithToken(app, role: .billing)
            let invoice = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: staffToken,
                                                      json: StaffAPITests.invoiceJSON(customer: number)).content.decode(APIModels.InvoiceDetail.self)
            let response = try await Scenario.staffAPI(app, .POST, .staffInvoiceCreditNotes(invoice.id), token: staffToken,
                                                       json: Self.creditNoteJSON([(5_000, "standard")], note: "Goodwill for the outage"))
            #expect(response.status == .created)
            let creditNote = try response.content.decode(APIModels.InvoiceDetail.self)
            #expect(creditNote.note == "Goodwill for the outage" && creditNote.creditsInvoiceId == invoice.id)
            try await Invoice.query(on: app.db).filter(\.$id == creditNote.id).set(\.$language, to: "fr").update()

            let pdf = try Poppler.text(of: Array(try await ana.get(SiteRoute.invoicePDF(org, invoice: creditNote.id).path).body.readableBytesView))
            #expect(pdf.contains("Corrige la facture \(invoice.number)"), "the document the customer books names the invoice")
            #expect(pdf.contains("Remarque : Goodwill for the outage"))
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let detail = try await Scenario.api(app, .GET, .organizationInvoice(org, invoice: creditNote.id), token: token)
            #expect(try detail.content.decode(APIModels.InvoiceDetail.self).note == "Goodwill for the outage")
            let plain = try await Scenario.api(app, .GET, .organizationInvoice(org, invoice: invoice.id), token: token)
            #expect(plain.body.string.contains("\"note\":\"As agreed\""))
            #expect(try await ana.get(SiteRoute.invoice(org, invoice: creditNote.id).path).body.string.contains("Goodwill for the outage"))
        }
    }
}

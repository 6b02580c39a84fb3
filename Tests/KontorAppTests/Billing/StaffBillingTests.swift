import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Staff billing: import a statement and read its summary, decide unidentified payments once, book with a reason")
struct StaffBillingTests {
    @Test("billing staff upload a statement and see what it did; support staff cannot reach the page")
    func upload() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            let invoice = try await InvoiceTests.issue(app, to: org.requireID(), francs: 120)
            let file = CamtFile(entries: [
                .init(payments: [.init(reference: invoice.reference, amount: "120.00", bankReference: "T1")], entryReference: "E1"),
                .init(payments: [.init(amount: "7.00", bankReference: "T2", debtorIBAN: "DE89370400440532013000", debtorName: "Unknown GmbH")], entryReference: "E2"),
            ])
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.get(SiteRoute.staffBilling.path).status == .forbidden)
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let csrf = ["_csrf": try await billing.csrfToken(page: SiteRoute.staffBilling.path)]
            let page = try await billing.postMultipart(SiteRoute.staffBillingImport.path, fields: csrf,
                                                       files: [.init(field: "statement", filename: "camt054.xml", contentType: "application/xml", bytes: Array(file.data))])
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("id=\"import-summary\"") && html.contains("id=\"summary-settled\">1<") && html.contains("id=\"summary-unidentified\">1<"))
            #expect(html.contains("Unknown GmbH"), "the unidentified payment waits in the list")
            let again = try await billing.postMultipart(SiteRoute.staffBillingImport.path, fields: csrf,
                                                        files: [.init(field: "statement", filename: "camt054.xml", contentType: "application/xml", bytes: Array(file.data))])
            #expect(again.body.string.contains("id=\"summary-duplicates\">2<"))
            #expect(again.body.string.contains("id=\"summary-same-file\"") && !html.contains("id=\"summary-same-file\""),
                    "the page says these bytes were imported before, and not on the first import")
            let broken = try await billing.postMultipart(SiteRoute.staffBillingImport.path, fields: csrf,
                                                         files: [.init(field: "statement", filename: "x.xml", contentType: "application/xml", bytes: Array("<Document>".utf8))])
            #expect(broken.status == .unprocessableEntity && broken.body.string.contains("nothing was imported"))
        }
    }

    @Test("an unidentified payment is credited once even when two staff decide at the same moment; a flagged one can only be refunded")
    func assignOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let org = try await BankImportTests.customer(apps[0], "Ana")
            _ = try await BankImportTests.importer(apps[0]).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "7.00", bankReference: "T2", debtorIBAN: "DE89370400440532013000")], entryReference: "E2"),
                .init(payments: [.init(amount: "1.005", bankReference: "T3")], entryReference: "E3"),
            ]).data), fileName: "x.xml")
            let waiting = try await UnidentifiedPayments(db: apps[0].db).waiting()
            let open = try #require(waiting.first { $0.amountMinor != nil })
            let fine = try #require(waiting.first { $0.amountMinor == nil })
            let first = try await Scenario.staff(apps[0], role: .billing, email: "one@staff.test")
            let second = try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")
            let number = String(try #require(org.customerNumber))
            async let a = first.post(SiteRoute.staffBillingAssign(open.id!).path, form: ["customer_number": number])
            async let b = second.post(SiteRoute.staffBillingAssign(open.id!).path, form: ["customer_number": number])
            let statuses = try await [a.status.code, b.status.code].sorted()
            #expect(statuses == [303, 409])
            #expect(try await PrepaidLedger.balance(of: org.requireID(), currency: .chf, on: apps[0].db).minorUnits == 700)
            #expect(try await first.post(SiteRoute.staffBillingAssign(fine.id!).path, form: ["customer_number": number]).status == .conflict)
            #expect(try await first.post(SiteRoute.staffBillingRefund(fine.id!).path).status == .seeOther)
            #expect(try await UnidentifiedPayments(db: apps[0].db).waiting().isEmpty)
            let decided = try #require(try await BankPayment.find(open.id, on: apps[0].db))
            #expect(decided.assignment == "organization" && decided.assignedByStaffID != nil && decided.assignedAt != nil)
        }
    }

    @Test("staff book credits and debits with a reason the customer sees; a debit beyond the balance is refused; manual invoices go through the one issuer")
    func prepaidAndInvoices() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            try await InvoiceTests.ensureAddress(app, org.requireID())
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let missing = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "10.005",
                                                                                           "direction": "credit", "reason": ""])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Enter a positive amount"))
            #expect(try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "25.50",
                                                                                     "direction": "credit", "reason": "Goodwill"]).status == .seeOther)
            let tooMuch = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "30",
                                                                                           "direction": "debit", "reason": "Correction"])
            #expect(tooMuch.status == .forbidden)
            #expect(try await PrepaidLedger.balance(of: org.requireID(), currency: .chf, on: app.db).minorUnits == 2_550)
            let entry = try #require(try await PrepaidEntry.query(on: app.db).first())
            #expect(entry.reason == "Goodwill" && entry.staffID != nil && entry.kind == "staff_credit")

            let refused = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": number, "currency": "CHF", "description[]": "Migration service", "quantity[]": "0", "unit_price[]": "150.00",
                "vat[]": "standard"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Line 1: ") && !refused.body.string.contains("lines[0]"), "the line by its number, not the API's field path")
            let unknownRate = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": number, "currency": "CHF", "description[]": "Migration service", "quantity[]": "1", "unit_price[]": "150.00",
                "vat[]": "luxury"])
            #expect(unknownRate.status == .unprocessableEntity, "an unknown VAT rate is refused, not taken as the standard one")
            for currency in ["XYZ", "chf", ""] {
                let unknownCurrency = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                    "customer_number": number, "currency": currency, "description[]": "Migration service", "quantity[]": "1", "unit_price[]": "150.00",
                    "vat[]": "standard"])
                #expect(unknownCurrency.status == .unprocessableEntity && unknownCurrency.body.string.contains("id=\"si-currency-error\""),
                        "currency \(currency): an error on the field, never silently CHF")
            }
            let beyondQRBill = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": number, "currency": "CHF", "description[]": "Data centre", "quantity[]": "11", "unit_price[]": "100000000.00",
                "vat[]": "none"])
            #expect(beyondQRBill.status == .unprocessableEntity && beyondQRBill.body.string.contains("999,999,999.99"),
                    "a total no QR-bill can carry is refused on the form")
            #expect(try await Invoice.query(on: app.db).count() == 0)

            let issued = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": number, "currency": "CHF", "description[]": "Migration service", "quantity[]": "2", "unit_price[]": "150.00",
                "vat[]": "standard", "note": "As agreed"])
            #expect(issued.location?.contains("notice=invoice_issued") == true)
            let invoice = try #require(try await Invoice.query(on: app.db).first())
            #expect(invoice.totalMinor == 32_430 && invoice.issuedByStaffID != nil && invoice.note == "As agreed")
        }
    }
}

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
            // Two files in one crafted upload (the input takes one): neither is imported, and the page says why.
            let other = CamtFile(entries: [.init(payments: [.init(amount: "9.00", bankReference: "T9")], entryReference: "E9")])
            let two = try await billing.postMultipart(SiteRoute.staffBillingImport.path, fields: csrf, files: [
                .init(field: "statement", filename: "a.xml", contentType: "application/xml", bytes: Array(other.data)),
                .init(field: "statement", filename: "b.xml", contentType: "application/xml", bytes: Array(other.data)),
            ])
            #expect(two.status == .unprocessableEntity && two.body.string.contains("This upload held 2 files"))
            #expect(try await BankPayment.query(on: app.db).filter(\.$transactionReference == "T9").count() == 0)
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

    @Test("two staff assign two payments to the same customer at the same moment, several times over two servers: both credited, no 5xx")
    func assignTwoAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let org = try await BankImportTests.customer(apps[0], "Ana")
            _ = try await BankImportTests.importer(apps[0]).run(.data(CamtFile(entries: (0..<12).map {
                .init(payments: [.init(amount: "5.00", bankReference: "T\($0)", debtorIBAN: "DE89370400440532013000")], entryReference: "E\($0)")
            }).data), fileName: "x.xml")
            let waiting = try await UnidentifiedPayments(db: apps[0].db).waiting()
            #expect(waiting.count == 12)
            let first = try await Scenario.staff(apps[0], role: .billing, email: "one@staff.test")
            let second = try await Scenario.staff(apps[1], role: .billing, email: "two@staff.test")
            let number = String(try #require(org.customerNumber))
            for pair in stride(from: 0, to: waiting.count, by: 2) {
                async let a = first.post(SiteRoute.staffBillingAssign(waiting[pair].id!).path, form: ["customer_number": number])
                async let b = second.post(SiteRoute.staffBillingAssign(waiting[pair + 1].id!).path, form: ["customer_number": number])
                let statuses = try await [a.status.code, b.status.code]
                #expect(statuses == [303, 303], "pair \(pair / 2): \(statuses)")
            }
            #expect(try await PrepaidLedger.balance(of: org.requireID(), currency: .chf, on: apps[0].db).minorUnits == 6_000)
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
                                                                                           "direction": "credit", "reason": "", "idempotency_key": UUID().uuidString])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Enter a positive amount"))
            // An account number pasted into the amount is no credit: nothing larger than the largest invoice.
            let pasted = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "99999999999",
                                                                                          "direction": "credit", "reason": "Goodwill", "idempotency_key": UUID().uuidString])
            #expect(pasted.status == .unprocessableEntity && pasted.body.string.contains(app.kontor.localizer.text("error.billing.amount_too_large", .en)))
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
            // The customer reads the reason: no character that disguises it (a bidi override turning "exe.gpj" around).
            let disguised = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "25.50",
                                                                                             "direction": "credit", "reason": "Refund \u{202E}gpj.exe", "idempotency_key": UUID().uuidString])
            #expect(disguised.status == .unprocessableEntity && disguised.body.string.contains("U+202E"), "\(disguised.status)")
            #expect(try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "25.50",
                                                                                     "direction": "credit", "reason": "Goodwill", "idempotency_key": UUID().uuidString]).status == .seeOther)
            let tooMuch = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "30",
                                                                                           "direction": "debit", "reason": "Correction", "idempotency_key": UUID().uuidString])
            #expect(tooMuch.status == .conflict, "the balance refuses it, not the clerk's role")
            #expect(tooMuch.body.string.contains("value=\"Correction\"") && tooMuch.body.string.contains("value=\"30\""), "the form comes back as typed")
            #expect(try await PrepaidLedger.balance(of: org.requireID(), currency: .chf, on: app.db).minorUnits == 2_550)
            let entry = try #require(try await PrepaidEntry.query(on: app.db).first())
            #expect(entry.reason == "Goodwill" && entry.staffID != nil && entry.kind == "staff_credit")

            let refused = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": number, "currency": "CHF", "description[]": "Migration service", "quantity[]": "0", "unit_price[]": "150.00",
                "vat[]": "standard", "idempotency_key": UUID().uuidString])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Line 1: ") && !refused.body.string.contains("lines[0]"), "the line by its number, not the API's field path")
            let unknownRate = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": number, "currency": "CHF", "description[]": "Migration service", "quantity[]": "1", "unit_price[]": "150.00",
                "vat[]": "luxury", "idempotency_key": UUID().uuidString])
            #expect(unknownRate.status == .unprocessableEntity, "an unknown VAT rate is refused, not taken as the standard one")
            for currency in ["XYZ", "chf", ""] {
                let unknownCurrency = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                    "customer_number": number, "currency": currency, "description[]": "Migration service", "quantity[]": "1", "unit_price[]": "150.00",
                    "vat[]": "standard", "idempotency_key": UUID().uuidString])
                #expect(unknownCurrency.status == .unprocessableEntity && unknownCurrency.body.string.contains("id=\"si-currency-error\""),
                        "currency \(currency): an error on the field, never silently CHF")
            }
            let beyondQRBill = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": number, "currency": "CHF", "description[]": "Data centre", "quantity[]": "11", "unit_price[]": "100000000.00",
                "vat[]": "none", "idempotency_key": UUID().uuidString])
            #expect(beyondQRBill.status == .unprocessableEntity && beyondQRBill.body.string.contains("999,999,999.99"),
                    "a total no QR-bill can carry is refused on the form")
            #expect(try await Invoice.query(on: app.db).count() == 0)

            let issued = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": number, "currency": "CHF", "description[]": "Migration service", "quantity[]": "2", "unit_price[]": "150.00",
                "vat[]": "standard", "note": "As agreed", "idempotency_key": UUID().uuidString])
            #expect(issued.location?.contains("notice=invoice_issued") == true)
            let invoice = try #require(try await Invoice.query(on: app.db).first())
            #expect(invoice.totalMinor == 32_430 && invoice.issuedByStaffID != nil && invoice.note == "As agreed")
        }
    }

    /// Posts the manual invoice form with `rows` as (description, quantity, price) in the order typed.
    static func invoiceForm(_ staff: Browser, customer: String, rows: [(String, String, String)], note: String = "",
                            currency: String = "CHF") async throws -> TestingHTTPResponse {
        var pairs = [("customer_number", customer), ("currency", currency), ("note", note), ("idempotency_key", UUID().uuidString)]
        for row in rows { pairs += [("description[]", row.0), ("quantity[]", row.1), ("unit_price[]", row.2), ("vat[]", "standard")] }
        return try await staff.post(SiteRoute.staffBillingInvoice.path, pairs: pairs)
    }

    @Test("a row with a price but no description is an error naming its line, and nothing is issued; blank rows are ignored")
    func invoiceRowWithoutDescription() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            try await InvoiceTests.ensureAddress(app, org.requireID())
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let refused = try await Self.invoiceForm(billing, customer: number, rows: [("Hosting setup", "1", "100.00"), ("", "1", "250.00"), ("", "1", "")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Line 2: This field is required."))
            #expect(try await Invoice.query(on: app.db).count() == 0, "never issued without the 250.00 line")
            #expect(refused.body.string.contains("value=\"Hosting setup\"") && refused.body.string.contains("value=\"250.00\""), "the lines come back as typed")

            let quantityOnly = try await Self.invoiceForm(billing, customer: number, rows: [("Hosting setup", "1", "100.00"), ("", "3", "")])
            #expect(quantityOnly.status == .unprocessableEntity && quantityOnly.body.string.contains("Line 2: "), "a quantity other than the prefilled 1 is typed input")

            let issued = try await Self.invoiceForm(billing, customer: number, rows: [("", "1", ""), ("Hosting setup", "1", "100.00"), ("", "", "")])
            #expect(issued.status == .seeOther)
            let invoice = try #require(try await Invoice.query(on: app.db).first())
            #expect(invoice.netMinor == 10_000)
        }
    }

    @Test("more lines than an invoice may have are refused, not cut; 25 lines are issued whole")
    func invoiceTooManyLines() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            try await InvoiceTests.ensureAddress(app, org.requireID())
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let tooMany = (1...(StaffBillingController.maximumFormLines + 1)).map { ("Item \($0)", "1", "1.00") }
            let refused = try await Self.invoiceForm(billing, customer: number, rows: tooMany)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("At most 50 lines"))
            #expect(try await Invoice.query(on: app.db).count() == 0)

            #expect(try await Self.invoiceForm(billing, customer: number, rows: (1...25).map { ("Item \($0)", "1", "1.00") }).status == .seeOther)
            let invoice = try #require(try await Invoice.query(on: app.db).first())
            #expect(try await InvoiceLine.query(on: app.db).filter(\.$invoice.$id == invoice.requireID()).count() == 25, "every line typed, none cut")
        }
    }

    @Test("a manual invoice of 0.00 is refused on the form and in the staff API; a 0.00 line beside a priced one is fine")
    func zeroInvoice() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            try await InvoiceTests.ensureAddress(app, org.requireID())
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let zero = try await Self.invoiceForm(billing, customer: number, rows: [("Goodwill", "1", "0.00")])
            #expect(zero.status == .unprocessableEntity && zero.body.string.contains("id=\"si-lines-error\""))
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing, email: "api@staff.test")
            let api = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: token, json: """
                {"customerNumber": \(number), "currency": "CHF", "lines": [{"description": "Goodwill", "unitPrice": {"amountMinor": 0, "currency": "CHF"}}]}
                """)
            #expect(api.status == .unprocessableEntity && (try? Scenario.apiFields(api)) == ["lines"])
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await Self.invoiceForm(billing, customer: number, rows: [("Setup", "1", "50.00"), ("Migration (waived)", "1", "0.00")]).status == .seeOther)
        }
    }

    @Test("after an error the invoice form keeps every line, and each error stands under its own field")
    func invoiceErrorsInPlace() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            try await InvoiceTests.ensureAddress(app, org.requireID())
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let unknown = try await Self.invoiceForm(billing, customer: "999999", rows: [("Consulting", "2", "120.00"), ("Travel", "1", "80.50")])
            let html = unknown.body.string
            #expect(unknown.status == .unprocessableEntity)
            #expect(html.contains("id=\"si-customer-error\""))
            let prepaidField = try #require(html.firstRange(of: "id=\"sp-customer\"").map { String(html[$0.lowerBound...].prefix(300)) })
            #expect(!prepaidField.contains("class=\"error\""), "not under the prepaid form's customer number")
            #expect(html.contains("value=\"Consulting\"") && html.contains("value=\"Travel\"") && html.contains("value=\"120.00\"")
                    && html.contains("value=\"80.50\"") && html.contains("value=\"2\""))
            #expect(html.contains("value=\"999999\""))

            let number = String(try #require(org.customerNumber))
            let longNote = try await Self.invoiceForm(billing, customer: number, rows: [("Consulting", "1", "120.00")], note: String(repeating: "n", count: 501))
            #expect(longNote.status == .unprocessableEntity && longNote.body.string.contains("id=\"si-note-error\""), "the note is named")
            let empty = try await Self.invoiceForm(billing, customer: "", rows: [("Consulting", "1", "120.00")])
            #expect(empty.body.string.contains("id=\"si-customer-error\">This field is required."))
            #expect(try await Invoice.query(on: app.db).count() == 0)
        }
    }

    @Test("the prepaid form keeps the chosen direction and currency after an error, and refuses an unknown direction instead of crediting")
    func prepaidDirection() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let bad = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "10,5x",
                                                                                       "direction": "debit", "reason": "Correction", "idempotency_key": UUID().uuidString])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("<option value=\"debit\" selected>"), "the debit stays chosen")
            #expect(bad.body.string.contains("<option value=\"CHF\" selected>"))
            for direction in ["Debit", "sideways", ""] {
                let refused = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": "CHF", "amount": "3.00",
                                                                                               "direction": direction, "reason": "meant as debit", "idempotency_key": UUID().uuidString])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("id=\"sp-direction-error\""), "direction \(direction)")
            }
            // A currency Kontor knows but the provider has no account in: a balance nobody could ever spend.
            for currency in ["USD", "JPY"] {
                let refused = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": number, "currency": currency, "amount": "5",
                                                                                               "direction": "credit", "reason": "goodwill", "idempotency_key": UUID().uuidString])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(app.kontor.localizer.text("error.billing.currency_unavailable", .en)), "\(currency)")
            }
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0, "nothing booked, least of all a credit")
            let empty = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: ["customer_number": "", "currency": "CHF", "amount": "3.00",
                                                                                         "direction": "credit", "reason": "x", "idempotency_key": UUID().uuidString])
            #expect(empty.body.string.contains("This field is required.") && !empty.body.string.contains("No customer has this number."))
        }
    }

    @Test("assigning with an empty customer number says 'required' on the payment's row and keeps what was typed elsewhere")
    func assignRequired() async throws {
        try await withTestApp { app, _ in
            _ = try await BankImportTests.importer(app).run(.data(CamtFile(entries: [
                .init(payments: [.init(amount: "7.00", bankReference: "T2", debtorIBAN: "DE89370400440532013000")], entryReference: "E2"),
            ]).data), fileName: "x.xml")
            let payment = try #require(try await UnidentifiedPayments(db: app.db).waiting().first)
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let empty = try await billing.post(SiteRoute.staffBillingAssign(payment.id!).path, form: ["customer_number": " "])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("class=\"error assign-error\">This field is required."))
            let unknown = try await billing.post(SiteRoute.staffBillingAssign(payment.id!).path, form: ["customer_number": "999999"])
            #expect(unknown.body.string.contains("class=\"error assign-error\">No customer has this number.") && unknown.body.string.contains("value=\"999999\""))
        }
    }

    @Test("a NUL character in a staff form field is 400, like a query string with one, and no access refusal is logged")
    func nulInForm() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let response = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: [
                "customer_number": String(try #require(org.customerNumber)), "currency": "CHF", "amount": "5", "direction": "credit", "reason": "Gutschrift\u{0}", "idempotency_key": UUID().uuidString])
            #expect(response.status == .badRequest)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "access_denied").count() == 0)
        }
    }
}

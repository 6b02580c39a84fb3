import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Staff billing forms sent twice: a prepaid booking or a manual invoice happens once, however the form arrives again")
struct StaffFormResendTests {
    /// The key the billing page rendered into one of its forms (`staff-prepaid` or `staff-invoice`).
    static func formKey(_ html: String, form id: String) throws -> String {
        let form = try #require(html.firstRange(of: "id=\"\(id)\"").map { String(html[$0.lowerBound...].prefix(600)) })
        let key = try #require(form.firstRange(of: "name=\"idempotency_key\" value=\"").map { form[$0.upperBound...].prefix { $0 != "\"" } })
        return String(key)
    }

    @Test("a prepaid form sent again books nothing more; sent again with another amount it is refused and the first booking stands")
    func prepaidResent() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let key = try Self.formKey(try await billing.get(SiteRoute.staffBilling.path).body.string, form: "staff-prepaid")
            let form = ["customer_number": number, "currency": "CHF", "amount": "40.00", "direction": "credit", "reason": "Goodwill",
                        "idempotency_key": key]
            for _ in 0..<2 {
                let sent = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: form)
                #expect(sent.status == .seeOther && sent.location?.contains("notice=prepaid_booked") == true, "the clerk sees it booked both times")
            }
            var changed = form
            changed["amount"] = "400.00"
            let refused = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: changed)
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("already sent with other values") && refused.body.string.contains("value=\"400.00\""))
            let fresh = try Self.formKey(refused.body.string, form: "staff-prepaid")
            #expect(fresh != key, "a deliberate second booking needs only one more click")
            #expect(try await PrepaidEntry.query(on: app.db).count() == 1)
            #expect(try await PrepaidLedger.balance(of: org.requireID(), currency: .chf, on: app.db).minorUnits == 4_000)

            changed["idempotency_key"] = fresh
            #expect(try await billing.post(SiteRoute.staffBillingPrepaid.path, form: changed).status == .seeOther)
            #expect(try await PrepaidLedger.balance(of: org.requireID(), currency: .chf, on: app.db).minorUnits == 44_000)
        }
    }

    @Test("a form without its key (a page from before, a hand-made request) books nothing and comes back as typed with a key")
    func withoutKey() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            try await InvoiceTests.ensureAddress(app, org.requireID())
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            for key in [nil, "", "has space", String(repeating: "k", count: 256)] {
                var form = ["customer_number": number, "currency": "CHF", "amount": "12.00", "direction": "credit", "reason": "Kept"]
                form["idempotency_key"] = key
                let prepaid = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: form)
                #expect(prepaid.status == .unprocessableEntity && prepaid.body.string.contains("This form had expired"), "key \(key ?? "nil")")
                let fresh = try Self.formKey(prepaid.body.string, form: "staff-prepaid")
                #expect(prepaid.body.string.contains("value=\"Kept\"") && !fresh.isEmpty)
                var invoice = ["customer_number": number, "currency": "CHF", "description[]": "Hosting", "quantity[]": "1",
                               "unit_price[]": "10.00", "vat[]": "standard"]
                invoice["idempotency_key"] = key
                let issued = try await billing.post(SiteRoute.staffBillingInvoice.path, form: invoice)
                #expect(issued.status == .unprocessableEntity && issued.body.string.contains("This form had expired"), "key \(key ?? "nil")")
                #expect(issued.body.string.contains("value=\"Hosting\""), "the lines come back as typed")
            }
            #expect(try await PrepaidEntry.query(on: app.db).count() == 0)
            #expect(try await Invoice.query(on: app.db).count() == 0)
        }
    }

    @Test("one prepaid form and one invoice form, each sent eight times at once through two servers: one entry, one invoice, one number used, no 500")
    func concurrentCopies() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let org = try await BankImportTests.customer(apps[0], "Ana")
            try await InvoiceTests.ensureAddress(apps[0], org.requireID())
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(apps[0], role: .billing, email: "billing@staff.test")
            let page = try await billing.get(SiteRoute.staffBilling.path).body.string
            let csrf = Browser.token(in: page)
            let prepaid = ["customer_number": number, "currency": "CHF", "amount": "25.00", "direction": "credit", "reason": "Goodwill",
                           "idempotency_key": try Self.formKey(page, form: "staff-prepaid"), "_csrf": csrf]
            let invoice = ["customer_number": number, "currency": "CHF", "description[]": "Migration", "quantity[]": "1",
                           "unit_price[]": "90.00", "vat[]": "standard", "note": "Once", "idempotency_key": try Self.formKey(page, form: "staff-invoice"),
                           "_csrf": csrf]
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for copy in 0..<16 {
                    let clerk = billing.tab(on: apps[copy % 2])
                    let (path, form) = copy < 8 ? (SiteRoute.staffBillingPrepaid.path, prepaid) : (SiteRoute.staffBillingInvoice.path, invoice)
                    group.addTask { try await clerk.post(path, form: form).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 == 303 }, "every copy is answered as the first was: \(codes)")
            #expect(try await PrepaidEntry.query(on: apps[1].db).count() == 1)
            #expect(try await PrepaidLedger.balance(of: org.requireID(), currency: .chf, on: apps[1].db).minorUnits == 2_500)
            let invoices = try await Invoice.query(on: apps[1].db).all()
            #expect(invoices.count == 1 && invoices.first?.note == "Once")
            // The next invoice takes the next number: no copy consumed one and rolled back into a gap.
            let next = try await StaffBillingTests.invoiceForm(billing, customer: number, rows: [("Second", "1", "5.00")])
            #expect(next.status == .seeOther)
            let sequences = try await Invoice.query(on: apps[0].db).sort(\.$sequence).all().map(\.sequence)
            #expect(sequences.count == 2 && sequences[1] == sequences[0] + 1, "\(sequences)")
        }
    }

    @Test("the same invoice form sent again with another line is refused; the first invoice stands and a fresh form issues a second")
    func invoiceResentChanged() async throws {
        try await withTestApp { app, _ in
            let org = try await BankImportTests.customer(app, "Ana")
            try await InvoiceTests.ensureAddress(app, org.requireID())
            let number = String(try #require(org.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let key = try Self.formKey(try await billing.get(SiteRoute.staffBilling.path).body.string, form: "staff-invoice")
            var form = ["customer_number": number, "currency": "CHF", "description[]": "Migration", "quantity[]": "1", "unit_price[]": "90.00",
                        "vat[]": "standard", "idempotency_key": key]
            #expect(try await billing.post(SiteRoute.staffBillingInvoice.path, form: form).status == .seeOther)
            #expect(try await billing.post(SiteRoute.staffBillingInvoice.path, form: form).status == .seeOther)
            form["unit_price[]"] = "95.00"
            let refused = try await billing.post(SiteRoute.staffBillingInvoice.path, form: form)
            #expect(refused.status == .conflict && refused.body.string.contains("already sent with other values"))
            #expect(refused.body.string.contains("value=\"95.00\""), "the lines come back as typed")
            #expect(try await Invoice.query(on: app.db).count() == 1)
            form["idempotency_key"] = try Self.formKey(refused.body.string, form: "staff-invoice")
            #expect(try await billing.post(SiteRoute.staffBillingInvoice.path, form: form).status == .seeOther)
            let totals = try await Invoice.query(on: app.db).sort(\.$sequence).all().map(\.netMinor)
            #expect(totals == [9_000, 9_500], "the first invoice as first sent, then the deliberate second one")
        }
    }

    @Test("from a customer's page, both billing forms name that customer and the clerk returns to the customer's page once done")
    func fromCustomerPage() async throws {
        try await withTestApp { app, _ in
            let ana = try await BankImportTests.customer(app, "Ana")
            let ben = try await BankImportTests.customer(app, "Ben")
            try await InvoiceTests.ensureAddress(app, ana.requireID())
            try await InvoiceTests.ensureAddress(app, ben.requireID())
            let number = String(try #require(ana.customerNumber))
            let billing = try await Scenario.staff(app, role: .billing, email: "billing@staff.test")
            let customerPage = try await billing.get(SiteRoute.staffCustomer(ana.requireID()).path).body.string
            let link = "/staff/billing?customer=\(number)#staff-prepaid"
            #expect(customerPage.contains("href=\"\(link)\""))
            let page = try await billing.get("/staff/billing?customer=\(number)").body.string
            #expect(page.components(separatedBy: "For \(ana.name), customer number \(number)").count == 3, "said above both forms")
            #expect(page.contains("id=\"sp-customer\" name=\"customer_number\" inputmode=\"numeric\" value=\"\(number)\""))
            #expect(page.contains("id=\"si-customer\" name=\"customer_number\" inputmode=\"numeric\" value=\"\(number)\""))
            let returnTo = try ana.requireID().uuidString
            #expect(page.contains("name=\"return_to\" value=\"\(returnTo)\""))

            let booked = try await billing.post(SiteRoute.staffBillingPrepaid.path, form: [
                "customer_number": number, "currency": "CHF", "amount": "5.00", "direction": "credit", "reason": "Goodwill",
                "idempotency_key": try Self.formKey(page, form: "staff-prepaid"), "return_to": returnTo])
            #expect(booked.location == SiteRoute.staffCustomer(try ana.requireID()).path + "?notice=prepaid_booked")
            let back = try await billing.get(try #require(booked.location)).body.string
            #expect(back.contains("CHF 5.00"), "the new balance is on the page the clerk returns to")

            // The number changed to another customer's: the booking is Ben's, and the clerk stays on the billing page.
            let other = try await billing.post(SiteRoute.staffBillingInvoice.path, form: [
                "customer_number": String(try #require(ben.customerNumber)), "currency": "CHF", "description[]": "Setup", "quantity[]": "1",
                "unit_price[]": "10.00", "vat[]": "standard", "idempotency_key": try Self.formKey(page, form: "staff-invoice"), "return_to": returnTo])
            #expect(other.location == SiteRoute.staffBilling.path + "?notice=invoice_issued")
        }
    }

    @Test("a product provisioned by hand, its form sent six times at once through two servers and again later: one product, one log entry; other values are refused")
    func provisionOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let org = try await BankImportTests.customer(apps[0], "Ana")
            let id = try org.requireID()
            let admin = try await Scenario.staff(apps[0], role: .administrator, email: "admin@staff.test")
            let page = try await admin.get(SiteRoute.staffCustomer(id).path).body.string
            let form = ["kind": "ssl_certificate", "name": "www.ana.example", "renews": "2027-06-30",
                        "idempotency_key": try Self.formKey(page, form: "provision-form"), "_csrf": Browser.token(in: page)]
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for copy in 0..<6 {
                    let clerk = admin.tab(on: apps[copy % 2])
                    group.addTask { try await clerk.post(SiteRoute.staffCustomerProducts(id).path, form: form).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 == 303 }, "\(codes)")
            #expect(try await admin.post(SiteRoute.staffCustomerProducts(id).path, form: form).status == .seeOther, "sent again later")
            #expect(try await Product.query(on: apps[1].db).count() == 1)
            #expect(try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "product_provisioned").count() == 1)

            var changed = form
            changed["name"] = "shop.ana.example"
            let refused = try await admin.post(SiteRoute.staffCustomerProducts(id).path, form: changed)
            #expect(refused.status == .conflict && refused.body.string.contains("already sent with other values"))
            #expect(refused.body.string.contains("value=\"shop.ana.example\""), "what was typed comes back")
            changed["idempotency_key"] = try Self.formKey(refused.body.string, form: "provision-form")
            #expect(try await admin.post(SiteRoute.staffCustomerProducts(id).path, form: changed).status == .seeOther, "a second one on purpose")
            #expect(try await Product.query(on: apps[0].db).count() == 2)

            var keyless = changed
            keyless["idempotency_key"] = nil
            keyless["name"] = "mail.ana.example"
            let expired = try await admin.post(SiteRoute.staffCustomerProducts(id).path, form: keyless)
            #expect(expired.status == .unprocessableEntity && expired.body.string.contains("This form had expired"))
            #expect(try await Product.query(on: apps[0].db).count() == 2)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Cancelling an order before paying: the invoice credited in full, the product never started, and only while nothing is paid")
struct OrderCancellationTests {
    @Test("an unpaid order is cancelled from its page: a credit note for the whole invoice, the product deleted, recorded once; a second click changes nothing")
    func cancelUnpaid() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            try await Scenario.order(browser, org, item: try await Scenario.catalogItem(app))
            let (order, product, invoice) = try await Scenario.onlyOrder(app, org)
            let page = try await browser.get(SiteRoute.order(org, order: order.id!).path).body.string
            #expect(page.contains("id=\"order-cancel-form\"") && page.contains("data-confirm=\"Cancel the order for"),
                    "the form asks to confirm, saying what will happen")

            let cancelled = try await browser.post(SiteRoute.orderCancel(org, order: order.id!).path)
            #expect(cancelled.status == .seeOther && cancelled.location?.contains("notice=order_cancelled") == true)
            let (after, deleted, credited) = try await Scenario.onlyOrder(app, org)
            #expect(after.status == .cancelled && deleted.status == .deleted)
            #expect(credited.openMinor == 0)
            let notes = try await Invoice.query(on: app.db).filter(\.$creditsInvoiceID == invoice.id!).all()
            #expect(notes.count == 1 && notes.first?.totalMinor == invoice.totalMinor, "one credit note, for all of it")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 0, "nothing is owed and nothing is credited")
            #expect(product.isPending)

            let shown = try await browser.get(SiteRoute.order(org, order: order.id!).path).body.string
            #expect(shown.contains("id=\"order-cancelled\"") && !shown.contains("id=\"order-cancel-form\"") && !shown.contains("id=\"order-pay-now\""))
            let again = try await browser.post(SiteRoute.orderCancel(org, order: order.id!).path)
            #expect(again.status == .seeOther, "a second click leads to the same page")
            #expect(try await Invoice.query(on: app.db).filter(\.$creditsInvoiceID == invoice.id!).count() == 1)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "order_cancelled").count() == 1)
        }
    }

    @Test("a paid order, one of an organization allowed to pay later, and a partly paid one are not cancelled; each says why")
    func refusals() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            try await InvoiceTests.credit(app, org, francs: 200)
            try await Scenario.order(browser, org, item: item)
            let (order, _, _) = try await Scenario.onlyOrder(app, org)
            _ = try await browser.post(SiteRoute.orderPayFromBalance(org, order: order.id!).path)
            let paid = try await browser.post(SiteRoute.orderCancel(org, order: order.id!).path)
            #expect(paid.status == .conflict && paid.body.string.contains("can no longer be cancelled"))

            let (other, otherBrowser) = try await Scenario.orderingCustomer(app, name: "Bea")
            let otherID = try other.requireID()
            try await Scenario.order(otherBrowser, otherID, item: item)
            let (partly, _, invoice) = try await Scenario.onlyOrder(app, otherID)
            // At the invoice's own rate: a credit note credits only the VAT the invoice charged.
            _ = try await app.invoiceIssuer.issueCreditNote(for: invoice.id!, lines: [.init(description: "Goodwill", quantity: 1,
                                                                                          unitPrice: Money(minorUnits: 1_000, currency: .chf), vatRate: .swissStandard)],
                                                            staffID: nil, note: nil, now: Date())
            let page = try await otherBrowser.get(SiteRoute.order(otherID, order: partly.id!).path).body.string
            #expect(!page.contains("id=\"order-cancel-form\""))
            let refused = try await otherBrowser.post(SiteRoute.orderCancel(otherID, order: partly.id!).path)
            #expect(refused.status == .conflict && refused.body.string.contains("Part of this order"))
            #expect(try await ProductOrder.find(partly.id, on: app.db)?.status == .awaitingPayment)
        }
    }

    @Test("another organization's order is a 404 and a plain user is refused; the API cancels, then answers the same order again")
    func accessAndAPI() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            try await Scenario.order(browser, org, item: try await Scenario.catalogItem(app))
            let (order, _, _) = try await Scenario.onlyOrder(app, org)
            let (mallory, malloryBrowser) = try await Scenario.orderingCustomer(app, name: "Mallory")
            #expect(try await malloryBrowser.post(SiteRoute.orderCancel(org, order: order.id!).path).status == .notFound)
            #expect(try await malloryBrowser.post(SiteRoute.orderCancel(try mallory.requireID(), order: order.id!).path).status == .notFound)
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user", invitedBy: browser)
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            _ = try await bob.post(SiteRoute.switchOrganization(org).path)
            #expect(try await bob.post(SiteRoute.orderCancel(org, order: order.id!).path).status == .forbidden)
            let malloryToken = try await Scenario.apiToken(app, email: "mallory@example.test")
            #expect(try await Scenario.api(app, .POST, .organizationOrderCancel(org, order: order.id!), token: malloryToken).status == .notFound)
            #expect(try await ProductOrder.find(order.id, on: app.db)?.status == .awaitingPayment)

            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            for _ in 0..<2 {
                let response = try await Scenario.api(app, .POST, .organizationOrderCancel(org, order: order.id!), token: token)
                #expect(response.status == .ok)
                let body = try response.content.decode(APIModels.Order.self)
                #expect(body.status == "cancelled" && body.productStatus == "deleted" && body.amountDue?.amountMinor == 0)
            }
        }
    }

    @Test("a payment that arrives after the cancellation goes to the prepaid account and starts nothing")
    func paymentAfterCancellation() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            try await Scenario.order(browser, org, item: try await Scenario.catalogItem(app))
            let (order, _, invoice) = try await Scenario.onlyOrder(app, org)
            _ = try await browser.post(SiteRoute.orderCancel(org, order: order.id!).path)
            let amount = "\(invoice.totalMinor / 100)." + String(format: "%02d", invoice.totalMinor % 100)
            let file = CamtFile(entries: [.init(payments: [.init(reference: invoice.reference, amount: amount, bankReference: "LATE1")], entryReference: "E1")])
            let summary = try await BankImportTests.importer(app).run(.data(file.data), fileName: "late.xml")
            #expect(summary.prepaid == 1 && summary.settled == 0, "\(summary)")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == invoice.totalMinor)
            let (after, product, _) = try await Scenario.onlyOrder(app, org)
            #expect(after.status == .cancelled && product.status == .deleted)
        }
    }

    @Test("cancel and pay from the balance at the same moment over two servers: one of them happens, wholly, never both")
    func cancelWhilePaying() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let item = try await Scenario.catalogItem(apps[0])
            for round in 0..<4 {
                let (organization, browser) = try await Scenario.orderingCustomer(apps[0], name: "Round\(round)")
                let org = try organization.requireID()
                try await InvoiceTests.credit(apps[0], org, francs: 200)
                try await Scenario.order(browser, org, item: item)
                let (order, _, invoice) = try await Scenario.onlyOrder(apps[0], org)
                let second = Browser(apps[1])
                for (name, value) in browser.cookies { second.setCookie(name, value) }
                async let cancel = browser.post(SiteRoute.orderCancel(org, order: order.id!).path)
                async let pay = second.post(SiteRoute.orderPayFromBalance(org, order: order.id!).path)
                let codes = try await [cancel.status.code, pay.status.code]
                #expect(codes.allSatisfy { $0 < 500 }, "\(codes)")
                let (after, product, settled) = try await Scenario.onlyOrder(apps[1], org)
                let notes = try await Invoice.query(on: apps[1].db).filter(\.$creditsInvoiceID == invoice.id!).count()
                let balance = try await PrepaidLedger.balance(of: org, currency: .chf, on: apps[1].db).minorUnits
                if after.status == .cancelled {
                    #expect(notes == 1 && balance == 20_000 && product.status == .deleted && settled.openMinor == 0, "round \(round): cancelled, nothing taken")
                } else {
                    #expect(after.status == .active && notes == 0 && balance == 20_000 - invoice.totalMinor && product.status == .active,
                            "round \(round): paid and started, not credited")
                }
            }
        }
    }
}

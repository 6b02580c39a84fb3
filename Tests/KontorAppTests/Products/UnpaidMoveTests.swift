import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("A product whose order is unpaid stays with the organization that ordered it")
struct UnpaidMoveTests {
    @Test("a product whose order waits for payment cannot move to another organization: 409, nothing moved")
    func unpaidProductDoesNotMove() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await LeavingAndMovingTests.anaTwo(app)
            try await Scenario.order(ana, from, item: try await Scenario.catalogItem(app), name: "moved.example")
            let (_, product, _) = try await Scenario.onlyOrder(app, from)

            let moved = try await ana.post(SiteRoute.productMove(from, product: product.id!).path, form: ["organization": other.id!.uuidString])

            #expect(moved.status == .conflict && moved.body.string.contains("This product’s order is still waiting for payment here."))
            let after = try await RenewalScenario.reload(app, product)
            #expect(after.$organization.id == from && after.status == .pending)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "product_moved").count() == 0)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let api = try await Scenario.api(app, .POST, .organizationProductMove(from, product: product.id!), token: token,
                                             body: #"{"organizationId":"\#(other.id!.uuidString)"}"#)
            let code = try Scenario.apiError(api).code
            #expect(api.status == .conflict && code == "move_unpaid_order")
        }
    }

    @Test("an order cancelled in one organization never deletes a product another organization holds (one moved before the rule)")
    func cancellingNeverDeletesAnotherOrganizationsProduct() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await LeavingAndMovingTests.anaTwo(app)
            try await Scenario.order(ana, from, item: try await Scenario.catalogItem(app), name: "moved.example")
            let (order, product, _) = try await Scenario.onlyOrder(app, from)
            product.$organization.id = other.id!   // as a move before this rule left it
            try await product.save(on: app.db)

            let cancelled = try await ana.post(SiteRoute.orderCancel(from, order: order.id!).path)

            #expect(cancelled.status == .seeOther)
            let after = try await RenewalScenario.reload(app, product)
            #expect(after.status == .pending && after.$organization.id == other.id!, "the other organization's product is untouched")
        }
    }

    @Test("a product suspended for an unpaid invoice stays suspended where the invoice is: moving it is 409 naming the invoice, and it moves once paid")
    func suspendedProductDoesNotMove() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let from = try organization.requireID()
            let other = try await LeavingAndMovingTests.anaTwo(app)
            let nas = try await RenewalScenario.product(app, clock, in: from, .nasSynology, name: "NAS office", expiresIn: 400, item: nil)
            let invoice = try await InvoiceTests.issue(app, to: from, francs: 100, now: clock.now)
            #expect(try await ReminderSuspensionTests.walk(app, clock, to: 45, after: invoice).suspended == 1)
            let ana = try await Scenario.signedIn(app, email: "ana@example.test")   // weeks later

            let moved = try await ana.post(SiteRoute.productMove(from, product: nas.id!).path, form: ["organization": other.id!.uuidString])

            #expect(moved.status == .conflict && moved.body.string.contains("This product is tied to invoice \(invoice.number)"), "\(moved.status)")
            let held = try await RenewalScenario.reload(app, nas)
            #expect(held.$organization.id == from && held.status == .suspended && held.suspensionReason == .unpaid)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let api = try await Scenario.api(app, .POST, .organizationProductMove(from, product: nas.id!), token: token,
                                             body: #"{"organizationId":"\#(other.id!.uuidString)"}"#)
            let code = try Scenario.apiError(api).code
            #expect(api.status == .conflict && code == "move_open_invoice")

            try await ReminderSuspensionTests.pay(app, invoice, clock)
            #expect(try await RenewalScenario.reload(app, nas).status == .active)
            let after = try await ana.post(SiteRoute.productMove(from, product: nas.id!).path, form: ["organization": other.id!.uuidString])
            let movedNAS = try await RenewalScenario.reload(app, nas)
            #expect(after.status == .seeOther && movedNAS.$organization.id == other.id!)
        }
    }

    @Test("a product renewed on an invoice still open cannot move away from that invoice's reminders: 409 naming it")
    func productOnAnOpenInvoiceDoesNotMove() async throws {
        try await withTestApp { app, clock in
            let (ana, _, org, hosting, _, _) = try await RenewalPagesTests.setUp(app, clock)
            let other = try await LeavingAndMovingTests.anaTwo(app)
            _ = try await ana.post(SiteRoute.renewals(org).path, pairs: RenewalPagesTests.tick([hosting], action: "renew_now"))
            let line = try #require(try await InvoiceLine.query(on: app.db).filter(\.$productID == hosting.id!).first())
            let invoice = try #require(try await Invoice.find(line.$invoice.id, on: app.db))
            #expect(invoice.openMinor > 0)

            let moved = try await ana.post(SiteRoute.productMove(org, product: hosting.id!).path, form: ["organization": other.id!.uuidString])

            #expect(moved.status == .conflict && moved.body.string.contains("This product is tied to invoice \(invoice.number)"))
            #expect(try await RenewalScenario.reload(app, hosting).$organization.id == org)
        }
    }
}

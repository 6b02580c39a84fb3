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
}

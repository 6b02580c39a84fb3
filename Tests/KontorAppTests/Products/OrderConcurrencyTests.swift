import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Orders at once: one order per form, on one server and over two")
struct OrderConcurrencyTests {
    @Test("a form sent twice makes one order and one invoice, and the second answer leads to the same order")
    func doubleSubmit() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            let key = UUID().uuidString
            let first = try await Scenario.order(browser, org, item: item, key: key)
            let second = try await Scenario.order(browser, org, item: item, key: key)
            #expect(first.status == .seeOther && first.location == second.location)
            #expect(try await ProductOrder.query(on: app.db).count() == 1)
            #expect(try await Invoice.query(on: app.db).count() == 1)
            #expect(try await Product.query(on: app.db).count() == 1)
        }
    }

    /// `count` API orders sent at once, alternately to each server, by the ordering customer's API token; the
    /// `Idempotency-Key` of the n-th is `key(n)`. Their statuses.
    static func apiOrders(_ count: Int, over apps: [Application], organization: UUID, body: String,
                          key: @escaping @Sendable (Int) -> String) async throws -> [UInt] {
        let token = try await Scenario.apiToken(apps[0], email: "ana@example.test")
        return try await withThrowingTaskGroup(of: UInt.self) { group in
            for index in 0..<count {
                let app = apps[index % 2]
                group.addTask {
                    let headers: HTTPHeaders = ["Content-Type": "application/json", "Authorization": "Bearer \(token)", "Idempotency-Key": key(index)]
                    return try await app.testing().sendRequest(.POST, SiteRoute.api(.organizationOrders(organization)).path, headers: headers,
                                                                body: ByteBuffer(string: body)).status.code
                }
            }
            return try await group.reduce(into: [UInt]()) { $0.append($1) }
        }
    }

    @Test("the same form sent twelve times at once over two servers makes one order, one product and one invoice")
    func sameKeyOverTwoServers() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, _) = try await Scenario.orderingCustomer(apps[0])
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(apps[0])
            let statuses = try await Self.apiOrders(12, over: apps, organization: org,
                                                    body: #"{"itemId":"\#(item.id!.uuidString)","periodMonths":12,"currency":"CHF"}"#, key: { _ in "same-form" })
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 200 }, "\(statuses)")
            #expect(try await ProductOrder.query(on: apps[0].db).count() == 1)
            #expect(try await Product.query(on: apps[0].db).count() == 1)
            #expect(try await Invoice.query(on: apps[0].db).count() == 1)
        }
    }

    @Test("ten different orders at once over two servers: ten orders, ten products, invoices numbered 1 to 10 without gaps")
    func differentOrdersOverTwoServers() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, _) = try await Scenario.orderingCustomer(apps[0])
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(apps[0])
            let statuses = try await Self.apiOrders(10, over: apps, organization: org,
                                                    body: #"{"itemId":"\#(item.id!.uuidString)","periodMonths":12,"currency":"CHF"}"#, key: { "form-\($0)" })
            #expect(statuses == Array(repeating: 201, count: 10), "\(statuses)")
            #expect(try await ProductOrder.query(on: apps[0].db).count() == 10)
            #expect(try await Product.query(on: apps[0].db).count() == 10)
            #expect(try await Invoice.query(on: apps[0].db).all().map(\.sequence).sorted() == Array(1...10))
        }
    }

    @Test("at most ten orders wait for payment: twelve sent at once over two servers make ten, the others are 409 too_many_unpaid in the customer's words; one cancelled makes room a day later")
    func unpaidOrdersAreBounded() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let (organization, ana) = try await Scenario.orderingCustomer(apps[0])
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(apps[0])
            let body = #"{"itemId":"\#(item.id!.uuidString)","periodMonths":12,"currency":"CHF"}"#
            let statuses = try await Self.apiOrders(12, over: apps, organization: org, body: body, key: { "form-\($0)" })
            #expect(statuses.sorted() == Array(repeating: 201, count: 10) + [409, 409], "\(statuses)")
            #expect(try await ProductOrder.query(on: apps[0].db).count() == 10)
            let refused = try await Scenario.order(ana, org, item: item)
            #expect(refused.status == .conflict && refused.body.string.contains("already has 10 orders waiting for payment"))

            let first = try #require(try await ProductOrder.query(on: apps[0].db).sort(\.$createdAt).first())
            #expect(try await ana.post(SiteRoute.orderCancel(org, order: first.id!).path).status == .seeOther)
            // Ordering and cancelling in a loop mailed an invoice and a credit note each time: a cancelled order keeps its
            // place for a day.
            let again = try await Scenario.order(ana, org, item: item)
            #expect(again.status == .conflict && again.body.string.contains("waiting for payment or cancelled in the last 24 hours"))
            clock.advance(by: 24 * 3600 + 60)
            #expect(try await Self.apiOrders(1, over: apps, organization: org, body: body, key: { _ in "after-cancel" }) == [201])
        }
    }

    @Test("two Premium Support orders with different forms at once leave one")
    func onePremiumSupportAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, _) = try await Scenario.orderingCustomer(apps[0])
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(apps[0], .premiumSupport, name: "Premium Support Plus", prices: [(6, "300.00", "CHF")])
            let statuses = try await Self.apiOrders(6, over: apps, organization: org,
                                                    body: #"{"itemId":"\#(item.id!.uuidString)","periodMonths":6,"currency":"CHF"}"#, key: { "support-\($0)" })
            #expect(statuses.filter { $0 == 201 }.count == 1 && statuses.filter { $0 == 422 }.count == 5, "\(statuses)")
            #expect(try await Product.query(on: apps[0].db).count() == 1)
            #expect(try await Invoice.query(on: apps[0].db).count() == 1)
        }
    }
}

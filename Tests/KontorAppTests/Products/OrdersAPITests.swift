import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Ordering through the API: the catalog at today's prices, orders with their invoice, retries answered once")
struct OrdersAPITests {
    @Test("the catalog lists orderable items with today's prices; an order is 201 with its invoice, a retry 200 with the same order")
    func orderThroughAPI() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            let withdrawn = try await Scenario.catalogItem(app, .mailService, name: "Mail Service")
            withdrawn.isOrderable = false
            try await withdrawn.save(on: app.db)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let catalog = try await Scenario.api(app, .GET, .organizationCatalog(org), token: token).content.decode(APIModels.List<APIModels.CatalogItem>.self)
            #expect(catalog.items.map(\.name) == ["Web hosting Starter"])
            #expect(catalog.items[0].currentPrices.map(\.price.amountMinor).sorted() == [1_190, 11_000, 11_900] && catalog.items[0].priceHistory == nil)

            let body = #"{"itemId":"\#(item.id!.uuidString)","periodMonths":12,"currency":"EUR","renewalWarranty":true,"idempotencyKey":"erp-1"}"#
            let created = try await Scenario.api(app, .POST, .organizationOrders(org), token: token, body: body)
            #expect(created.status == .created)
            let order = try created.content.decode(APIModels.Order.self)
            #expect(order.status == "awaiting_payment" && order.productStatus == "pending" && order.price.amountMinor == 11_000 && order.price.currency == "EUR")
            #expect(order.invoiceNumber == "INV-000001" && order.amountDue?.amountMinor == 11_891)
            let replay = try await Scenario.api(app, .POST, .organizationOrders(org), token: token, body: body)
            #expect(replay.status == .ok && replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try replay.content.decode(APIModels.Order.self).id == order.id)
            let other = #"{"itemId":"\#(item.id!.uuidString)","periodMonths":1,"currency":"CHF","idempotencyKey":"erp-1"}"#
            let reused = try await Scenario.api(app, .POST, .organizationOrders(org), token: token, body: other)
            #expect(reused.status == .unprocessableEntity)
            #expect(try Scenario.apiError(reused).fields?.map(\.field) == ["idempotencyKey"])

            let missing = try await Scenario.api(app, .POST, .organizationOrders(org), token: token, body: #"{"periodMonths":5}"#)
            #expect(missing.status == .unprocessableEntity)
            #expect(Set(try Scenario.apiError(missing).fields?.map(\.field) ?? []) == ["idempotencyKey"])
            let bad = try await Scenario.api(app, .POST, .organizationOrders(org), token: token, body: #"{"periodMonths":5,"idempotencyKey":"erp-2"}"#)
            #expect(Set(try Scenario.apiError(bad).fields?.map(\.field) ?? []) == ["itemId"])
            let list = try await Scenario.api(app, .GET, .organizationOrders(org), token: token).content.decode(APIModels.List<APIModels.Order>.self)
            #expect(list.items.map(\.id) == [order.id])
            #expect(try await Scenario.api(app, .GET, .organizationOrder(org, order: order.id), token: token).status == .ok)
            // Paid from the balance through the invoice endpoint: the order is active.
            try await app.db.transaction { db in
                try await db.lockForUpdate(Organization.self, id: org)
                try await PrepaidLedger.post(.init(kind: .staffCredit, amount: Money(minorUnits: 20_000, currency: .eur), reason: "test"), to: org, now: Date(), on: db)
            }
            let pay = try await Scenario.api(app, .POST, .organizationInvoicePayment(org, invoice: order.invoiceId!), token: token)
            #expect(pay.status == .ok)
            let active = try await Scenario.api(app, .GET, .organizationOrder(org, order: order.id), token: token).content.decode(APIModels.Order.self)
            #expect(active.status == "active" && active.productStatus == "active" && active.amountDue?.amountMinor == 0)
        }
    }
}

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

            // Moved to Ana's other organization, the product is that organization's: the order here shows nothing of it.
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            let anaTwo = try await LeavingAndMovingTests.anaTwo(app)
            #expect(try await browser.post(SiteRoute.productMove(org, product: active.product!.id).path, form: ["organization": anaTwo.id!.uuidString]).status == .seeOther)
            let afterMove = try await Scenario.api(app, .GET, .organizationOrder(org, order: order.id), token: token).content.decode(APIModels.Order.self)
            #expect(afterMove.product == nil && afterMove.productStatus == "moved")
            let page = try await browser.get(SiteRoute.order(org, order: order.id).path).body.string
            #expect(page.contains(app.kontor.localizer.text("order.status.moved", .en)) && !page.contains(SiteRoute.organizationProduct(org, product: active.product!.id).path))
        }
    }

    /// Review finding F4: the same key with another Renewal Warranty, name or billing address answered the first order.
    @Test("a key sent again with any other field is 422 on idempotencyKey, said in the user's language; the same request, however spelled, replays")
    func keyReusedForAnotherRequest() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await Scenario.orderingCustomer(app, language: "fr")
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app).requireID().uuidString
            let second = BillingAddress(organizationID: org, address: PostalAddress(name: "Ana SA", street: "Rue du Lac", buildingNumber: "2",
                                                                                   postcode: "1003", town: "Lausanne", country: "CH"),
                                        invoiceEmail: nil, isDefault: false, now: Date())
            try await second.create(on: app.db)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let first = #"{"itemId":"\#(item)","periodMonths":12,"currency":"CHF","idempotencyKey":"erp-7"}"#
            let created = try await Scenario.api(app, .POST, .organizationOrders(org), token: token, body: first)
            #expect(created.status == .created)
            let order = try created.content.decode(APIModels.Order.self)

            for other in [
                #"{"itemId":"\#(item)","periodMonths":12,"currency":"CHF","idempotencyKey":"erp-7","renewalWarranty":true}"#,
                #"{"itemId":"\#(item)","periodMonths":12,"currency":"CHF","idempotencyKey":"erp-7","name":"Another site"}"#,
                #"{"itemId":"\#(item)","periodMonths":12,"currency":"CHF","idempotencyKey":"erp-7","billingAddressId":"\#(second.id!.uuidString)"}"#,
            ] {
                let reused = try await Scenario.api(app, .POST, .organizationOrders(org), token: token, body: other)
                #expect(reused.status == .unprocessableEntity, "\(other) answered \(reused.status)")
                #expect(reused.headers.first(name: "Idempotent-Replayed") == nil)
                let error = try Scenario.apiError(reused)
                #expect(error.fields?.map(\.field) == ["idempotencyKey"])
                #expect(error.fields?.first?.message == app.kontor.localizer.text("error.order.idempotency_key_other_request", .fr))
            }

            let respelled = #"{ "currency": "chf", "idempotencyKey": "erp-7", "renewalWarranty": false, "name": "", "periodMonths": 12, "billingAddressId": null, "itemId": "\#(item)" }"#
            let replay = try await Scenario.api(app, .POST, .organizationOrders(org), token: token, body: respelled)
            #expect(replay.status == .ok && replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try replay.content.decode(APIModels.Order.self).id == order.id)
            #expect(try await ProductOrder.query(on: app.db).count() == 1)
            #expect(try await Product.query(on: app.db).count() == 1, "nothing else was made")
        }
    }
}

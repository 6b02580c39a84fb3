import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Renewals keep the product's day of the month: a monthly product of the 31st is not pulled to the 28th")
struct AnchoredRenewalTests {
    /// Moves the test clock on to noon UTC of `day` (the provider's same day).
    private static func move(_ clock: TestClock, to day: String) {
        clock.advance(by: TimeInterval(CivilDay.number(day)! * 86_400 + 43_200) - clock.now.timeIntervalSince1970)
    }

    /// Ana's monthly web hosting on automatic renewal, expiring on 31 January 2027 (anchored on the 31st), with the
    /// clock on `today`.
    private static func monthlyOn31st(_ app: Application, _ clock: TestClock, today: String) async throws -> Product {
        let (organization, _) = try await Scenario.orderingCustomer(app)
        let item = try await Scenario.catalogItem(app)   // 11.90 CHF a month among its prices
        move(clock, to: "2027-01-31")
        let product = try await RenewalScenario.product(app, clock, in: organization.requireID(), name: "ana.example", expiresIn: 0, item: item,
                                                        automatic: true)
        product.periodMonths = 1
        try await product.save(on: app.db)
        #expect(product.renewalAnchorDay == 31, "provisioned to expire on the 31st: anchored there")
        move(clock, to: today)
        return product
    }

    /// The renewals recorded for the product, `start→end`, and each invoice line's text, in order.
    private static func history(_ app: Application, _ product: Product) async throws -> (periods: [String], lines: [String]) {
        let renewals = try await ProductRenewal.query(on: app.db).filter(\.$productID == product.requireID()).sort(\.$periodStart).all()
        var lines: [String] = []
        for renewal in renewals {
            let line = try await InvoiceLine.query(on: app.db).filter(\.$invoice.$id == renewal.invoiceID!).first()
            lines.append(line?.description ?? "-")
        }
        return (renewals.map { "\($0.periodStart)→\($0.periodEnd)" }, lines)
    }

    @Test("renewed three times by the real run, set-based and product by product: 28 February, 31 March, 30 April",
          arguments: [2_000, 0])
    func threeRenewals(batchSize: Int) async throws {
        try await withTestApp { app, clock in
            let product = try await Self.monthlyOn31st(app, clock, today: "2027-01-31")
            var expiries: [String] = []
            for next in ["2027-02-28", "2027-03-31", "2027-04-30"] {
                var run = app.renewalRun()
                run.batchSize = batchSize
                let report = try await run.run()
                #expect(report.renewed[.automatic] == 1)
                let renewed = try await RenewalScenario.reload(app, product)
                expiries.append(renewed.expiresOn)
                #expect(renewed.renewalAnchorDay == 31, "the anchor stays")
                Self.move(clock, to: next)
            }
            #expect(expiries == ["2027-02-28", "2027-03-31", "2027-04-30"])
            let (periods, lines) = try await Self.history(app, product)
            #expect(periods == ["2027-01-31→2027-02-28", "2027-02-28→2027-03-31", "2027-03-31→2027-04-30"])
            // Each invoice's service period line names the expiry the product got.
            #expect(zip(lines, expiries).allSatisfy { line, expiry in line.contains("until \(expiry)") }, "\(lines)")
        }
    }

    @Test("a run that missed two months catches up period by period on the anchor, both ways alike", arguments: [2_000, 0])
    func catchUp(batchSize: Int) async throws {
        try await withTestApp { app, clock in
            let product = try await Self.monthlyOn31st(app, clock, today: "2027-04-02")
            var run = app.renewalRun()
            run.batchSize = batchSize
            #expect(try await run.run().renewed[.automatic] == 3)
            #expect(try await RenewalScenario.reload(app, product).expiresOn == "2027-04-30")
            #expect(try await Self.history(app, product).periods == ["2027-01-31→2027-02-28", "2027-02-28→2027-03-31", "2027-03-31→2027-04-30"])
        }
    }

    @Test("renew now from the renewals page keeps the anchor too: 28 February, then 31 March")
    func renewNow() async throws {
        try await withTestApp { app, clock in
            let product = try await Self.monthlyOn31st(app, clock, today: "2027-02-20")
            product.automaticRenewal = false
            product.renewsAt = ProductService.day("2027-02-28")!   // as the run left it after January
            try await product.save(on: app.db)
            let outcome = try await app.productRenewer.renew(product.requireID(), of: product.$organization.id, kind: .manual, requestKey: "click", today: "2027-02-20", now: clock.now)
            #expect(outcome == .renewed(invoiceID: try #require(try await Invoice.query(on: app.db).first()?.id), until: "2027-03-31"))
            #expect(try await RenewalScenario.reload(app, product).expiresOn == "2027-03-31")
        }
    }

    @Test("the migration anchors existing products on their history: a drifted 31st, an order of the 31st, a plain expiry")
    func backfill() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let organizationID = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            func product(_ name: String, expiring day: String) async throws -> Product {
                let product = Product(organizationID: organizationID, kind: .domain, name: name, renewsAt: ProductService.day(day)!, createdAt: clock.now)
                (product.periodMonths, product.$catalogItem.id) = (1, item.id)
                try await product.create(on: app.db)
                return product
            }
            let drifted = try await product("drifted.ch", expiring: "2027-03-28")
            for (start, end) in [("2027-01-31", "2027-02-28"), ("2027-02-28", "2027-03-28")] {
                let renewal = ProductRenewal()
                (renewal.productID, renewal.organizationID, renewal.periodStart, renewal.periodEnd) = (try drifted.requireID(), organizationID, start, end)
                (renewal.kindRaw, renewal.createdAt) = (RenewalKind.automatic.rawValue, clock.now)
                try await renewal.create(on: app.db)
            }
            let ordered = try await product("ordered.ch", expiring: "2026-09-30")
            let order = ProductOrder()
            order.$organization.id = organizationID
            order.$product.id = try ordered.requireID()
            order.$catalogItem.id = item.id
            (order.itemName, order.periodMonths, order.currencyCode, order.unitMinor) = (item.name, 1, "CHF", 1_190)
            (order.renewalWarranty, order.idempotencyKey, order.statusRaw) = (false, UUID().uuidString, "active")
            (order.createdAt, order.activatedAt) = (clock.now, ProductService.day("2026-08-31")!.addingTimeInterval(3_600))
            try await order.create(on: app.db)
            let plain = try await product("plain.ch", expiring: "2027-03-15")
            try await (app.db as! any SQLDatabase).update(Product.schema).set("renewal_anchor_day", to: SQLLiteral.null).run()

            try await M076AddRenewalAnchorDayToProducts.backfill(on: app.db)
            #expect(try await RenewalScenario.reload(app, drifted).renewalAnchorDay == 31, "31 January → 28 February → 28 March: the 31st")
            #expect(try await RenewalScenario.reload(app, ordered).renewalAnchorDay == 31, "activated on 31 August")
            #expect(try await RenewalScenario.reload(app, plain).renewalAnchorDay == 15)
            #expect(try await RenewalScenario.reload(app, drifted).renewalEnd(of: BillingPeriod(months: 1)!, from: "2027-03-28") == "2027-04-30")
        }
    }
}

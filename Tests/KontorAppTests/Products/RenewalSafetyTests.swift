import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Renewals hold what the customer decided: settings switched off during the run, two tabs, missed days")
struct RenewalSafetyTests {
    /// Ana's organization paying from its balance (the run's one-product-at-a-time path), with a monthly hosting.
    static func payingFromBalance(_ app: Application, francs: Int64 = 0) async throws -> (org: UUID, item: CatalogItem, ana: Browser) {
        let (organization, ana) = try await Scenario.orderingCustomer(app)
        organization.payFromBalance = true
        try await organization.save(on: app.db)
        if francs > 0 { try await InvoiceTests.credit(app, organization.requireID(), francs: francs) }
        return (try organization.requireID(), try await Scenario.catalogItem(app), ana)
    }

    @Test("Renewal Warranty switched off after the run read the product and before it renewed it: not renewed, not invoiced, in grace")
    func warrantySwitchedOffDuringTheRun() async throws {
        try await withTestApp { app, clock in
            let (org, item, _) = try await Self.payingFromBalance(app)
            let domain = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 0, item: item, warranty: true)
            let switchOff = BulkRenewalService(db: app.db, renewer: app.productRenewer, today: RenewalScenario.today(app, clock), now: clock.now)

            var run = app.renewalRun()
            run.afterReading = { _ in   // the customer's click lands between the run's read and the renewal
                _ = try await switchOff.apply(.init(action: .renewalWarrantyOff, productIDs: [domain.id!]), in: org)
            }
            let report = try await run.run()

            #expect(report.renewed.isEmpty && report.grace == 1, "\(report)")
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await ProductRenewal.query(on: app.db).count() == 0)
            let after = try await RenewalScenario.reload(app, domain)
            #expect(after.status == .grace && !after.renewalWarranty)
        }
    }

    @Test("automatic renewal switched off after the run read the product: the balance is not charged, the product goes into grace")
    func automaticRenewalSwitchedOffDuringTheRun() async throws {
        try await withTestApp { app, clock in
            let (org, item, _) = try await Self.payingFromBalance(app, francs: 500)
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 0, item: item, automatic: true)
            let switchOff = BulkRenewalService(db: app.db, renewer: app.productRenewer, today: RenewalScenario.today(app, clock), now: clock.now)

            var run = app.renewalRun()
            run.afterReading = { _ in _ = try await switchOff.apply(.init(action: .automaticRenewalOff, productIDs: [hosting.id!]), in: org) }
            let report = try await run.run()

            #expect(report.renewed.isEmpty && report.grace == 1, "\(report)")
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 50_000, "nothing taken from the balance")
            #expect(try await RenewalScenario.reload(app, hosting).status == .grace)
        }
    }

    @Test("a run that missed months renews period by period from the old expiry until today is covered, one invoice each; again the same day, nothing",
          arguments: [false, true])
    func missedDaysAreCaughtUp(payingFromBalance: Bool) async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            organization.payFromBalance = payingFromBalance   // the per-product path, or the set-based one
            try await organization.save(on: app.db)
            let item = try await Scenario.catalogItem(app)
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "monthly.example", expiresIn: -100, item: item, warranty: true)
            hosting.periodMonths = 1
            try await hosting.save(on: app.db)
            let today = RenewalScenario.today(app, clock)

            let report = try await app.renewalRun().run()

            let renewals = try await ProductRenewal.query(on: app.db).sort(\.$periodStart).all()
            let after = try await RenewalScenario.reload(app, hosting)
            #expect(after.expiresOn > today && after.status == .active, "covers today: \(after.expiresOn)")
            #expect(renewals.first?.periodStart == hosting.expiresOn, "from the old expiry, without a gap")
            #expect(zip(renewals, renewals.dropFirst()).allSatisfy { $0.periodEnd == $1.periodStart }, "period after period")
            #expect(renewals.count == 4 && report.renewed[.warranty] == 4, "100 days behind: four months, \(report)")
            #expect(try await Invoice.query(on: app.db).count() == 4, "one invoice per period")

            #expect(try await app.renewalRun().run().renewed.isEmpty, "running it again the same day changes nothing")
            #expect(try await Invoice.query(on: app.db).count() == 4)
        }
    }

    @Test("renew now from two tabs that showed the same expiry renews once; the second tab's product is left unchanged")
    func renewNowFromTwoTabs() async throws {
        try await withTestApp { app, clock in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 40,
                                                            item: try await Scenario.catalogItem(app))
            // Each tab rendered its own form key, and the expiry it showed.
            let seen = [("seen[\(hosting.id!.uuidString)]", hosting.expiresOn)]
            let first = try await ana.post(SiteRoute.renewals(org).path, pairs: RenewalPagesTests.tick([hosting], action: "renew_now", key: "tab-1", extra: seen))
            let second = try await ana.post(SiteRoute.renewals(org).path, pairs: RenewalPagesTests.tick([hosting], action: "renew_now", key: "tab-2", extra: seen))

            #expect(first.status == .ok && second.status == .ok)
            #expect(first.body.string.contains("1 product renewed"))
            #expect(second.body.string.contains("0 products renewed") && second.body.string.contains("1 ticked product was already as asked."))
            #expect(try await ProductRenewal.query(on: app.db).count() == 1)
            #expect(try await Invoice.query(on: app.db).count() == 1)
            #expect(try await RenewalScenario.reload(app, hosting).expiresOn == BillingPeriod(months: 12)!.end(startingOn: hosting.expiresOn))
        }
    }

    @Test("renew now sent from four tabs at once over two servers renews once and invoices once; the other tabs are told, never a 500")
    func renewNowFromTabsAtOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let (organization, _) = try await Scenario.orderingCustomer(apps[0])
            let org = try organization.requireID()
            let hosting = try await RenewalScenario.product(apps[0], clock, in: org, name: "ana.example", expiresIn: 40,
                                                            item: try await Scenario.catalogItem(apps[0]))
            var tabs: [Browser] = []
            for index in 0..<4 { tabs.append(try await Scenario.signedIn(apps[index % 2], email: "ana@example.test")) }
            let seen = [("seen[\(hosting.id!.uuidString)]", hosting.expiresOn)]
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (index, tab) in tabs.enumerated() {
                    group.addTask {
                        try await tab.post(SiteRoute.renewals(org).path,
                                           pairs: RenewalPagesTests.tick([hosting], action: "renew_now", key: "tab-\(index)", extra: seen)).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0.code < 500 }, "\(statuses)")
            #expect(try await ProductRenewal.query(on: apps[1].db).count() == 1)
            #expect(try await Invoice.query(on: apps[1].db).count() == 1)
            #expect(try await RenewalScenario.reload(apps[1], hosting).expiresOn == BillingPeriod(months: 12)!.end(startingOn: hosting.expiresOn))
        }
    }

    @Test("renew now goes at most one period ahead: paid beyond a period from today, it is refused by reason, in the user's language")
    func renewNowHasALimit() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app, language: "de")
            let org = try organization.requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 40,
                                                            item: try await Scenario.catalogItem(app))
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            func renewNow() async throws -> RenewalsAPIController.ActionResult {
                let body = #"{"action":"renew_now","products":["\#(hosting.id!.uuidString)"],"idempotencyKey":"\#(UUID().uuidString)"}"#
                return try await Scenario.api(app, .POST, .organizationRenewals(org), token: token, body: body).content.decode(RenewalsAPIController.ActionResult.self)
            }

            #expect(try await renewNow().changed == [hosting.id!], "40 days left: renewed for a year")
            let again = try await renewNow()

            #expect(again.changed.isEmpty && again.refused.map(\.reason) == ["renewed_ahead"])
            let until = DayFormatting.format(try await RenewalScenario.reload(app, hosting).expiresOn, .de)
            #expect(again.refused.first?.message == "ana.example (Webhosting): Es ist bereits bis \(until) bezahlt, mehr als eine Laufzeit im Voraus; erneut verlängern lässt es sich, sobald weniger als eine Laufzeit bleibt.",
                    "\(again.refused)")
            #expect(try await ProductRenewal.query(on: app.db).count() == 1)
            #expect(try await Invoice.query(on: app.db).count() == 1)
        }
    }
}

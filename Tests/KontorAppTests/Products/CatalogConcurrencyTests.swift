import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Staff keep the catalog and the customers' payment terms from several desks at once.
@Suite("Catalog prices and pay-later changed by several staff at once over two servers")
struct CatalogConcurrencyTests {
    @Test("the same new price sent by staff on two servers at once is added once; the others are told a price starts that day")
    func samePriceAtOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let staff = [try await Scenario.staff(apps[0], role: .billing, email: "one@staff.test"),
                         try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")]
            let item = try await Scenario.catalogItem(apps[0], vat: "none", prices: [(12, "100.00", "CHF")])
            let nextMonth = apps[0].kontor.config.billing.day(apps[0].kontor.config.billing.day(of: clock.now), plus: 30)
            let tokens = [try await staff[0].csrfToken(page: SiteRoute.staffCatalogItem(item.id!).path),
                          try await staff[1].csrfToken(page: SiteRoute.staffCatalogItem(item.id!).path)]
            let answers = try await withThrowingTaskGroup(of: (UInt, String).self) { group in
                for click in 0..<8 {
                    let browser = staff[click % 2], token = tokens[click % 2]
                    group.addTask {
                        let response = try await browser.post(SiteRoute.staffCatalogPrices(item.id!).path,
                                                              form: ["_csrf": token, "period": "12", "currency": "CHF", "amount": "1\(click)0.00", "effective_on": nextMonth])
                        return (response.status.code, response.body.string)
                    }
                }
                return try await group.reduce(into: [(UInt, String)]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.0 < 500 }, "\(answers.map(\.0))")
            #expect(answers.filter { $0.0 == 303 }.count == 1, "\(answers.map(\.0))")
            #expect(answers.filter { $0.0 == 422 }.allSatisfy { $0.1.contains("role=\"alert\"") || $0.1.contains("class=\"error\"") },
                    "the others read why on the form")
            #expect(answers.filter { $0.0 == 422 }.count == 7)
            let prices = try await CatalogItemPrice.query(on: apps[1].db).filter(\.$item.$id == item.id!).all()
            #expect(prices.count == 2, "the first price and one announced price, not eight")
        }
    }

    @Test("pay-later switched on from eight staff tabs over two servers at once: on, recorded once, no 500")
    func payLaterAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, _) = try await Scenario.orderingCustomer(apps[0])
            let org = try organization.requireID()
            let staff = [try await Scenario.staff(apps[0], role: .billing, email: "one@staff.test"),
                         try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")]
            let tokens = [try await staff[0].csrfToken(page: SiteRoute.staffCustomer(org).path),
                          try await staff[1].csrfToken(page: SiteRoute.staffCustomer(org).path)]
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for click in 0..<8 {
                    let browser = staff[click % 2], token = tokens[click % 2]
                    group.addTask {
                        try await browser.post(SiteRoute.staffCustomerPayLater(org).path, form: ["_csrf": token, "enabled": "true"]).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 == 303 }, "\(codes)")
            #expect(try await Organization.find(org, on: apps[1].db)?.payLater == true)
            #expect(try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "pay_later_changed").filter(\.$organizationID == org).count() == 1,
                    "switched on once, recorded once")
        }
    }
}

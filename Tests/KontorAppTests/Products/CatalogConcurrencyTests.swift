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

    @Test("a price added for the item as read before another member of staff removed that period is refused on the period; nothing is stored")
    func priceForRemovedPeriod() async throws {
        try await withTestApp { app, clock in
            let config = app.kontor.config.billing
            let item = try await Scenario.catalogItem(app, vat: "none", prices: [(12, "100.00", "CHF"), (1, "10.00", "CHF")])
            let read = try await CatalogService(db: app.db, config: config).item(item.id!)   // what the price form's request read
            // Meanwhile the item is sold by the year only.
            let stored = try #require(try await CatalogItem.find(item.id, on: app.db))
            stored.periodMonths = "12"
            try await stored.save(on: app.db)
            let nextMonth = config.day(config.day(of: clock.now), plus: 30)
            let input = CatalogPrice.Input(period: "1", currency: "CHF", amount: "12.00", effectiveOn: nextMonth)
            await #expect(throws: ValidationFailure.self) {
                try await CatalogService(db: app.db, config: config).addPrice(to: read, input, staffID: nil, now: clock.now) { _, _ in }
            }
            #expect(try await CatalogItemPrice.query(on: app.db).filter(\.$item.$id == item.id!).count() == 2, "the two first prices only")
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

/// Two staff editing one catalog item: the later save names the version it started from, and a stale one is refused.
@Suite("One catalog item edited by two staff at once")
struct CatalogItemEditingConcurrencyTests {
    /// The version the item page's edit form was rendered with.
    static func version(_ page: String) -> String {
        guard let form = page.range(of: "id=\"catalog-edit-item\"") else { return "" }
        return Scenario.between(String(page[form.upperBound...]), "name=\"version\" value=\"", "\"") ?? ""
    }

    static func itemForm(name: String, vat: String, version: String) -> [(String, String)] {
        [("kind", "web_hosting"), ("name", name), ("periods[]", "12"), ("periods[]", "1"), ("vat_rate", vat), ("is_orderable", "on"), ("version", version)]
    }

    @Test("two staff save one item from pages opened at the same version: the second is told in her language it changed meanwhile (409), the first's change stays")
    func staleForm() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let one = try await Scenario.staff(apps[0], role: .billing, email: "one@staff.test")
            let two = try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")
            two.extraHeaders = ["Accept-Language": "de"]
            let item = try await Scenario.catalogItem(apps[0])
            let path = SiteRoute.staffCatalogItem(item.id!).path
            let opened = [Self.version(try await one.get(path).body.string), Self.version(try await two.get(path).body.string)]

            #expect(try await one.post(path, pairs: Self.itemForm(name: "Web hosting S", vat: "standard", version: opened[0])).status == .seeOther)
            let stale = try await two.post(path, pairs: Self.itemForm(name: "Web hosting M", vat: "reduced", version: opened[1]))

            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("inzwischen geändert"), "\(stale.body.string.prefix(800))")
            let stored = try #require(try await CatalogItem.find(item.id, on: apps[1].db))
            #expect(stored.name == "Web hosting S" && stored.vatRateName == "standard")
            // The page shown with the refusal has the item as it is now: saving from it is a deliberate change.
            let again = try await two.post(path, pairs: Self.itemForm(name: "Web hosting M", vat: "reduced", version: Self.version(stale.body.string)))
            #expect(again.status == .seeOther)
            #expect(try await CatalogItem.find(item.id, on: apps[1].db)?.name == "Web hosting M")
        }
    }

    @Test("six saves from the same version at once over two servers: one is kept, five are told it changed meanwhile, no 500")
    func savesAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let staff = [try await Scenario.staff(apps[0], role: .billing, email: "one@staff.test"),
                         try await Scenario.staff(apps[1], role: .administrator, email: "two@staff.test")]
            let item = try await Scenario.catalogItem(apps[0])
            let path = SiteRoute.staffCatalogItem(item.id!).path
            let version = Self.version(try await staff[0].get(path).body.string)
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for click in 0..<6 {
                    let browser = staff[click % 2]
                    group.addTask { try await browser.post(path, pairs: Self.itemForm(name: "Web hosting \(click)", vat: "standard", version: version)).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == 303 }.count == 1 && codes.filter { $0 == 409 }.count == 5, "\(codes)")
            #expect(try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "catalog_changed").count() == 1, "one change, audited once")
        }
    }

    @Test("the staff API: an ETag on reading; a change with a stale If-Match is 409 in the member's language, with the current one 200 and the next ETag")
    func ifMatch() async throws {
        try await withTestApp { app, _ in
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let item = try await Scenario.catalogItem(app)
            let read = try await Scenario.staffAPI(app, .GET, .staffCatalogItem(item.id!), token: token)
            let etag = try #require(read.headers.first(name: .eTag))

            let first = try await Scenario.staffAPI(app, .PATCH, .staffCatalogItem(item.id!), token: token, json: #"{"name":"Web hosting S"}"#,
                                                    headers: ["If-Match": etag])
            #expect(first.status == .ok)
            let next = try #require(first.headers.first(name: .eTag))
            #expect(next != etag)
            let stale = try await Scenario.staffAPI(app, .PATCH, .staffCatalogItem(item.id!), token: token, json: #"{"vatRate":"reduced"}"#,
                                                    headers: ["If-Match": etag, "Accept-Language": "fr"])

            #expect(stale.status == .conflict)
            let error = try Scenario.apiError(stale)
            #expect(error.code == "changed_meanwhile" && error.message.contains("entre-temps"), "\(error)")
            #expect(try await CatalogItem.find(item.id, on: app.db)?.vatRateName == "standard", "nothing changed")
            let current = try await Scenario.staffAPI(app, .PATCH, .staffCatalogItem(item.id!), token: token, json: #"{"vatRate":"reduced"}"#,
                                                      headers: ["If-Match": next])
            #expect(current.status == .ok && current.headers.first(name: .eTag) != next)
            #expect(try await CatalogItem.find(item.id, on: app.db)?.vatRateName == "reduced")
        }
    }

    @Test("four API changes to different fields of one item at once over two servers, without If-Match: every one is kept")
    func mergedAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (_, token) = try await Scenario.staffWithToken(apps[0], role: .billing)
            let item = try await Scenario.catalogItem(apps[0])
            let bodies = [#"{"name":"Web hosting Pro"}"#, #"{"vatRate":"reduced"}"#, #"{"isOrderable":false}"#, #"{"periodMonths":[1,12,24]}"#]
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for (index, body) in bodies.enumerated() {
                    group.addTask { try await Scenario.staffAPI(apps[index % 2], .PATCH, .staffCatalogItem(item.id!), token: token, json: body).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 == 200 }, "\(codes)")
            let stored = try #require(try await CatalogItem.find(item.id, on: apps[1].db))
            #expect(stored.name == "Web hosting Pro" && stored.vatRateName == "reduced" && !stored.isOrderable
                    && stored.periods.map(\.months).sorted() == [1, 12, 24], "\(stored.name) \(stored.vatRateName) \(stored.isOrderable) \(stored.periodMonths)")
        }
    }
}

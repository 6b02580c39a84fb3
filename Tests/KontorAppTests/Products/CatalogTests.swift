import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("The catalog: kept by administrators and billing staff in the console and the staff API, every change audited")
struct CatalogTests {
    @Test("billing staff create an item with its first price on the page; it is in the audit trail with their name")
    func createOnPage() async throws {
        try await withTestApp { app, _ in
            let staff = try await Scenario.staff(app, role: .billing)
            #expect(try await staff.get(SiteRoute.staffCatalog.path).body.string.contains("id=\"catalog-empty\""))
            let created = try await staff.post(SiteRoute.staffCatalog.path, pairs: [
                ("kind", "ksuite"), ("name", "kSuite Standard"), ("periods[]", "1"), ("periods[]", "12"), ("vat_rate", "standard"),
                ("suite_users", "5"), ("suite_storage_gb", "500"), ("support_tier", ""), ("domain_extension", ""),
                ("price_period", "12"), ("price_currency", "CHF"), ("price_amount", "138.00")])
            #expect(created.status == .seeOther)
            let item = try #require(try await CatalogItem.query(on: app.db).with(\.$prices).first())
            #expect(item.kind == .kSuite && item.periods.map(\.months) == [1, 12] && item.suiteUsers == 5 && item.suiteStorageGB == 500)
            #expect(item.prices.map(\.amountMinor) == [13_800] && item.prices[0].createdByStaffID != nil)
            let audit = try await SecurityEvent.query(on: app.db).filter(\.$kind == "catalog_changed").all()
            #expect(audit.count == 1 && audit[0].staffMemberID != nil && audit[0].detail.contains("kSuite Standard"))
            let page = try await staff.get(SiteRoute.staffCatalogItem(item.id!).path).body.string
            #expect(page.contains("5 users · 500 GB") && page.contains("CHF 138.00"))
        }
    }

    @Test("a bad item is refused with every field named in the staff member's language, and nothing is stored")
    func validationOnPage() async throws {
        try await withTestApp { app, _ in
            let staff = try await Scenario.staff(app, role: .administrator)
            let refused = try await staff.post(SiteRoute.staffCatalog.path, pairs: [
                ("kind", "premium_support"), ("name", ""), ("periods[]", "1"), ("vat_rate", "standard"), ("support_tier", "gold"),
                ("price_period", "1"), ("price_currency", "CHF"), ("price_amount", "12.345")])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("Premium Support is taken for at least six months"))
            #expect(html.contains("Choose Plus, Pro or Enterprise."))
            #expect(try await CatalogItem.query(on: app.db).count() == 0)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "catalog_changed").count() == 0)
            // Two items of one kind cannot share a name.
            try await Scenario.catalogItem(app)
            let twice = try await staff.post(SiteRoute.staffCatalog.path, pairs: [("kind", "web_hosting"), ("name", "Web hosting Starter"), ("periods[]", "12"), ("vat_rate", "standard")])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("Another item of this kind already has this name."))
        }
    }

    @Test("a price change is a new price from a day on: never in the past, never twice for the same day; the old one stays in the history")
    func priceChanges() async throws {
        try await withTestApp { app, clock in
            let staff = try await Scenario.staff(app, role: .billing)
            let item = try await Scenario.catalogItem(app, vat: "none", prices: [(12, "100.00", "CHF")])
            let config = app.kontor.config.billing
            let today = config.day(of: clock.now)
            let yesterday = config.day(today, plus: -1), nextMonth = config.day(today, plus: 30)
            let past = try await staff.post(SiteRoute.staffCatalogPrices(item.id!).path, form: ["period": "12", "currency": "CHF", "amount": "90.00", "effective_on": yesterday])
            #expect(past.status == .unprocessableEntity && past.body.string.contains("A price cannot start in the past"))
            let announced = try await staff.post(SiteRoute.staffCatalogPrices(item.id!).path, form: ["period": "12", "currency": "CHF", "amount": "120.00", "effective_on": nextMonth])
            #expect(announced.status == .seeOther)
            let again = try await staff.post(SiteRoute.staffCatalogPrices(item.id!).path, form: ["period": "12", "currency": "CHF", "amount": "125.00", "effective_on": nextMonth])
            #expect(again.status == .unprocessableEntity)
            let service = CatalogService(db: app.db, config: config)
            let schedule = service.schedule(of: try await service.item(item.id!))
            #expect(schedule.price(for: BillingPeriod(months: 12)!, in: .chf, on: today)?.amount.minorUnits == 10_000)
            #expect(schedule.price(for: BillingPeriod(months: 12)!, in: .chf, on: nextMonth)?.amount.minorUnits == 12_000)
            let page = try await staff.get(SiteRoute.staffCatalogItem(item.id!).path).body.string
            #expect(page.contains("Announced") && page.contains("Current"))
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "catalog_changed").count() == 1)
        }
    }

    @Test("an item's kind never changes; renaming and withdrawing it are audited, and a withdrawn item cannot be ordered")
    func updates() async throws {
        try await withTestApp { app, _ in
            let staff = try await Scenario.staff(app, role: .billing)
            let item = try await Scenario.catalogItem(app)
            let version = CatalogItemEditingConcurrencyTests.version(try await staff.get(SiteRoute.staffCatalogItem(item.id!).path).body.string)
            let kind = try await staff.post(SiteRoute.staffCatalogItem(item.id!).path, pairs: [("kind", "domain"), ("name", "X"), ("periods[]", "12"), ("vat_rate", "standard"),
                                                                                                ("domain_extension", "ch"), ("version", version)])
            #expect(kind.status == .unprocessableEntity)
            let saved = try await staff.post(SiteRoute.staffCatalogItem(item.id!).path, pairs: [("kind", "web_hosting"), ("name", "Web hosting S"), ("periods[]", "12"), ("periods[]", "1"), ("vat_rate", "reduced"),
                                                                                                 ("version", version)])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await CatalogItem.find(item.id, on: app.db))
            #expect(stored.name == "Web hosting S" && stored.vatRateName == "reduced" && !stored.isOrderable)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "catalog_changed").count() == 1)
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            // Refused with a sentence on the catalog page (it was a bare 404 that lost the customer's form).
            let refused = try await Scenario.order(browser, organization.requireID(), item: stored)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("id=\"order-refusal\""))
            #expect(try await ProductOrder.query(on: app.db).count() == 0)
        }
    }

    @Test("support and editor staff cannot see or change the catalog or a customer's products")
    func roles() async throws {
        try await withTestApp { app, _ in
            let item = try await Scenario.catalogItem(app)
            for role in [StaffRole.support, .editor] {
                let staff = try await Scenario.staff(app, role: role)
                #expect(try await staff.get(SiteRoute.staffCatalog.path).status == .forbidden)
                #expect(try await staff.post(SiteRoute.staffCatalogPrices(item.id!).path, form: ["period": "12", "currency": "CHF", "amount": "1.00"]).status == .forbidden)
                #expect(try await staff.get(SiteRoute.staffCustomers.path).status == .forbidden)
            }
            #expect(try await CatalogItemPrice.query(on: app.db).count() == 3)
        }
    }

    @Test("staff provision a product for a customer found by number, as `kontor add-product` does; it is audited")
    func provisioning() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let staff = try await Scenario.staff(app, role: .billing)
            let number = try #require(try await Organization.find(org, on: app.db)?.customerNumber)
            let found = try await staff.get(SiteRoute.staffCustomers.path + "?number=\(number)")
            #expect(found.location == SiteRoute.staffCustomer(org).path)
            let unknown = try await staff.get(SiteRoute.staffCustomers.path + "?number=999999")
            #expect(unknown.status == .notFound && unknown.body.string.contains("value=\"999999\""), "the number typed stays in the box")
            let refused = try await staff.post(SiteRoute.staffCustomerProducts(org).path, form: ["kind": "web_hosting", "name": "ana.example", "renews": "2027-06-30",
                                                                                              "mysql_prefix": "on", "renewal_warranty": "on", "idempotency_key": UUID().uuidString])
            #expect(refused.status == .unprocessableEntity, "web hosting needs its server prefix")
            let kept = refused.body.string
            #expect(kept.contains("name=\"mysql_prefix\" checked") && kept.contains("name=\"renewal_warranty\" checked") && kept.contains("value=\"ana.example\""),
                    "what staff typed and ticked comes back with the sentence")
            let added = try await staff.post(SiteRoute.staffCustomerProducts(org).path, form: ["kind": "ssl_certificate", "name": "www.ana.example", "renews": "2027-06-30",
                                                                                            "renewal_warranty": "on", "idempotency_key": UUID().uuidString])
            #expect(added.status == .seeOther)
            let product = try #require(try await Product.query(on: app.db).first())
            #expect(product.kind == .sslCertificate && product.renewalWarranty && !product.isPending)
            let audit = try await SecurityEvent.query(on: app.db).filter(\.$kind == "product_provisioned").all()
            #expect(audit.count == 1 && audit[0].organizationID == org)
            #expect(try await staff.get(SiteRoute.staffCustomer(org).path).body.string.contains("www.ana.example"))
        }
    }

    @Test("staff cannot provision a product renewing in the past, a domain that is no host name, or a domain already held")
    func provisioningChecks() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let staff = try await Scenario.staff(app, role: .billing)
            let config = app.kontor.config.billing
            let today = config.day(of: clock.now), yesterday = config.day(today, plus: -1)
            let past = try await staff.post(SiteRoute.staffCustomerProducts(org).path, form: ["kind": "domain", "name": "weber-archiv.de", "renews": yesterday, "idempotency_key": UUID().uuidString])
            #expect(past.status == .unprocessableEntity && past.body.string.contains("Choose today or a later day"))
            let markup = try await staff.post(SiteRoute.staffCustomerProducts(org).path, form: ["kind": "domain", "name": "<b>x</b>.ch", "renews": "2027-06-30", "idempotency_key": UUID().uuidString])
            #expect(markup.status == .unprocessableEntity && markup.body.string.contains("Enter a domain name"))
            #expect(try await Product.query(on: app.db).count() == 0)
            #expect(try await staff.post(SiteRoute.staffCustomerProducts(org).path, form: ["kind": "domain", "name": "Ana.Example", "renews": today, "idempotency_key": UUID().uuidString]).status == .seeOther,
                    "today is fine")
            #expect(try await Product.query(on: app.db).first()?.name == "ana.example", "stored as a host name is")
            let twice = try await staff.post(SiteRoute.staffCustomerProducts(org).path, form: ["kind": "domain", "name": "ana.example", "renews": "2027-06-30", "idempotency_key": UUID().uuidString])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("already registered"))
            #expect(try await Product.query(on: app.db).count() == 1)
        }
    }

    @Test("the new item form keeps the ticked periods, the price's period and currency after an error, and reports the price with the item's errors")
    func newItemFormKeepsChoices() async throws {
        try await withTestApp { app, _ in
            let staff = try await Scenario.staff(app, role: .billing)
            let refused = try await staff.post(SiteRoute.staffCatalog.path, pairs: [
                ("kind", "web_hosting"), ("name", ""), ("periods[]", "1"), ("periods[]", "24"), ("vat_rate", "standard"),
                ("price_period", "24"), ("price_currency", "CHF"), ("price_amount", "2x0")])
            let html = refused.body.string
            #expect(refused.status == .unprocessableEntity)
            #expect(html.contains("name=\"periods[]\" value=\"1\" checked") && html.contains("name=\"periods[]\" value=\"24\" checked")
                    && !html.contains("name=\"periods[]\" value=\"12\" checked"), "the periods ticked, not the default")
            let pricePeriod = try #require(html.firstRange(of: "id=\"ci-price-period\"").map { String(html[$0.lowerBound...].prefix(2_000)) })
            #expect(pricePeriod.contains("value=\"24\" selected") && !pricePeriod.contains("value=\"12\" selected"))
            #expect(html.contains("This field is required.") && html.contains("id=\"ci-price-amount\""))
            let amountError = try #require(html.firstRange(of: "id=\"ci-price-amount\"").map { String(html[$0.lowerBound...].prefix(400)) })
            #expect(amountError.contains("class=\"error\""), "the bad price in the same round as the missing name")
        }
    }

    @Test("a wrong price entered today is replaced today (audited); orders placed at it keep their invoice; announced prices stay one per day")
    func replaceTodaysPrice() async throws {
        try await withTestApp { app, clock in
            let staff = try await Scenario.staff(app, role: .billing)
            let item = try await Scenario.catalogItem(app, vat: "none", prices: [(12, "1.50", "CHF")])
            let config = app.kontor.config.billing
            let today = config.day(of: clock.now)
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            #expect(try await Scenario.order(browser, organization.requireID(), item: item).status == .seeOther)
            let ordered = try #require(try await Invoice.query(on: app.db).first())

            let fixed = try await staff.post(SiteRoute.staffCatalogPrices(item.id!).path, form: ["period": "12", "currency": "CHF", "amount": "150.00", "effective_on": ""])
            #expect(fixed.status == .seeOther && fixed.location?.contains("notice=catalog_price_replaced") == true)
            let service = CatalogService(db: app.db, config: config)
            let schedule = service.schedule(of: try await service.item(item.id!))
            #expect(schedule.price(for: BillingPeriod(months: 12)!, in: .chf, on: today)?.amount.minorUnits == 15_000)
            #expect(try await CatalogItemPrice.query(on: app.db).filter(\.$item.$id == item.id!).count() == 1)
            #expect(try await Invoice.find(ordered.id, on: app.db)?.totalMinor == ordered.totalMinor, "the order placed at 1.50 keeps its invoice")
            let audit = try await SecurityEvent.query(on: app.db).filter(\.$kind == "catalog_changed").all()
            #expect(audit.contains { $0.detail.contains("replacing") })
        }
    }

    @Test("the staff API keeps the same catalog: create with prices, read with the history, change, add a price; 422 names JSON fields")
    func staffAPI() async throws {
        try await withTestApp { app, clock in
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing)
            let created = try await Scenario.staffAPI(app, .POST, .staffCatalog, token: token, json: """
                {"kind":"domain","name":"Domain .swiss","periodMonths":[12],"vatRate":"standard","domainExtension":"swiss",
                 "prices":[{"periodMonths":12,"price":{"amountMinor":9900,"currency":"CHF"}},{"periodMonths":12,"price":{"amountMinor":9500,"currency":"EUR"}}]}
                """)
            #expect(created.status == .created)
            let item = try created.content.decode(APIModels.CatalogItem.self)
            #expect(item.domainExtension == "swiss" && item.currentPrices.count == 2 && item.priceHistory?.count == 2 && item.renewalWarrantyAtOrder)
            let bad = try await Scenario.staffAPI(app, .POST, .staffCatalog, token: token, json: #"{"kind":"ksuite","name":"k","periodMonths":[12,7],"vatRate":"9","suiteUsers":0}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(try Scenario.apiFields(bad) == ["periodMonths", "vatRate", "suiteUsers", "suiteStorageGB"], "the body's names, not the staff page's")
            let badPrice = try await Scenario.staffAPI(app, .POST, .staffCatalog, token: token, json: #"{"kind":"web_hosting","name":"X","periodMonths":[12],"vatRate":"standard","prices":[{"periodMonths":12,"price":{"amountMinor":-1,"currency":"CHF"}}]}"#)
            #expect(try Scenario.apiFields(badPrice) == ["prices[0].price.amountMinor"])
            let tomorrow = app.kontor.config.billing.day(app.kontor.config.billing.day(of: clock.now), plus: 1)
            let priced = try await Scenario.staffAPI(app, .POST, .staffCatalogItemPrices(item.id), token: token,
                                                     json: #"{"periodMonths":12,"price":{"amountMinor":10900,"currency":"CHF"},"effectiveOn":"\#(tomorrow)"}"#)
            #expect(priced.status == .created)
            #expect(try priced.content.decode(APIModels.CatalogItem.self).priceHistory?.count == 3)
            let wrongPeriod = try await Scenario.staffAPI(app, .POST, .staffCatalogItemPrices(item.id), token: token,
                                                          json: #"{"periodMonths":24,"price":{"amountMinor":1,"currency":"CHF"}}"#)
            #expect(try Scenario.apiFields(wrongPeriod) == ["periodMonths"])
            let changed = try await Scenario.staffAPI(app, .PATCH, .staffCatalogItem(item.id), token: token, json: #"{"name":"Domain .SWISS","isOrderable":false}"#)
            #expect(changed.status == .ok)
            #expect(try changed.content.decode(APIModels.CatalogItem.self).isOrderable == false)
            let list = try await Scenario.staffAPI(app, .GET, .staffCatalog, token: token).content.decode(APIModels.List<APIModels.CatalogItem>.self)
            #expect(list.items.map(\.name) == ["Domain .SWISS"])
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "catalog_changed").count() == 3)
            let (_, supportToken) = try await Scenario.staffWithToken(app, role: .support)
            #expect(try await Scenario.staffAPI(app, .GET, .staffCatalog, token: supportToken).status == .forbidden)
        }
    }
}

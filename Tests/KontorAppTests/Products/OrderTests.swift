import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import Testing
import Vapor
import VaporTesting

@Suite("Orders: the invoice through billing, the product pending until paid by any path, once per form")
struct OrderTests {
    @Test("without Premium Support the settings offer to order it, for those who may order, while the catalog has it; the link shows only its offers")
    func premiumSupportOffered() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let settings = SiteRoute.organizationSettings(org).path
            #expect(!(try await ana.get(settings).body.string.contains("order-premium-support")), "nothing to order: no link")
            let hosting = try await Scenario.catalogItem(app)
            let premium = try await Scenario.catalogItem(app, .premiumSupport, name: "Premium Support Pro", prices: [(12, "1620.00", "CHF")])
            let page = try await ana.get(settings).body.string
            let link = SiteRoute.newOrder(org).path + "?kind=premium_support"
            #expect(page.contains("id=\"order-premium-support\"") && page.contains("href=\"\(link)\"") && page.contains("Order Premium Support"))
            let catalog = try await ana.get(link).body.string
            #expect(catalog.contains("choose-\(premium.id!.uuidString)") && !catalog.contains("choose-\(hosting.id!.uuidString)"))
            #expect(catalog.contains("id=\"whole-catalog\""), "the rest of the catalog is one click away")
            let whole = try await ana.get(SiteRoute.newOrder(org).path).body.string
            #expect(whole.contains("choose-\(hosting.id!.uuidString)") && !whole.contains("whole-catalog"))
            // A kind nobody offers, or no kind at all, shows everything.
            #expect(try await ana.get(SiteRoute.newOrder(org).path + "?kind=nas_synology").body.string.contains("choose-\(hosting.id!.uuidString)"))

            // A plain user cannot order: no link. With Premium Support, the VIP code instead.
            try await Scenario.customer(app, name: "Carl", email: "carl@example.test")
            try await Scenario.join(app, user: "carl@example.test", organization: organization, role: "user", invitedBy: ana)
            let carl = try await Scenario.signedIn(app, email: "carl@example.test")
            #expect(!(try await carl.get(settings).body.string.contains("order-premium-support")))
            let billing = try await Scenario.staff(app, role: .billing)
            #expect(try await billing.post(SiteRoute.staffPremiumSupport(org).path, form: ["enabled": "true"]).status == .seeOther)
            let withPremium = try await ana.get(settings).body.string
            #expect(withPremium.contains("data-testid=\"vip-code\"") && !withPremium.contains("order-premium-support"))
        }
    }

    @Test("an order issues one invoice to the chosen address with the item's price and VAT; the product waits for payment")
    func orderIssuesInvoice() async throws {
        try await withTestApp { app, clock in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let other = BillingAddress(organizationID: org, address: PostalAddress(name: "Buchhaltung Ana", street: "Bahnhofstrasse", buildingNumber: "3",
                                                                                    postcode: "8001", town: "Zürich", country: "CH"),
                                       invoiceEmail: nil, isDefault: false, now: Date())
            try await other.create(on: app.db)
            let item = try await Scenario.catalogItem(app)
            let form = try await browser.get(SiteRoute.newOrder(org).path + "?item=\(item.id!.uuidString)")
            #expect(form.status == .ok && form.body.string.contains("Renewal Warranty"))
            #expect(form.body.string.contains("selected>Alice AG"), "the default billing address is preselected")

            let placed = try await Scenario.order(browser, org, item: item, renewalWarranty: true, address: other.id)
            #expect(placed.status == .seeOther)
            let (order, product, invoice) = try await Scenario.onlyOrder(app, org)
            #expect(placed.location?.hasPrefix(SiteRoute.order(org, order: order.id!).path) == true)
            #expect(product.isPending && product.renewalWarranty && product.name == "Web hosting Starter" && product.$catalogItem.id == item.id)
            #expect(product.periodMonths == 12 && product.$billingAddress.id == other.id && product.serverPrefix != nil)
            #expect(order.status == .awaitingPayment && order.unitMinor == 11_900 && order.currencyCode == "CHF")
            // 119.00 at the standard 8.1 % = 9.639 → 9.64; billed to the address chosen on the form.
            #expect(invoice.netMinor == 11_900 && invoice.taxMinor == 964 && invoice.totalMinor == 12_864 && invoice.paidAt == nil)
            #expect(invoice.addressName == "Buchhaltung Ana")
            let lines = try await InvoiceLine.query(on: app.db).filter(\.$invoice.$id == invoice.id!).all()
            #expect(lines.count == 1 && lines[0].productID == product.id && lines[0].vatBasisPoints == 810)
            #expect(lines[0].description == "Web hosting Starter: Web hosting Starter, 12 months")
            let page = try await browser.get(SiteRoute.order(org, order: order.id!).path).body.string
            #expect(page.contains(invoice.number) && page.contains("id=\"order-awaiting\"") && !page.contains("order-pay-now"))
            let list = try await browser.get(SiteRoute.organizationProducts(org).path).body.string
            #expect(list.contains("data-status=\"pending\""))
            #expect(try await HostingSite.query(on: app.db).count() == 0, "a hosting without a domain's name gets no site")
            _ = clock
        }
    }

    @Test("a web hosting ordered under a domain's name comes with that site; a domain another hosting serves is left alone, and the order stands")
    func hostingWithSite() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            #expect(try await Scenario.order(browser, org, item: item, name: "ana-shop.ch").status == .seeOther)
            let (_, product, _) = try await Scenario.onlyOrder(app, org)
            let site = try #require(try await HostingSite.query(on: app.db).filter(\.$product.$id == product.id!).first())
            #expect(site.domainName == "ana-shop.ch" && site.phpVersion == app.kontor.config.phpVersions.max()?.description)
            #expect(try await Scenario.order(browser, org, item: item, name: "ana-shop.ch").status == .seeOther)
            #expect(try await ProductOrder.query(on: app.db).count() == 2)
            #expect(try await HostingSite.query(on: app.db).count() == 1, "one site per domain")
        }
    }

    @Test("a web hosting ordered under another organization's domain, or a name under it, comes without that site; under its own domain, with it")
    func hostingUnderAnotherOrganizationsDomain() async throws {
        try await withTestApp { app, clock in
            let walker = try await BankImportTests.customer(app, "Walker").requireID()
            _ = try await RenewalScenario.product(app, clock, in: walker, .domain, name: "walker.studio", expiresIn: 300, item: nil)
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            _ = try await RenewalScenario.product(app, clock, in: org, .domain, name: "ana-shop.ch", expiresIn: 300, item: nil)
            let item = try await Scenario.catalogItem(app)
            for name in ["walker.studio", "shop.walker.studio", "WWW.Walker.Studio"] {
                #expect(try await Scenario.order(browser, org, item: item, name: name).status == .seeOther, "the order stands")
            }
            #expect(try await HostingSite.query(on: app.db).count() == 0, "no site on Walker's domain")
            #expect(try await Scenario.order(browser, org, item: item, name: "blog.ana-shop.ch").status == .seeOther)
            let sites = try await HostingSite.query(on: app.db).all().map(\.domainName)
            #expect(sites == ["blog.ana-shop.ch"], "its own domain's site comes with it")
        }
    }

    @Test("a certificate for a name under another organization's domain, or one another organization already has, is refused by its field; for one's own, ordered")
    func certificateForAnotherOrganizationsName() async throws {
        try await withTestApp { app, clock in
            let walker = try await BankImportTests.customer(app, "Walker").requireID()
            _ = try await RenewalScenario.product(app, clock, in: walker, .domain, name: "walker.studio", expiresIn: 300, item: nil)
            _ = try await RenewalScenario.product(app, clock, in: walker, .sslCertificate, name: "www.walker-elsewhere.com", expiresIn: 300, item: nil)
            let (organization, browser) = try await Scenario.orderingCustomer(app, language: "fr")
            let org = try organization.requireID()
            let certificate = try await Scenario.catalogItem(app, .sslCertificate, name: "SSL certificate DV", prices: [(12, "49.00", "CHF")])
            for name in ["walker.studio", "shop.walker.studio", "*.walker.studio", "www.walker-elsewhere.com"] {
                let refused = try await Scenario.order(browser, org, item: certificate, name: name)
                #expect(refused.status == .unprocessableEntity, "\(name) answered \(refused.status)")
                #expect(refused.body.string.contains(HTMLEscaping.escape(app.kontor.localizer.text("error.products.certificate_name_taken", .fr))), "\(name)")
            }
            #expect(try await ProductOrder.query(on: app.db).count() == 0, "nothing ordered")
            _ = try await RenewalScenario.product(app, clock, in: org, .domain, name: "ana-shop.ch", expiresIn: 300, item: nil)
            #expect(try await Scenario.order(browser, org, item: certificate, name: "www.ana-shop.ch").status == .seeOther, "its own domain")
            #expect(try await Scenario.order(browser, org, item: certificate, name: "www.ana-elsewhere.org").status == .seeOther,
                    "a name no customer holds with us")
        }
    }

    @Test("a domain another organization's hosting serves, registered elsewhere, is held all the same: no site, certificate or registration under it for anyone else")
    func domainServedByAnotherOrganizationsHosting() async throws {
        try await withTestApp { app, clock in
            let walker = try await BankImportTests.customer(app, "Walker").requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: walker, .webHosting, name: "Walker hosting", expiresIn: 300, item: nil)
            try await HostingProvisioning(db: app.db).add(.init(sites: ["walker-consulting.de", "www.victim.ch"]), to: hosting,
                                                          offered: app.kontor.config.phpVersions, now: clock.now)
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            for name in ["blog.walker-consulting.de", "shop.victim.ch", "victim.ch"] {
                #expect(try await Scenario.order(browser, org, item: item, name: name).status == .seeOther, "the order stands")
            }
            #expect(try await HostingSite.query(on: app.db).filter(\.$product.$id != hosting.requireID()).count() == 0, "no site under Walker's domains")
            let certificate = try await Scenario.catalogItem(app, .sslCertificate, name: "SSL certificate DV", prices: [(12, "49.00", "CHF")])
            for name in ["walker-consulting.de", "*.walker-consulting.de", "shop.victim.ch"] {
                #expect(try await Scenario.order(browser, org, item: certificate, name: name).status == .unprocessableEntity, "\(name)")
            }
            let domain = try await Scenario.catalogItem(app, .domain, name: "Domain .ch", prices: [(12, "13.00", "CHF")])
            let taken = try await Scenario.order(browser, org, item: domain, name: "victim.ch")
            #expect(taken.status == .unprocessableEntity && taken.body.string.contains(HTMLEscaping.escape(app.kontor.localizer.text("error.products.domain_taken", .en))))
            #expect(try await Scenario.order(browser, org, item: domain, name: "other-victim.ch").status == .seeOther, "a name no site lies under")
        }
    }

    @Test("every field is checked and named in the customer's language; nothing is written on a refusal")
    func refusals() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app, language: "de")
            let org = try organization.requireID()
            let nas = try await Scenario.catalogItem(app, .nasSynology, name: "NAS Synology DS224+")
            let refused = try await Scenario.order(browser, org, item: nas, period: "24", currency: "USD", renewalWarranty: true)
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("Wählen Sie eine der Perioden"), "period, in German")
            #expect(html.contains("Renewal Warranty wird für dieses Produkt nicht angeboten."))
            let domain = try await Scenario.catalogItem(app, .domain, name: "Domain .ch", prices: [(12, "13.00", "CHF")])
            let badName = try await Scenario.order(browser, org, item: domain, name: "ana.de")
            #expect(badName.status == .unprocessableEntity && badName.body.string.contains("meine-firma.ch"))
            #expect(try await ProductOrder.query(on: app.db).count() == 0)
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await Product.query(on: app.db).count() == 0)
            // A domain with a good name is ordered under that name, lower-cased.
            #expect(try await Scenario.order(browser, org, item: domain, name: "Ana-Garcia.CH").status == .seeOther)
            #expect(try await Product.query(on: app.db).first()?.name == "ana-garcia.ch")
        }
    }

    @Test("an item withdrawn while its form was open is refused on the catalog page in the customer's language, not with a 404")
    func itemWithdrawnMeanwhile() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app, language: "de")
            let org = try organization.requireID()
            let nas = try await Scenario.catalogItem(app, .nasSynology, name: "NAS Synology DS224+")
            nas.isOrderable = false
            try await nas.save(on: app.db)
            let refused = try await Scenario.order(browser, org, item: nas)
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("id=\"order-refusal\"") && html.contains(app.kontor.localizer.text("error.order.item", .de)), "said on the catalog, in German")
            #expect(try await ProductOrder.query(on: app.db).count() == 0)
        }
    }

    @Test("a name its invoices could not print is refused on the name field; the longest name accepted is ordered and renewed, shortened on the renewal's line")
    func productNames() async throws {
        try await withTestApp { app, clock in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            let hidden = try await Scenario.order(browser, org, item: item, name: "site\u{202E}moc.example")
            #expect(hidden.status == .unprocessableEntity)
            let form = hidden.body.string
            let nameField = try #require(form.range(of: "id=\"order-name\"")), addressField = try #require(form.range(of: "id=\"order-address\""))
            #expect(form[nameField.upperBound..<addressField.lowerBound].contains("invisible or control character (U+202E)"), "told on the name")
            #expect(try await ProductOrder.query(on: app.db).count() == 0)

            let name = String(repeating: "long-name-", count: 20)   // 200 characters, the most a name may have
            try await InvoiceTests.credit(app, org, francs: 1_000)
            #expect(try await Scenario.order(browser, org, item: item, name: name).status == .seeOther)
            let (order, product, _) = try await Scenario.onlyOrder(app, org)
            #expect(try await browser.post(SiteRoute.orderPayFromBalance(org, order: order.id!).path).status == .seeOther)
            let renewed = try await browser.post(SiteRoute.renewals(org).path, pairs: RenewalPagesTests.tick([product], action: "renew_now"))
            #expect(renewed.body.string.contains("1 product renewed"), "a name the order took never stops a renewal")
            let lines = try await InvoiceLine.query(on: app.db).all().map(\.description)
            #expect(lines.count == 2 && lines.allSatisfy { $0.count <= InvoiceLineText.maximumLength }, "\(lines)")
            #expect(lines.contains { $0.hasSuffix("…") == false && $0.contains("…") && $0.contains("long-name-long") }, "the name cut, the rest of the line whole: \(lines)")
        }
    }

    @Test("paid from the balance with one click on the order's page: the product becomes active for one period from that day")
    func payFromBalance() async throws {
        try await withTestApp { app, clock in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            try await InvoiceTests.credit(app, org, francs: 200)
            try await Scenario.order(browser, org, item: item)
            let (order, _, invoice) = try await Scenario.onlyOrder(app, org)
            let page = try await browser.get(SiteRoute.order(org, order: order.id!).path).body.string
            #expect(page.contains("id=\"order-pay-now\""), "the balance of 200 covers 128.64")
            clock.advance(by: 86_400)
            let later = try await Scenario.signedIn(app, email: "ana@example.test")   // a day later, a new session
            let paid = try await later.post(SiteRoute.orderPayFromBalance(org, order: order.id!).path)
            #expect(paid.status == .seeOther)
            let (after, product, settled) = try await Scenario.onlyOrder(app, org)
            #expect(settled.paidAt != nil && settled.openMinor == 0 && after.status == .active && !product.isPending)
            let today = app.kontor.config.billing.day(of: clock.now)
            #expect(ProductService.utcDay(of: product.renewsAt) == BillingPeriod(months: 12)!.end(startingOn: ProductService.utcDay(of: clock.now)), "\(today)")
            #expect(try await PrepaidLedger.balance(of: org, currency: .chf, on: app.db).minorUnits == 20_000 - invoice.totalMinor)
            // A second click finds it paid and says so; nothing moves twice.
            let again = try await later.post(SiteRoute.orderPayFromBalance(org, order: order.id!).path)
            #expect(again.status == .conflict)
            #expect(try await PrepaidEntry.query(on: app.db).count() == 2)
        }
    }

    @Test("with 'pay new invoices from the balance' on, the order is paid at issue and starts at once")
    func paidAtIssue() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            organization.payFromBalance = true
            try await organization.save(on: app.db)
            try await InvoiceTests.credit(app, org, francs: 500)
            try await Scenario.order(browser, org, item: try await Scenario.catalogItem(app))
            let (order, product, invoice) = try await Scenario.onlyOrder(app, org)
            #expect(invoice.paidAt != nil && order.status == .active && !product.isPending)
        }
    }

    @Test("paid by the bank statement: the import settles the invoice and starts the product in the same transaction")
    func paidByStatement() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            try await Scenario.order(browser, org, item: try await Scenario.catalogItem(app))
            let (_, _, invoice) = try await Scenario.onlyOrder(app, org)
            let file = CamtFile(entries: [.init(payments: [.init(reference: invoice.reference, amount: "128.64", bankReference: "ORDER-1")], entryReference: "E1")])
            let summary = try await BankImportTests.importer(app).run(.data(file.data), fileName: "order.xml")
            #expect(summary.settled == 1)
            let (order, product, paid) = try await Scenario.onlyOrder(app, org)
            #expect(paid.paidAt != nil && order.status == .active && !product.isPending)
            // The same statement again changes nothing.
            #expect(try await BankImportTests.importer(app).run(.data(file.data), fileName: "order.xml").duplicates == 1)
        }
    }

    @Test("paid by staff with a credit note for the whole invoice: the product starts too")
    func paidByCreditNote() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            try await Scenario.order(browser, org, item: try await Scenario.catalogItem(app, vat: "none"))
            let (_, _, invoice) = try await Scenario.onlyOrder(app, org)
            _ = try await app.invoiceIssuer.issueCreditNote(for: invoice.id!, lines: [.init(description: "Goodwill", quantity: 1,
                                                                                          unitPrice: Money(minorUnits: 11_900, currency: .chf), vatRate: .zero)],
                                                            staffID: nil, note: nil, now: Date())
            let (order, product, paid) = try await Scenario.onlyOrder(app, org)
            #expect(paid.openMinor == 0 && order.status == .active && !product.isPending)
        }
    }

    @Test("an organization staff allow to pay later gets its product at once, with the invoice still open; the switch is audited")
    func payLater() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let staff = try await Scenario.staff(app, role: .billing)
            let switched = try await staff.post(SiteRoute.staffCustomerPayLater(org).path, form: ["enabled": "true"])
            #expect(switched.status == .seeOther)
            #expect(try await Organization.find(org, on: app.db)?.payLater == true)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "pay_later_changed").filter(\.$organizationID == org).count() == 1)
            try await Scenario.order(browser, org, item: try await Scenario.catalogItem(app))
            let (order, product, invoice) = try await Scenario.onlyOrder(app, org)
            #expect(invoice.paidAt == nil && invoice.openMinor == 12_864 && order.status == .active && !product.isPending)
            // Support staff may not switch it.
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.post(SiteRoute.staffCustomerPayLater(org).path, form: ["enabled": "false"]).status == .forbidden)
        }
    }

    @Test("orders take the price in effect on their day: an announced price waits for its day, an ordered price never changes")
    func priceEffectiveDates() async throws {
        try await withTestApp { app, clock in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app, vat: "none", prices: [(12, "100.00", "CHF")])
            let tomorrow = app.kontor.config.billing.day(of: clock.now.addingTimeInterval(86_400))
            _ = try await CatalogService(db: app.db, config: app.kontor.config.billing)
                .addPrice(to: item, .init(period: "12", currency: "CHF", amount: "120.00", effectiveOn: tomorrow), staffID: nil, now: clock.now) { _, _ in }
            try await Scenario.order(browser, org, item: item)
            clock.advance(by: 86_400)
            try await Scenario.order(try await Scenario.signedIn(app, email: "ana@example.test"), org, item: item)
            let prices = try await ProductOrder.query(on: app.db).sort(\.$createdAt).all().map(\.unitMinor)
            #expect(prices == [10_000, 12_000])
            let totals = try await Invoice.query(on: app.db).sort(\.$sequence).all().map(\.totalMinor)
            #expect(totals == [10_000, 12_000], "the first invoice kept its price")
        }
    }

    @Test("users who are neither legal representative nor administrator get a 403 and no button; the API says the same")
    func roles() async throws {
        try await withTestApp { app, _ in
            let (organization, owner) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user", invitedBy: owner)
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            try await bob.post(SiteRoute.switchOrganization(org).path)
            #expect(!(try await bob.get(SiteRoute.organizationProducts(org).path).body.string.contains("id=\"order-product\"")))
            #expect(try await owner.get(SiteRoute.organizationProducts(org).path).body.string.contains("id=\"order-product\""))
            #expect(try await bob.get(SiteRoute.newOrder(org).path).status == .forbidden)
            #expect(try await Scenario.order(bob, org, item: item).status == .forbidden)
            let token = try await Scenario.apiToken(app, email: "bob@example.test")
            let api = try await Scenario.api(app, .POST, .organizationOrders(org), token: token,
                                             body: #"{"itemId":"\#(item.id!.uuidString)","periodMonths":12,"currency":"CHF","idempotencyKey":"k1"}"#)
            #expect(api.status == .forbidden)
            #expect(try await Scenario.api(app, .GET, .organizationCatalog(org), token: token).status == .ok, "every member may read the catalog")
            #expect(try await ProductOrder.query(on: app.db).count() == 0)
        }
    }

    @Test("Premium Support: one per organization, and paying it gives the VIP code")
    func premiumSupport() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let support = try await Scenario.catalogItem(app, .premiumSupport, name: "Premium Support Pro", prices: [(6, "900.00", "CHF")])
            try await InvoiceTests.credit(app, org, francs: 2_000)
            try await Scenario.order(browser, org, item: support, period: "6")
            let (order, _, _) = try await Scenario.onlyOrder(app, org)
            #expect(try await Organization.find(org, on: app.db)?.vipCode == nil, "not before it is paid")
            try await browser.post(SiteRoute.orderPayFromBalance(org, order: order.id!).path)
            #expect(try await Organization.find(org, on: app.db)?.vipCode != nil)
            let second = try await Scenario.order(browser, org, item: support, period: "6")
            #expect(second.status == .unprocessableEntity)
            #expect(try await ProductOrder.query(on: app.db).count() == 1)
        }
    }
}

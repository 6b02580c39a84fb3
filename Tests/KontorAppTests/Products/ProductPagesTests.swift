import Fluent
import Foundation
import KontorDomain
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Products: the list, Renewal Warranty and the MySQL prefix option (seed guides \"Renewal Warranty\", \"Prefijo MySQL\")")
struct ProductPagesTests {
    /// Ana's organization with a hosting, a domain and a NAS, and Bob as a plain user of it.
    static func setUp(_ app: Application) async throws -> (ana: Browser, bob: Browser, organization: Organization, products: Scenario.Products) {
        let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
        let organization = try await Scenario.organization(of: ana, on: app)
        let products = try await Scenario.products(app, in: organization)
        let anaBrowser = try await Scenario.signedIn(app, email: "ana@example.test")
        try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
        try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user", invitedBy: anaBrowser)
        return (anaBrowser, try await Scenario.signedIn(app, email: "bob@example.test"), organization, products)
    }

    @Test("every member sees the products with their renewal dates; the console lists them too")
    func list() async throws {
        try await withTestApp { app, _ in
            let (_, bob, organization, products) = try await Self.setUp(app)
            let page = try await bob.get(SiteRoute.organizationProducts(organization.id!).path)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("ana.example") && html.contains("NAS office") && html.contains("Web hosting"))
            #expect(html.contains(Self.day(products.hosting.renewsAt)))
            #expect(!html.contains("id=\"bulk-on\""), "a plain user gets no bulk buttons")
            // Bob lands in his own company; in Ana's, its console lists its products.
            #expect(try await bob.post(SiteRoute.switchOrganization(organization.id!).path).status == .seeOther)
            #expect(try await bob.get(SiteRoute.console.path).body.string.contains(SiteRoute.organizationProduct(organization.id!, product: products.nas.id!).path))
        }
    }

    @Test("the Premium Support product shows the VIP code and the priority contacts it gives")
    func premiumSupportPage() async throws {
        try await withTestApp(configure: { $0.supportContacts = SupportContacts(phone: "+41 22 000 00 00", premiumEmail: "vip@provider.example",
                                                                                  premiumPhone: "+41 22 000 00 99") }) { app, _ in
            let (ana, _, organization, products) = try await Self.setUp(app)
            let premium = try await ProductService(db: app.db).provision(.init(kind: "premium_support", name: "Premium Support Pro", renewsOn: "2027-06-30"),
                                                                         in: organization.id!, now: app.kontor.clock.now(), phpVersions: app.kontor.config.phpVersions)
            let code = try #require(try await Organization.find(organization.id, on: app.db)?.vipCode.flatMap(VIPCode.init)?.formatted)
            let page = try await ana.get(SiteRoute.organizationProduct(organization.id!, product: premium.id!).path).body.string
            #expect(page.contains("data-testid=\"vip-code\">\(code)</p>"))
            #expect(page.contains("href=\"tel:+41220000099\"") && page.contains("mailto:vip@provider.example"))
            let hosting = try await ana.get(SiteRoute.organizationProduct(organization.id!, product: products.hosting.id!).path).body.string
            #expect(!hosting.contains("id=\"premium-support\""), "only on Premium Support itself")
        }
    }

    @Test("another organization's product is a 404, even asked for under one's own organization")
    func otherOrganizationsProduct() async throws {
        try await withTestApp { app, _ in
            let (_, _, _, products) = try await Self.setUp(app)
            let mallory = try await Scenario.customer(app, name: "Mallory", email: "mallory@example.test")
            let own = try await Scenario.organization(of: mallory, on: app)
            let browser = try await Scenario.signedIn(app, email: "mallory@example.test")
            #expect(try await browser.get(SiteRoute.organizationProduct(own.id!, product: products.hosting.id!).path).status == .notFound)
            #expect(try await browser.post(SiteRoute.productRenewalWarranty(own.id!, product: products.hosting.id!).path, form: ["enabled": "true"]).status == .notFound)
            #expect(try await browser.post(SiteRoute.organizationRenewalWarranty(own.id!).path,
                                           pairs: [("products[]", products.domain.id!.uuidString), ("enabled", "true")]).status == .notFound)
            let token = try await Scenario.apiToken(app, email: "mallory@example.test")
            #expect(try await Scenario.api(app, .PATCH, .organizationProduct(own.id!, product: products.hosting.id!), token: token,
                                           body: #"{"renewalWarranty":true}"#).status == .notFound)
            #expect(try await Product.find(products.hosting.id, on: app.db)?.renewalWarranty == false)
            #expect(try await Product.find(products.domain.id, on: app.db)?.renewalWarranty == false)
        }
    }

    @Test("Renewal Warranty one by one: legal representatives and administrators switch it, users cannot, the NAS does not offer it")
    func oneByOne() async throws {
        try await withTestApp { app, _ in
            let (ana, bob, organization, products) = try await Self.setUp(app)
            let org = organization.id!
            let on = try await ana.post(SiteRoute.productRenewalWarranty(org, product: products.domain.id!).path, form: ["enabled": "true"])
            #expect(on.status == .seeOther && on.location?.contains("notice=renewal_warranty_on") == true)
            #expect(try await Product.find(products.domain.id, on: app.db)?.renewalWarranty == true)
            #expect(try await ana.get(SiteRoute.organizationProduct(org, product: products.domain.id!).path).body.string.contains("id=\"renewal-warranty-off\""))

            #expect(try await bob.post(SiteRoute.productRenewalWarranty(org, product: products.domain.id!).path, form: ["enabled": "false"]).status == .forbidden)
            #expect(try await Product.find(products.domain.id, on: app.db)?.renewalWarranty == true)

            // The seed: "disponible al hacer el pedido (excepto para el producto NAS Synology) o después de la compra".
            let nas = try await ana.post(SiteRoute.productRenewalWarranty(org, product: products.nas.id!).path, form: ["enabled": "true"])
            #expect(nas.status == .seeOther)
            #expect(try await Product.find(products.nas.id, on: app.db)?.renewalWarranty == true)
            #expect(try await ana.post(SiteRoute.productRenewalWarranty(org, product: products.domain.id!).path, form: ["enabled": "maybe"]).status == .unprocessableEntity)
        }
    }

    @Test("all products at once: the ticked ones switch in one step, the NAS too")
    func allAtOnce() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await Self.setUp(app)
            let ticked = [products.hosting, products.domain, products.nas].map { ("products[]", $0.id!.uuidString) }
            let page = try await ana.post(SiteRoute.organizationRenewalWarranty(organization.id!).path, pairs: ticked + [("enabled", "true")])
            #expect(page.status == .ok)
            #expect(page.body.string.contains("switched on for 3 products.") && !page.body.string.contains("does not offer"))
            let all = try await Product.query(on: app.db).all()
            #expect(all.filter(\.renewalWarranty).map(\.name).sorted() == ["NAS office", "ana.example", "ana.example"])
            let nothingTicked = try await ana.post(SiteRoute.organizationRenewalWarranty(organization.id!).path, pairs: [("enabled", "true")])
            #expect(nothingTicked.status == .unprocessableEntity)
            #expect(nothingTicked.body.string.contains("id=\"bulk-error\" tabindex=\"-1\" autofocus>Tick at least one product.</p>"),
                    "a sentence on the products page itself, where focus goes — not an error page naming the field")
            #expect(nothingTicked.body.string.contains("id=\"renewals-form\""))
            let off = try await ana.post(SiteRoute.organizationRenewalWarranty(organization.id!).path, pairs: ticked + [("enabled", "false")])
            #expect(off.body.string.contains("switched off for 3 products."))
            #expect(try await Product.query(on: app.db).filter(\.$renewalWarranty == true).count() == 0)
        }
    }

    @Test("a web hosting's page lists its sites, databases and users with the server prefix; the option itself is on each site")
    func hostingPage() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await Self.setUp(app)
            let org = organization.id!
            let page = try await ana.get(SiteRoute.organizationProduct(org, product: products.hosting.id!).path).body.string
            #expect(page.contains(SiteRoute.site(org, site: products.site.id!).path) && page.contains("migrated from an older offer"))
            #expect(page.contains("<code>wxyz_mabase</code>") && page.contains("<code>wxyz_monuser</code>"))
            #expect(!page.contains("id=\"mysql-prefix\""), "no product-level switch any more")
            let domain = try await ana.get(SiteRoute.organizationProduct(org, product: products.domain.id!).path).body.string
            #expect(!domain.contains("id=\"sites\""))
        }
    }

    @Test("the API lists and changes products as the pages do, all or nothing")
    func api() async throws {
        try await withTestApp { app, _ in
            let (_, _, organization, products) = try await Self.setUp(app)
            let org = organization.id!
            let ana = try await Scenario.apiToken(app, email: "ana@example.test")
            let list = try await Scenario.api(app, .GET, .organizationProducts(org), token: ana)
            let items = try list.content.decode(APIModels.List<APIModels.Product>.self).items
            #expect(items.map(\.kind) == ["web_hosting", "domain", "nas_synology"])
            #expect(items[0].mysqlPrefix?.namePrefix == "wxyz_")
            #expect(items[2].renewalWarranty == false && items[1].renewalWarranty == false)

            let changed = try await Scenario.api(app, .PATCH, .organizationProduct(org, product: products.hosting.id!), token: ana,
                                                 body: #"{"renewalWarranty":true}"#)
            #expect(changed.status == .ok)
            let product = try changed.content.decode(APIModels.Product.self)
            #expect(product.renewalWarranty == true)

            // The MySQL prefix is each site's now: asked for here, the whole change is refused, Renewal Warranty included.
            let refused = try await Scenario.api(app, .PATCH, .organizationProduct(org, product: products.domain.id!), token: ana,
                                                 body: #"{"renewalWarranty":true,"mysqlPrefix":true}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(try Scenario.apiError(refused).fields?.first?.field == "mysqlPrefix", "named as the JSON property")
            #expect(try await Product.find(products.domain.id, on: app.db)?.renewalWarranty == false)

            let bob = try await Scenario.apiToken(app, email: "bob@example.test")
            #expect(try await Scenario.api(app, .GET, .organizationProduct(org, product: products.domain.id!), token: bob).status == .ok)
            #expect(try await Scenario.api(app, .PATCH, .organizationProduct(org, product: products.domain.id!), token: bob,
                                           body: #"{"renewalWarranty":true}"#).status == .forbidden)
            let malformed = try await Scenario.api(app, .PATCH, .organizationProduct(org, product: products.domain.id!), token: ana,
                                                   body: #"{"renewalWarranty":"yes"}"#)
            #expect(malformed.status == .badRequest)
            #expect(try Scenario.apiError(malformed).fields?.map(\.field) == ["renewalWarranty"])
        }
    }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}

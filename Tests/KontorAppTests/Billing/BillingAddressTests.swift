import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Billing addresses (seed guide \"agregar una dirección de facturación\"): add them, choose one per product")
struct BillingAddressTests {
    /// The add form as the page sends it: each use carries a key of its own, as each page the customer opens does.
    static var bakery: [String: String] {
        ["name": "Panadería García SL", "street": "Calle Mayor", "building_number": "12", "postcode": "28013",
         "town": "Madrid", "country": "ES", "idempotency_key": UUID().uuidString]
    }
    static var accounting: [String: String] {
        ["name": "García Contabilidad", "street": "Gran Vía", "building_number": "1", "postcode": "28013",
         "town": "Madrid", "country": "ES", "invoice_email": "facturas@garcia.example", "idempotency_key": UUID().uuidString]
    }

    @Test("a postcode the country cannot have is named on the form, in the customer's language, and nothing is saved")
    func postcodeOfTheCountry() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            var madrid = Self.bakery
            madrid["postcode"] = "2801"
            let wrong = try await ana.post(SiteRoute.billingAddresses(organization.id!).path + "?lang=es", form: madrid)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("id=\"ba-postcode-error\"") && wrong.body.string.contains("No es un código postal del país elegido"))
            #expect(try await BillingAddress.query(on: app.db).count() == 0)
        }
    }

    @Test("the first address becomes the default; every field's problem is named on the form; plain users only read")
    func add() async throws {
        try await withTestApp { app, _ in
            let (ana, bob, organization, _) = try await ProductPagesTests.setUp(app)
            let path = SiteRoute.billingAddresses(organization.id!).path
            let wrong = try await ana.post(path, form: ["name": "", "street": "Calle Mayor", "postcode": "28013", "town": String(repeating: "M", count: 36),
                                                        "country": "XX", "invoice_email": "not-an-address", "idempotency_key": UUID().uuidString])
            #expect(wrong.status == .unprocessableEntity)
            let html = wrong.body.string
            for id in ["ba-name-error", "ba-town-error", "ba-country-error", "ba-email-error"] { #expect(html.contains("id=\"\(id)\""), "\(id) shown") }
            #expect(html.contains("value=\"Calle Mayor\""), "what was typed is kept")
            #expect(try await BillingAddress.query(on: app.db).count() == 0)

            #expect(try await ana.post(path, form: Self.bakery).location?.contains("notice=billing_address_added") == true)
            let first = try #require(try await BillingAddress.query(on: app.db).first())
            #expect(first.isDefault && first.country == "ES" && first.buildingNumber == "12")

            #expect(try await ana.get(path).body.string.contains("<option value=\"CH\" selected>"), "a new address starts in the provider's country")
            let page = try await bob.get(path).body.string
            #expect(page.contains("Calle Mayor 12") && page.contains("id=\"default-address\"") && !page.contains("id=\"billing-address-add\""))
            #expect(try await bob.post(path, form: Self.accounting).status == .forbidden)
            #expect(try await BillingAddress.query(on: app.db).count() == 1)
        }
    }

    @Test("one default at a time; the default and an address a product uses cannot be removed, and the page says why")
    func defaultAndRemoval() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await ProductPagesTests.setUp(app)
            let org = organization.id!
            try await ana.post(SiteRoute.billingAddresses(org).path, form: Self.bakery)
            var mistaken = Self.accounting
            mistaken["make_default"] = "on"
            mistaken["postcode"] = ""
            #expect(try await ana.post(SiteRoute.billingAddresses(org).path, form: mistaken).body.string.contains("id=\"ba-make-default\" checked"),
                    "the tick survives a refused form")
            try await ana.post(SiteRoute.billingAddresses(org).path, form: Self.accounting)
            let bakery = try #require(try await BillingAddress.query(on: app.db).filter(\.$name == "Panadería García SL").first())
            let second = try #require(try await BillingAddress.query(on: app.db).filter(\.$name == "García Contabilidad").first())
            #expect(!second.isDefault)

            let refused = try await ana.post(SiteRoute.billingAddressRemove(org, address: bakery.id!).path)
            #expect(refused.status == .conflict && refused.body.string.contains("make another address the default"))

            #expect(try await ana.post(SiteRoute.billingAddressDefault(org, address: second.id!).path).status == .seeOther)
            #expect(try await BillingAddress.query(on: app.db).filter(\.$isDefault == true).all().map(\.id) == [second.id])

            #expect(try await ana.post(SiteRoute.productBillingAddress(org, product: products.hosting.id!).path,
                                       form: ["billing_address": bakery.id!.uuidString]).status == .seeOther)
            let inUse = try await ana.post(SiteRoute.billingAddressRemove(org, address: bakery.id!).path)
            #expect(inUse.status == .conflict && inUse.body.string.contains("This address is used to invoice \(products.hosting.name):"),
                    "the refusal names the product to change first")
            try await ana.post(SiteRoute.productBillingAddress(org, product: products.hosting.id!).path, form: ["billing_address": ""])
            #expect(try await ana.post(SiteRoute.billingAddressRemove(org, address: bakery.id!).path).status == .seeOther)
            #expect(try await BillingAddress.query(on: app.db).count() == 1)
            // The last address, while products are billed to it: renewals would have nowhere to go.
            let last = try await ana.post(SiteRoute.billingAddressRemove(org, address: second.id!).path)
            #expect(last.status == .conflict && last.body.string.contains("last billing address"))
            #expect(try await BillingAddress.query(on: app.db).count() == 1)
        }
    }

    @Test("a product is invoiced to the default until it names another address of the same organization")
    func perProduct() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await ProductPagesTests.setUp(app)
            let org = organization.id!
            let productPage = SiteRoute.organizationProduct(org, product: products.domain.id!).path
            #expect(try await ana.get(productPage).body.string.contains("id=\"no-billing-address\""))
            try await ana.post(SiteRoute.billingAddresses(org).path, form: Self.bakery)
            try await ana.post(SiteRoute.billingAddresses(org).path, form: Self.accounting)
            let second = try #require(try await BillingAddress.query(on: app.db).filter(\.$name == "García Contabilidad").first())
            #expect(try await ana.get(productPage).body.string.contains("Panadería García SL<br>"), "the default until chosen")

            let chosen = try await ana.post(SiteRoute.productBillingAddress(org, product: products.domain.id!).path, form: ["billing_address": second.id!.uuidString])
            #expect(chosen.location?.contains("notice=billing_address_chosen") == true)
            #expect(try await Product.find(products.domain.id, on: app.db)?.$billingAddress.id == second.id)
            #expect(try await ana.get(productPage).body.string.contains("García Contabilidad<br>"))

            // Another organization's address, or something that is no address at all, is refused by name.
            let bea = try await Scenario.customer(app, name: "Bea", email: "bea@example.test")
            let beas = BillingAddress(organizationID: try await Scenario.organization(of: bea, on: app).id!,
                                      address: PostalAddress(name: "Bea", street: "Rue", buildingNumber: "", postcode: "1200", town: "Genève", country: "CH"),
                                      invoiceEmail: nil, isDefault: true, now: Date())
            try await beas.create(on: app.db)
            for value in [beas.id!.uuidString, "not-an-address"] {
                let refused = try await ana.post(SiteRoute.productBillingAddress(org, product: products.domain.id!).path, form: ["billing_address": value])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Choose one of this organization"))
            }
            #expect(try await Product.find(products.domain.id, on: app.db)?.$billingAddress.id == second.id)
        }
    }

    @Test("the API adds, lists, makes default, removes, and points a product at an address or back at the default")
    func api() async throws {
        try await withTestApp { app, _ in
            let (_, _, organization, products) = try await ProductPagesTests.setUp(app)
            let org = organization.id!
            let ana = try await Scenario.apiToken(app, email: "ana@example.test")
            let invalid = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: ana,
                                                 body: #"{"name":"X","street":"Y","buildingNumber":"12345678901234567","postcode":"1000","town":"Z","country":"CH","invoiceEmail":"nope"}"#)
            #expect(invalid.status == .unprocessableEntity)
            #expect(try Scenario.apiError(invalid).fields?.map(\.field) == ["buildingNumber", "invoiceEmail"])

            let created = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: ana,
                                                 body: #"{"name":"Weber AG","street":"Bahnhofstrasse","buildingNumber":"1","postcode":"8001","town":"Zürich","country":"ch"}"#)
            #expect(created.status == .created)
            let first = try created.content.decode(APIModels.BillingAddress.self)
            #expect(first.isDefault && first.country == "CH")
            let second = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: ana,
                                                body: #"{"name":"Weber Buchhaltung","street":"Seestrasse","postcode":"8002","town":"Zürich","country":"CH"}"#)
                .content.decode(APIModels.BillingAddress.self)
            #expect(!second.isDefault)
            #expect(try await Scenario.api(app, .PATCH, .organizationBillingAddress(org, address: second.id), token: ana, body: #"{"isDefault":true}"#)
                .content.decode(APIModels.BillingAddress.self).isDefault)
            let list = try await Scenario.api(app, .GET, .organizationBillingAddresses(org), token: ana).content.decode(APIModels.List<APIModels.BillingAddress>.self)
            #expect(list.items.map(\.id) == [second.id, first.id], "the default first")

            let pointed = try await Scenario.api(app, .PATCH, .organizationProduct(org, product: products.hosting.id!), token: ana,
                                                 body: #"{"billingAddressID":"\#(first.id.uuidString)"}"#)
            #expect(try pointed.content.decode(APIModels.Product.self).billingAddressID == first.id)
            let untouched = try await Scenario.api(app, .PATCH, .organizationProduct(org, product: products.hosting.id!), token: ana, body: #"{"renewalWarranty":true}"#)
            #expect(try untouched.content.decode(APIModels.Product.self).billingAddressID == first.id, "leaving the key out changes nothing")
            #expect(try await Scenario.api(app, .DELETE, .organizationBillingAddress(org, address: first.id), token: ana).status == .conflict)
            let reset = try await Scenario.api(app, .PATCH, .organizationProduct(org, product: products.hosting.id!), token: ana, body: #"{"billingAddressID":null}"#)
            #expect(try reset.content.decode(APIModels.Product.self).billingAddressID == nil)
            #expect(try await Scenario.api(app, .DELETE, .organizationBillingAddress(org, address: first.id), token: ana).status == .noContent)

            let foreign = try await Scenario.api(app, .PATCH, .organizationProduct(org, product: products.hosting.id!), token: ana,
                                                 body: #"{"billingAddressID":"\#(UUID().uuidString)"}"#)
            #expect(foreign.status == .unprocessableEntity)
            #expect(try Scenario.apiError(foreign).fields?.map(\.field) == ["billingAddressID"])
        }
    }

    @Test("a business abroad enters its VAT number: it is checked against the address's country, and its invoices are reverse charge without Swiss VAT")
    func vatNumber() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = organization.id!
            let path = SiteRoute.billingAddresses(org).path
            var berlin = ["name": "Bäckerei Weber GmbH", "street": "Friedrichstrasse", "building_number": "5", "postcode": "10117",
                          "town": "Berlin", "country": "DE", "vat_number": "ATU13585627", "idempotency_key": UUID().uuidString]
            let wrongCountry = try await ana.post(path, form: berlin)
            #expect(wrongCountry.status == .unprocessableEntity)
            #expect(wrongCountry.body.string.contains("id=\"ba-vat-error\"") && wrongCountry.body.string.contains("value=\"ATU13585627\""))
            #expect(try await BillingAddress.query(on: app.db).count() == 0, "nothing saved")
            berlin["vat_number"] = "DE 136 695 977"
            let mistyped = try await ana.post(path, form: berlin)
            #expect(mistyped.status == .unprocessableEntity && mistyped.body.string.contains("check digit"), "a mistyped number never makes invoices reverse charge")
            berlin["vat_number"] = "DE 136 695 976"
            #expect(try await ana.post(path, form: berlin).location?.contains("notice=billing_address_added") == true)
            let list = try await ana.get(path).body.string
            #expect(list.contains("<span class=\"vat-number\">DE136695976</span>"))
            #expect(list.contains("10117 Berlin<br></address>") && list.contains("Germany"), "the country in words, not its code above it")

            let invoice = try await app.invoiceIssuer.issue(
                .init(organizationID: org, currency: .chf,
                      lines: [.init(description: "Web hosting", quantity: 1, unitPrice: Money(minorUnits: 10_000, currency: .chf), vatRate: .swissStandard)],
                      language: .de), now: Date())
            #expect(invoice.reverseCharge && invoice.taxMinor == 0 && invoice.totalMinor == 10_000)
            #expect(invoice.customerVATNumber == "DE136695976")

            // A Swiss business's number is printed, but Swiss VAT is charged.
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let bad = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: token,
                                             body: #"{"name":"Weber AG","street":"Seestrasse","postcode":"8002","town":"Zürich","country":"CH","vatNumber":"CHE-116.281.711","isDefault":true}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(try Scenario.apiError(bad).fields?.map(\.field) == ["vatNumber"])
            let swiss = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: token,
                                               body: #"{"name":"Weber AG","street":"Seestrasse","postcode":"8002","town":"Zürich","country":"CH","vatNumber":"CHE-116.281.710 MWST","isDefault":true}"#)
            #expect(try swiss.content.decode(APIModels.BillingAddress.self).vatNumber == "CHE116281710")
            let domestic = try await app.invoiceIssuer.issue(
                .init(organizationID: org, currency: .chf,
                      lines: [.init(description: "Web hosting", quantity: 1, unitPrice: Money(minorUnits: 10_000, currency: .chf), vatRate: .swissStandard)],
                      language: .de), now: Date())
            #expect(!domestic.reverseCharge && domestic.taxMinor == 810 && domestic.customerVATNumber == "CHE-116.281.710")
        }
    }
}

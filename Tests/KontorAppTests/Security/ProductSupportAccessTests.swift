import Fluent
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Temporary support access to one product (issue: \"to the organization, or to one product\"; ASVS 8.2.2, 8.3.2)")
struct ProductSupportAccessTests {
    /// Ana grants support access to her hosting only.
    static func grantHosting(_ app: Application, canChange: Bool) async throws
        -> (owner: Browser, organization: Organization, products: Scenario.Products, grant: SupportGrant) {
        let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
        let organization = try await Scenario.organization(of: ana, on: app)
        let products = try await Scenario.products(app, in: organization)
        let owner = try await Scenario.signedIn(app, email: "ana@example.test")
        let settings = try await owner.get(SiteRoute.organizationSettings(organization.id!).path).body.string
        #expect(settings.contains("id=\"grant-product\"") && settings.contains("value=\"\(products.hosting.id!.uuidString)\""))
        var form = ["hours": "4", "product": products.hosting.id!.uuidString]
        if canChange { form["can_change"] = "on" }
        let granted = try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: form)
        #expect(granted.status == .seeOther && granted.location?.contains("notice=support_access_granted_product") == true,
                "the notice says one product, not the organization")
        let grant = try #require(try await SupportGrant.query(on: app.db).first())
        #expect(grant.$product.id == products.hosting.id)
        return (owner, organization, products, grant)
    }

    @Test("staff see that product and nothing else of the organization: no members, no other product, no renaming")
    func onlyThatProduct() async throws {
        try await withTestApp { app, _ in
            let (owner, organization, products, grant) = try await Self.grantHosting(app, canChange: true)
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.get(SiteRoute.staffGrants.path).body.string.contains("only the product ana.example"))
            let page = try await support.get(SiteRoute.staffGrant(grant.id!).path).body.string
            #expect(!page.contains("id=\"grant-members\"") && !page.contains("id=\"grant-settings-form\"") && !page.contains("grant-billing-addresses"))
            #expect(page.contains(SiteRoute.staffGrantProduct(grant.id!, product: products.hosting.id!).path))
            #expect(!page.contains(products.domain.id!.uuidString) && !page.contains("NAS office"))

            #expect(try await support.get(SiteRoute.staffGrantProduct(grant.id!, product: products.hosting.id!).path).status == .ok)
            #expect(try await support.get(SiteRoute.staffGrantProduct(grant.id!, product: products.domain.id!).path).status == .notFound)
            #expect(try await support.post(SiteRoute.staffGrantProductSettings(grant.id!, product: products.nas.id!).path,
                                           form: ["renewal_warranty": "on"]).status == .notFound)
            #expect(try await support.post(SiteRoute.staffGrantSettings(grant.id!).path, form: ["name": "Taken over"]).status == .forbidden)
            #expect(try await Organization.find(organization.id, on: app.db)?.name == "Ana")
            let refusals = try await SecurityEvent.query(on: app.db).filter(\.$kind == "access_denied").all()
            #expect(refusals.contains { $0.detail == "product not covered by support grant" })

            let actions = try await owner.get(SiteRoute.organizationSettings(organization.id!).path).body.string
            #expect(actions.contains("viewed the product “ana.example”"))
        }
    }

    @Test("with \"may change settings\" staff switch the product's settings; each change is logged and shown to the customer")
    func mayChange() async throws {
        try await withTestApp { app, _ in
            let (owner, organization, products, grant) = try await Self.grantHosting(app, canChange: true)
            let support = try await Scenario.staff(app, role: .support)
            let path = SiteRoute.staffGrantProductSettings(grant.id!, product: products.hosting.id!).path
            // The form as sent with Renewal Warranty ticked.
            #expect(try await support.post(path, form: ["renewal_warranty": "on"]).status == .seeOther)
            let hosting = try #require(try await Product.find(products.hosting.id, on: app.db))
            #expect(hosting.renewalWarranty)
            // Saving again unchanged writes and logs nothing new.
            #expect(try await support.post(path, form: ["renewal_warranty": "on"]).status == .seeOther)
            let changes = try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_action_under_grant").all()
                .compactMap { GrantAction.read($0.detail)?.action }.filter { $0 != "viewed_product" }
            #expect(changes.sorted() == ["renewal_warranty_on"])
            let settings = try await owner.get(SiteRoute.organizationSettings(organization.id!).path).body.string
            #expect(settings.contains("switched Renewal Warranty on for “ana.example”"))
        }
    }

    @Test("a read-only access shows the product but changes nothing; ending it refuses the very next request")
    func readOnlyAndRevoked() async throws {
        try await withTestApp { app, _ in
            let (owner, organization, products, grant) = try await Self.grantHosting(app, canChange: false)
            let support = try await Scenario.staff(app, role: .support)
            let productPage = SiteRoute.staffGrantProduct(grant.id!, product: products.hosting.id!).path
            #expect(!(try await support.get(productPage).body.string.contains("id=\"grant-product-form\"")))
            #expect(try await support.post(SiteRoute.staffGrantProductSettings(grant.id!, product: products.hosting.id!).path,
                                           form: ["renewal_warranty": "on", "mysql_prefix": "on"]).status == .forbidden)
            #expect(try await Product.find(products.hosting.id, on: app.db)?.renewalWarranty == false)
            try await owner.post(SiteRoute.revokeSupportAccess(organization.id!, grant: grant.id!).path)
            #expect(try await support.get(productPage).status == .notFound)
        }
    }

    @Test("an organization-wide access covers every product of the organization, and no other organization's")
    func wholeOrganization() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let products = try await Scenario.products(app, in: organization)
            let bea = try await Scenario.customer(app, name: "Bea", email: "bea@example.test")
            let beas = try await Scenario.products(app, in: try await Scenario.organization(of: bea, on: app), site: "bea.example")
            let owner = try await Scenario.signedIn(app, email: "ana@example.test")
            try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "1"])
            let grant = try #require(try await SupportGrant.query(on: app.db).first())
            let support = try await Scenario.staff(app, role: .support)
            try await owner.post(SiteRoute.billingAddresses(organization.id!).path, form: BillingAddressTests.bakery)
            let page = try await support.get(SiteRoute.staffGrant(grant.id!).path).body.string
            #expect(page.contains("id=\"grant-members\"") && page.contains("NAS office"))
            #expect(page.contains("id=\"grant-billing-addresses\"") && page.contains("Calle Mayor 12"), "billing addresses, read-only")
            for product in [products.hosting, products.domain, products.nas] {
                #expect(try await support.get(SiteRoute.staffGrantProduct(grant.id!, product: product.id!).path).status == .ok)
            }
            #expect(try await support.get(SiteRoute.staffGrantProduct(grant.id!, product: beas.hosting.id!).path).status == .notFound)
            // Read-only: no settings form. With changes allowed, a form where there is something to switch (a NAS has
            // Renewal Warranty after purchase, like every product).
            #expect(!(try await support.get(SiteRoute.staffGrantProduct(grant.id!, product: products.hosting.id!).path).body.string.contains("grant-product-form")))
            try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "1", "can_change": "on"])
            let changing = try #require(try await SupportGrant.query(on: app.db).filter(\.$canChange == true).first())
            #expect(try await support.get(SiteRoute.staffGrantProduct(changing.id!, product: products.hosting.id!).path).body.string.contains("grant-product-form"))
            #expect(try await support.get(SiteRoute.staffGrantProduct(changing.id!, product: products.nas.id!).path).body.string.contains("grant-product-form"))
        }
    }

    @Test("a grant names a product of its own organization: anything else is refused and nothing is granted")
    func productOfAnotherOrganization() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let bea = try await Scenario.customer(app, name: "Bea", email: "bea@example.test")
            let beas = try await Scenario.products(app, in: try await Scenario.organization(of: bea, on: app), site: "bea.example")
            let owner = try await Scenario.signedIn(app, email: "ana@example.test")
            for product in [beas.hosting.id!.uuidString, "not-a-product"] {
                let refused = try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "24", "product": product, "can_change": "on"])
                #expect(refused.body.string.contains("value=\"24\" selected") && refused.body.string.contains("id=\"grant-can-change\" checked"),
                        "the form keeps what was chosen")
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Choose the whole organization or one of its products"))
                #expect(refused.body.string.contains("id=\"grant-product-error\"") && refused.body.string.contains("id=\"grant-form\""),
                        "the settings page again, the error next to the field")
            }
            let both = try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "500", "product": "not-a-product"])
            #expect(both.body.string.contains("id=\"grant-hours-error\"") && both.body.string.contains("id=\"grant-product-error\""),
                    "a wrong duration and an unreadable product are named together")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let api = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: token,
                                             body: #"{"hours":1,"productID":"\#(beas.hosting.id!.uuidString)"}"#)
            #expect(api.status == .unprocessableEntity)
            #expect(try Scenario.apiError(api).fields?.map(\.field) == ["productID"], "named as the JSON property")
            #expect(try await SupportGrant.query(on: app.db).count() == 0)
        }
    }

    @Test("the API grants access to one product and lists it with the grant")
    func api() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let products = try await Scenario.products(app, in: organization)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let created = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: token,
                                                 body: #"{"hours":24,"productID":"\#(products.domain.id!.uuidString)"}"#)
            #expect(created.status == .created)
            #expect(try created.content.decode(APIModels.SupportGrant.self).product?.id == products.domain.id)
            let list = try await Scenario.api(app, .GET, .organizationSupportGrants(organization.id!), token: token)
            #expect(try list.content.decode(APIModels.List<APIModels.SupportGrant>.self).items.first?.product?.id == products.domain.id)
        }
    }
}

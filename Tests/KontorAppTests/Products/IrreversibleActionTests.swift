import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Irreversible actions ask first, saying what will happen (confirm.js)")
struct IrreversibleActionTests {
    @Test("moving a product, upgrading a kSuite, freeing a seat, removing a mailbox and deleting an environment variable each ask first")
    func askFirst() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            _ = try await LeavingAndMovingTests.anaTwo(app)   // somewhere to move to, so the form shows
            let plans = try await Scenario.suitePlans(app)
            let suite = try await Scenario.suite(app, in: org, plan: plans.standard)
            let mail = try await Scenario.product(app, .mailService, "Mail", in: org)
            let anaMember = try await Scenario.membership(app, "ana@example.test", in: org)
            #expect(try await ana.post(SiteRoute.suiteSeats(org, product: suite.id!).path, form: ["member": anaMember.id!.uuidString]).status == .seeOther)
            #expect(try await ana.post(SiteRoute.mailboxes(org, product: mail.id!).path, form: ["address": "office@ana.example"]).status == .seeOther)
            let site = products.site.id!
            #expect(try await ana.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "APP_ENV", "value": "prod"]).status == .seeOther)

            let hostingPage = try await ana.get(SiteRoute.organizationProduct(org, product: products.hosting.id!).path).body.string
            let suitePage = try await ana.get(SiteRoute.organizationProduct(org, product: suite.id!).path).body.string
            let mailPage = try await ana.get(SiteRoute.organizationProduct(org, product: mail.id!).path).body.string
            let sitePage = try await ana.get(SiteRoute.site(org, site: site).path).body.string

            #expect(hostingPage.contains("id=\"product-move\" data-confirm=\"Move this product to the chosen organization?"))
            #expect(suitePage.contains("id=\"suite-upgrade\" data-confirm=\"Change to the chosen plan now?"))
            #expect(suitePage.contains("data-confirm=\"Free the seat of Ana?"))
            #expect(mailPage.contains("data-confirm=\"Remove the mailbox office@ana.example?"))
            #expect(sitePage.contains("id=\"delete-APP_ENV\" data-confirm=\"Delete the environment variable APP_ENV?"))
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// What staff do to an organization as a whole — a VIP-code look-up, Premium Support or paying later switched, a
/// product added — has no one person as its subject: it is shown in the security log of whoever manages the
/// organization today (its legal representatives and administrators), on the page and through the API.
@Suite("Staff actions on an organization reach its managers' security log")
struct OrganizationSecurityLogTests {
    /// Ana (legal representative) with her organization, Bea as administrator and Carl as a plain user of it.
    private func organizationWithMembers(_ app: Application) async throws -> (Organization, ana: Browser) {
        let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
        let organization = try await Scenario.organization(of: ana, on: app)
        organization.name = "Panadería García"
        try await organization.save(on: app.db)
        let anaBrowser = try await Scenario.signedIn(app, email: "ana@example.test")
        try await Scenario.customer(app, name: "Bea", email: "bea@example.test")
        try await Scenario.join(app, user: "bea@example.test", organization: organization, role: "administrator", invitedBy: anaBrowser)
        try await Scenario.customer(app, name: "Carl", email: "carl@example.test")
        try await Scenario.join(app, user: "carl@example.test", organization: organization, role: "user", invitedBy: anaBrowser)
        return (organization, anaBrowser)
    }

    private func log(_ app: Application, _ email: String) async throws -> String {
        try await Scenario.signedIn(app, email: email).get(SiteRoute.securityEvents.path).body.string
    }

    @Test("a VIP-code look-up is in the log of the organization's legal representative and administrator, naming it, not in a plain user's")
    func vipLookup() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await organizationWithMembers(app)
            let admin = try await Scenario.staff(app, role: .administrator)
            #expect(try await admin.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "true"]).status == .seeOther)
            let code = try #require(try await Organization.find(organization.id, on: app.db)?.vipCode)
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.post(SiteRoute.staffLookup.path, form: ["code": code]).status == .ok)

            let sentence = "Support looked up Panadería García by its VIP code"
            #expect(try await log(app, "ana@example.test").contains(sentence))
            #expect(try await log(app, "bea@example.test").contains(sentence))
            #expect(!(try await log(app, "carl@example.test").contains(sentence)), "a plain user does not manage the organization")

            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let response = try await app.testing().sendRequest(.GET, SiteRoute.api(.meSecurityEvents).path, headers: ["Authorization": "Bearer \(token)"])
            let page = try response.content.decode(APIModels.SecurityLogPage.self)
            #expect(page.items.contains { $0.kind == "staff_lookup" && $0.description == sentence }, "the API reads the same log")
        }
    }

    @Test("Premium Support switched on and off, paying later allowed and a product added are each in the managers' log")
    func switchesAndProducts() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await organizationWithMembers(app)
            let billing = try await Scenario.staff(app, role: .billing)
            let id = try organization.requireID()
            #expect(try await billing.post(SiteRoute.staffPremiumSupport(id).path, form: ["enabled": "true"]).status == .seeOther)
            #expect(try await billing.post(SiteRoute.staffPremiumSupport(id).path, form: ["enabled": "false"]).status == .seeOther)
            #expect(try await billing.post(SiteRoute.staffCustomerPayLater(id).path, form: ["enabled": "true"]).status == .seeOther)
            #expect(try await billing.post(SiteRoute.staffCustomerProducts(id).path,
                                           form: ["kind": "ssl_certificate", "name": "www.panaderia.example", "renews": "2027-06-30", "idempotency_key": UUID().uuidString]).status == .seeOther)

            let ana = try await log(app, "ana@example.test")
            #expect(ana.contains("Premium Support switched on for Panadería García by the provider"))
            #expect(ana.contains("Premium Support switched off for Panadería García by the provider"))
            #expect(ana.contains("Paying later allowed for Panadería García by the provider"))
            #expect(ana.contains("Product “www.panaderia.example” added to Panadería García by the provider"))
            #expect(!(try await log(app, "carl@example.test").contains("Panadería García by the provider")))
        }
    }

    @Test("a product's name is shown whole in the log whatever it contains, and events stored the old way still read")
    func productNamesWithQuotes() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await organizationWithMembers(app)
            let billing = try await Scenario.staff(app, role: .billing)
            let id = try organization.requireID()
            #expect(try await billing.post(SiteRoute.staffCustomerProducts(id).path,
                                           form: ["kind": "nas_synology", "name": "Büro “Zürich” by night", "renews": "2027-06-30", "idempotency_key": UUID().uuidString]).status == .seeOther)
            #expect(try await log(app, "ana@example.test").contains("Product “Büro “Zürich” by night” added to Panadería García by the provider"))
            #expect(ProvisionedProductEntry.read("domain “panaderia.example” by Staff Member")
                    == ProvisionedProductEntry(kind: "domain", product: "panaderia.example", staff: "Staff Member"))
            #expect(ProvisionedProductEntry.read("not an entry") == nil)
            // A name of quotes escapes to twice its length: the detail stays whole JSON within the stored limit.
            let long = ProvisionedProductEntry(kind: "ksuite", product: String(repeating: "\"", count: 200), staff: String(repeating: "S", count: 100))
            #expect(long.detail.count <= SecurityEvent.detailLimit)
            #expect(ProvisionedProductEntry.read(long.detail)?.product.hasPrefix(String(repeating: "\"", count: 100)) == true)
        }
    }

    @Test("an invoice e-mail a removed member typed stops too, though it is none of her addresses now (an alias, or an address she moved away from)")
    func invoiceEmailTypedByAGoneMember() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await organizationWithMembers(app)
            let org = try organization.requireID()
            let bea = try await Scenario.apiToken(app, email: "bea@example.test")
            let added = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: bea, body: """
                {"name":"Panadería García","street":"Calle Mayor","buildingNumber":"1","postcode":"8001","town":"Zürich","country":"CH",
                 "invoiceEmail":"bea+invoices@example.test","isDefault":true}
                """)
            #expect(added.status == .created)
            let anas = try await Scenario.api(app, .POST, .organizationBillingAddresses(org), token: try await Scenario.apiToken(app, email: "ana@example.test"), body: """
                {"name":"Panadería García","street":"Calle Mayor","buildingNumber":"1","postcode":"8001","town":"Zürich","country":"CH",
                 "invoiceEmail":"accounts@example.test"}
                """)
            #expect(anas.status == .created)
            let member = try #require(try await Membership.members(of: org, on: app.db).first { $0.user.email == "bea@example.test" })
            #expect(try await ana.post(SiteRoute.removeMember(org, member: member.id!).path).status == .seeOther)
            let emails = try await BillingAddress.query(on: app.db).filter(\.$organization.$id == org).all().map(\.invoiceEmail)
            #expect(emails.contains(nil) && emails.contains("accounts@example.test") && !emails.contains("bea+invoices@example.test"), "\(emails)")
            #expect(try await self.log(app, "ana@example.test").contains("no longer sent to bea+invoices@example.test"))
        }
    }

    @Test("a member who is removed, or closes her account, stops receiving the organization's invoices: a billing address sending them to her sign-in or recovery address no longer does, and the log says so",
          arguments: ["removed", "closed her account"])
    func goneMemberGetsNoInvoices(_ how: String) async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await organizationWithMembers(app)
            let org = try organization.requireID()
            let address = PostalAddress(name: "Panadería García", street: "Calle Mayor", buildingNumber: "1", postcode: "8001", town: "Zürich", country: "CH")
            let billing = BillingAddress(organizationID: org, address: address, invoiceEmail: "Bea@Example.test", isDefault: true, now: Date())
            try await billing.create(on: app.db)
            let other = BillingAddress(organizationID: org, address: address, invoiceEmail: "accounts@example.test", isDefault: false, now: Date())
            try await other.create(on: app.db)

            let bea = try #require(try await Membership.members(of: org, on: app.db).first { $0.user.email == "bea@example.test" })
            if how == "removed" {
                #expect(try await ana.post(SiteRoute.removeMember(org, member: bea.id!).path).status == .seeOther)
            } else {
                let closed = try await AccountClosureTests.close(try await Scenario.signedIn(app, email: "bea@example.test"))
                #expect(closed.status == .seeOther, "\(closed.status): \(closed.body.string.prefix(300))")
            }

            #expect(try await BillingAddress.find(billing.id, on: app.db)?.invoiceEmail == nil)
            #expect(try await BillingAddress.find(other.id, on: app.db)?.invoiceEmail == "accounts@example.test", "another's address stays")
            let event = try #require(try await SecurityEvent.query(on: app.db).filter(\.$kind == "invoice_email_cleared").first())
            #expect(event.detail == "Bea@Example.test" && event.organizationID == org)
            #expect(try await self.log(app, "ana@example.test").contains("Invoices of Panadería García no longer sent to Bea@Example.test: no longer a member"))
            #expect(!(try await self.log(app, "carl@example.test").contains("no longer sent to")), "a plain user does not read the organization's events")
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 10)
            let mailed = try await OutboxMessage.query(on: app.db).all().filter { $0.subject.contains(invoice.number) }.map(\.recipient)
            #expect(!mailed.isEmpty && !mailed.contains { $0.lowercased() == "bea@example.test" })
        }
    }

    @Test("the log follows the membership: a manager who leaves no longer sees the organization's events; paging accepts their ids")
    func followsTheMembership() async throws {
        try await withTestApp { app, _ in
            let (organization, ana) = try await organizationWithMembers(app)
            let billing = try await Scenario.staff(app, role: .billing)
            #expect(try await billing.post(SiteRoute.staffCustomerPayLater(organization.id!).path, form: ["enabled": "true"]).status == .seeOther)
            let event = try #require(try await SecurityEvent.query(on: app.db).filter(\.$kind == "pay_later_changed").first())

            let token = try await Scenario.apiToken(app, email: "bea@example.test")
            let paged = try await app.testing().sendRequest(.GET, SiteRoute.api(.meSecurityEvents).path + "?before=\(event.id!.uuidString)",
                                                            headers: ["Authorization": "Bearer \(token)"])
            #expect(paged.status == .ok, "an organization event is a valid cursor for a manager")

            let bea = try #require(try await Membership.members(of: organization.id!, on: app.db).first { $0.user.email == "bea@example.test" })
            #expect(try await ana.post(SiteRoute.removeMember(organization.id!, member: bea.id!).path).status == .seeOther)
            #expect(!(try await log(app, "bea@example.test").contains("Paying later allowed")))
            #expect(try await log(app, "ana@example.test").contains("Paying later allowed for Panadería García"))
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Support code and VIP code: staff identify a caller (seed guide \"code support y code VIP\")")
struct StaffLookupTests {
    @Test("a support code, typed with or without its space, shows who it is and the organizations; the customer sees the look-up")
    func bySupportCode() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana García", email: "ana@example.test")
            let support = try await Scenario.staff(app, role: .support)
            let typed = String(ana.supportCode.prefix(4)) + " " + String(ana.supportCode.suffix(4))
            let page = try await support.post(SiteRoute.staffLookup.path, form: ["code": typed])
            #expect(page.status == .ok)
            #expect(page.body.string.contains("ana@example.test") && page.body.string.contains("id=\"lookup-organizations\""))
            #expect(!page.body.string.contains("password_hash") && !page.body.string.contains("sessions"))
            #expect(!page.body.string.contains("class=\"lookup-customer\""), "support does not open the billing console's customer page")
            let audit = try #require(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_lookup").first())
            #expect(audit.userID == ana.id && audit.staffMemberID != nil)
            let log = try await Scenario.signedIn(app, email: "ana@example.test").get(SiteRoute.securityEvents.path).body.string
            #expect(log.contains("Support looked up your account"))
        }
    }

    @Test("the look-up sums up the organizations' products — what and when it renews — and none of their settings")
    func productSummary() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana García", email: "ana@example.test")
            let products = try await Scenario.products(app, in: try await Scenario.organization(of: ana, on: app), site: "panaderia.example")
            let support = try await Scenario.staff(app, role: .support)
            let html = try await support.post(SiteRoute.staffLookup.path, form: ["code": ana.supportCode]).body.string
            #expect(html.contains("Web hosting: panaderia.example") && html.contains("Domain: panaderia.example") && html.contains("NAS Synology: NAS office"))
            #expect(html.contains(ProductPagesTests.day(products.hosting.renewsAt)))
            #expect(!html.contains("wxyz"), "settings such as the MySQL server prefix are not part of a look-up")
            #expect(!html.contains(products.hosting.id!.uuidString), "a look-up links to no product: access needs a grant")
        }
    }

    @Test("unknown and malformed codes say so and reveal nothing; customers and editors cannot look up")
    func refusals() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.post(SiteRoute.staffLookup.path, form: ["code": "1111 2222"]).status == .notFound)
            let malformed = try await support.post(SiteRoute.staffLookup.path, form: ["code": "12ab"])
            #expect(malformed.status == .unprocessableEntity && malformed.body.string.contains("id=\"code-error\""))
            let editor = try await Scenario.staff(app, role: .editor)
            #expect(try await editor.post(SiteRoute.staffLookup.path, form: ["code": "1111 2222"]).status == .forbidden)
            let customer = try await Scenario.signedIn(app, email: "ana@example.test")
            #expect(try await customer.get(SiteRoute.staffLookup.path).location == SiteRoute.staffSignIn.path)
        }
    }

    @Test("look-ups are rate-limited per staff member, so codes cannot be walked through")
    func rateLimited() async throws {
        try await withTestApp { app, _ in
            let support = try await Scenario.staff(app, role: .support)
            var statuses: [UInt] = []
            for guess in 0..<(ThrottlePolicy.staffLookupsPerStaffMember.limit + 3) {
                statuses.append(try await support.post(SiteRoute.staffLookup.path, form: ["code": String(10_000_000 + guess)]).status.code)
            }
            #expect(statuses.prefix(ThrottlePolicy.staffLookupsPerStaffMember.limit).allSatisfy { $0 == 404 })
            #expect(statuses.suffix(3).allSatisfy { $0 == 429 })
        }
    }

    @Test("Premium Support, a product, gives the organization a VIP code, shown in its settings and help window, and found by look-up")
    func vipCode() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let support = try await Scenario.staff(app, role: .administrator)
            #expect(try await support.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "true"]).status == .seeOther)
            let code = try #require(try await Organization.find(organization.id, on: app.db)?.vipCode)
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            let settings = try await browser.get(SiteRoute.organizationSettings(organization.id!).path).body.string
            #expect(settings.contains(try #require(VIPCode(code)).formatted))
            #expect(try await browser.get(SiteRoute.console.path).body.string.contains("data-testid=\"help-vip-code\""))
            // Premium Support is a product of the organization, listed with its renewal date.
            #expect(try await browser.get(SiteRoute.organizationProducts(organization.id!).path).body.string.contains("Premium Support"))
            let found = try await support.post(SiteRoute.staffLookup.path, form: ["code": code])
            #expect(found.status == .ok && found.body.string.contains("Ana"))
            #expect(found.body.string.contains("href=\"\(SiteRoute.staffCustomer(organization.id!).path)\""), "an administrator opens the customer's page from the look-up")
            try await support.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "false"])
            #expect(try await support.post(SiteRoute.staffLookup.path, form: ["code": code]).status == .notFound)
            #expect(try await Product.query(on: app.db).filter(\.$statusRaw != ProductState.deleted.rawValue).count() == 0, "switching it off ends the product")
            #expect(try await Product.query(on: app.db).count() == 1, "kept, deleted, for its invoices and the records")
        }
    }

    @Test("switching Premium Support needs a clear on or off, and twice at once still makes one product")
    func premiumSupportSwitch() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let support = try await Scenario.staff(app, role: .billing)
            let path = SiteRoute.staffPremiumSupport(organization.id!).path
            #expect(try await support.post(path, form: ["enabled": "true"]).status == .seeOther)
            #expect(try await support.post(path, form: [:]).status == .unprocessableEntity, "a missing value switches nothing off")
            #expect(try await Organization.find(organization.id, on: app.db)?.vipCode != nil)
            try await support.post(path, form: ["enabled": "false"])
            let service = ProductService(db: app.db)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        guard let fresh = try await Organization.find(organization.id, on: app.db) else { return }
                        try await service.startPremiumSupport(fresh, name: "Premium Support", now: Date())
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await Product.query(on: app.db).filter(\.$kindRaw == "premium_support").filter(\.$statusRaw != ProductState.deleted.rawValue).count() == 1)
        }
    }

    @Test("support looks callers up and sees the VIP code, but cannot switch Premium Support, a paid product; the refusal is logged")
    func supportCannotSwitchPremiumSupport() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let support = try await Scenario.staff(app, role: .support)
            let refused = try await support.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "true"])
            #expect(refused.status == .forbidden)
            #expect(try await Product.query(on: app.db).count() == 0)
            let denied = try await SecurityEvent.query(on: app.db).filter(\.$kind == "access_denied").all()
            #expect(denied.count == 1 && denied.first?.staffMemberID != nil && denied.first?.detail.contains("premium-support") == true)
            let page = try await support.post(SiteRoute.staffLookup.path, form: ["code": ana.supportCode]).body.string
            #expect(!page.contains("/premium-support"), "no switch is offered to support")
        }
    }

    @Test("billing switches Premium Support on the customer page it can open, and lands back on it, never on a 403")
    func premiumSupportOnCustomerPage() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let billing = try await Scenario.staff(app, role: .billing)
            let page = try await billing.get(SiteRoute.staffCustomer(organization.id!).path).body.string
            #expect(page.contains("id=\"premium-on\"") && page.contains(SiteRoute.staffPremiumSupport(organization.id!).path), "the switch is on billing's own page")
            let on = try await billing.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "true"])
            #expect(on.location == SiteRoute.staffCustomer(organization.id!).path + "?notice=premium_support_on")
            #expect(try await billing.get(try #require(on.location)).status == .ok)
            #expect(try await billing.get(SiteRoute.staffCustomer(organization.id!).path).body.string.contains("id=\"premium-off\""))
            // Back to the look-up only from the look-up; any other address in the form is ignored.
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin2@staff.test")
            let fromLookup = try await admin.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "false", "return_to": SiteRoute.staffLookup.path])
            #expect(fromLookup.location == SiteRoute.staffLookup.path + "?notice=premium_support_off")
            let elsewhere = try await admin.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "true", "return_to": "https://evil.example/"])
            #expect(elsewhere.location == SiteRoute.staffCustomer(organization.id!).path + "?notice=premium_support_on")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "access_denied").count() == 0)
        }
    }

    @Test("the look-up lists the products a caller has: no deleted ones (Premium Support once after off and on), suspended ones with their state")
    func lookupProductStates() async throws {
        try await withTestApp { app, clock in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let admin = try await Scenario.staff(app, role: .administrator)
            let path = SiteRoute.staffPremiumSupport(organization.id!).path
            for enabled in ["true", "false", "true"] { #expect(try await admin.post(path, form: ["enabled": enabled]).status == .seeOther) }
            let suspended = Product(organizationID: organization.id!, kind: .domain, name: "past.ch", renewsAt: clock.now, createdAt: clock.now)
            suspended.statusRaw = ProductState.suspended.rawValue
            try await suspended.create(on: app.db)
            let code = try #require(try await Organization.find(organization.id, on: app.db)?.vipCode)
            let page = try await admin.post(SiteRoute.staffLookup.path, form: ["code": code]).body.string
            #expect(page.components(separatedBy: ": Premium Support").count == 2, "listed once, not with its deleted predecessor")
            #expect(page.contains("past.ch") && page.contains("class=\"badge overdue product-state\">Suspended<"))
        }
    }

    @Test("the help window lists the support contacts; with Premium Support, the priority line comes first")
    func contacts() async throws {
        let contacts = SupportContacts(email: "support@provider.example", phone: "+41 22 000 00 00", hours: "Mon–Fri 8:00–18:00",
                                       premiumEmail: "vip@provider.example", premiumPhone: "+41 22 000 00 99")
        try await withTestApp(configure: { $0.supportContacts = contacts }) { app, _ in
            #expect(!(try await Browser(app).get(SiteRoute.signIn.path).body.string.contains("id=\"help-contacts\"")),
                    "contacts are for signed-in customers")
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            let standard = try await browser.get(SiteRoute.console.path).body.string
            #expect(standard.contains("href=\"tel:+41220000000\"") && standard.contains("href=\"mailto:support@provider.example\""))
            #expect(standard.contains("Mon–Fri 8:00–18:00") && !standard.contains("vip@provider.example"))

            let billing = try await Scenario.staff(app, role: .billing)
            try await billing.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "true"])
            let premium = try await browser.get(SiteRoute.console.path).body.string
            let priority = try #require(premium.range(of: "tel:+41220000099"))
            let regular = try #require(premium.range(of: "tel:+41220000000"))
            #expect(priority.lowerBound < regular.lowerBound)
        }
    }
}

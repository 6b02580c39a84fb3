import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("The renewals page and its API: every product's renewal settings, managed one, several or all at once")
struct RenewalPagesTests {
    /// Ana's organization (with a billing address) holding a hosting, a NAS and a product ordered and not yet paid;
    /// Bob is a plain user of it.
    static func setUp(_ app: Application, _ clock: TestClock) async throws
        -> (ana: Browser, bob: Browser, org: UUID, hosting: Product, nas: Product, pending: Product) {
        let (organization, ana) = try await Scenario.orderingCustomer(app)
        let org = try organization.requireID()
        let item = try await Scenario.catalogItem(app)
        let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 40, item: item)
        let nas = try await RenewalScenario.product(app, clock, in: org, .nasSynology, name: "NAS office", expiresIn: 90, item: nil)
        let pending = try await RenewalScenario.product(app, clock, in: org, name: "new.example", expiresIn: 0, item: item, state: .pending)
        try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
        try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user", invitedBy: ana)
        let bob = try await Scenario.signedIn(app, email: "bob@example.test")
        _ = try await bob.post(SiteRoute.switchOrganization(org).path)
        return (ana, bob, org, hosting, nas, pending)
    }

    static func tick(_ products: [Product], action: String, key: String = UUID().uuidString, extra: [(String, String)] = []) -> [(String, String)] {
        products.map { ("products[]", $0.id!.uuidString) } + [("action", action), ("request_key", key)] + extra
    }

    @Test("the page lists every product with its state, expiry, automatic renewal, warranty and billing address; only managers get the form")
    func page() async throws {
        try await withTestApp { app, clock in
            let (ana, bob, org, hosting, _, pending) = try await Self.setUp(app, clock)
            let html = try await ana.get(SiteRoute.renewals(org).path).body.string
            #expect(html.contains("ana.example") && html.contains("NAS office") && html.contains("new.example"))
            #expect(html.contains(hosting.expiresOn) && html.contains("Alice AG"))
            #expect(html.contains(">\(DayFormatting.format(hosting.expiresOn, .en))</time>"), "the day as the reader's language writes it")
            #expect(html.contains("id=\"renewal-\(pending.id!.uuidString)\" data-state=\"pending\""))
            #expect(html.contains("id=\"select-all-products\"") && html.contains("id=\"renew-now\""))
            let bobs = try await bob.get(SiteRoute.renewals(org).path)
            #expect(bobs.status == .ok && !bobs.body.string.contains("id=\"renew-now\""))
            let refused = try await bob.post(SiteRoute.renewals(org).path, pairs: Self.tick([hosting], action: "renewal_warranty_on"))
            #expect(refused.status == .forbidden, "a plain user's change is refused (403 not_permitted), as on the products page")
            #expect(try await RenewalScenario.reload(app, hosting).renewalWarranty == false)
        }
    }

    @Test("a mixed selection changes the products that can take the action and names each refusal and its reason")
    func mixedSelection() async throws {
        try await withTestApp { app, clock in
            let (ana, _, org, hosting, nas, pending) = try await Self.setUp(app, clock)
            let warranty = try await ana.post(SiteRoute.renewals(org).path, pairs: Self.tick([hosting, nas, pending], action: "renewal_warranty_on"))
            #expect(warranty.status == .ok)
            let html = warranty.body.string
            // After purchase the NAS takes it too (the seed leaves it out only when ordering).
            #expect(html.contains("Renewal Warranty switched on for 3 products."))
            let (hostingNow, nasNow) = (try await RenewalScenario.reload(app, hosting), try await RenewalScenario.reload(app, nas))
            #expect(hostingNow.renewalWarranty && nasNow.renewalWarranty)

            let renew = try await ana.post(SiteRoute.renewals(org).path, pairs: Self.tick([hosting, pending], action: "renew_now"))
            #expect(renew.body.string.contains("1 product renewed"))
            #expect(renew.body.string.contains("new.example (Web hosting): it waits for its first invoice to be paid, so it cannot be renewed yet."))
            #expect(try await RenewalScenario.reload(app, hosting).expiresOn == BillingPeriod(months: 12)!.end(startingOn: hosting.expiresOn))
            #expect(try await RenewalScenario.reload(app, pending).status == .pending)
            #expect(try await ProductRenewal.query(on: app.db).count() == 1)

            let automatic = try await ana.post(SiteRoute.renewals(org).path, pairs: Self.tick([hosting, nas], action: "automatic_renewal_on"))
            #expect(automatic.body.string.contains("Automatic renewal switched on for 2 products."))
            #expect(try await RenewalScenario.reload(app, nas).automaticRenewal)
        }
    }

    @Test("a kSuite's mail service is managed with its suite: every action refuses it with that reason, its address and warranty included")
    func bundledProducts() async throws {
        try await withTestApp { app, clock in
            let (ana, _, org, hosting, _, _) = try await Self.setUp(app, clock)
            let suite = try await Scenario.suite(app, in: org, plan: try await Scenario.suitePlans(app).standard)
            let mail = try await Scenario.product(app, .mailService, "Team mail", in: org, bundledIn: suite)
            for action in ["renewal_warranty_on", "renewal_warranty_off", "automatic_renewal_off", "renew_now"] {
                let html = try await ana.post(SiteRoute.renewals(org).path, pairs: Self.tick([hosting, mail], action: action)).body.string
                #expect(html.contains("Team mail (Mail service): it is part of a kSuite and renews, and is invoiced, with the suite"), "\(action)")
            }
            let before = try await RenewalScenario.reload(app, mail)
            #expect(before.expiresOn == mail.expiresOn && before.automaticRenewal == mail.automaticRenewal && before.renewalWarranty == mail.renewalWarranty)
            #expect(try await ProductRenewal.query(on: app.db).filter(\.$productID == mail.id!).count() == 0, "never renewed on its own")

            let address = try await ana.post(SiteRoute.productBillingAddress(org, product: mail.id!).path, form: ["billing_address": ""])
            #expect(address.status == .unprocessableEntity && address.body.string.contains("renewed and invoiced with the suite"))
            let single = try await ana.post(SiteRoute.productRenewalWarranty(org, product: mail.id!).path, form: ["enabled": "true"])
            #expect(single.status == .unprocessableEntity)
            let list = try await ana.post(SiteRoute.organizationRenewalWarranty(org).path, pairs: [("products[]", mail.id!.uuidString), ("enabled", "true")])
            #expect(list.body.string.contains("1 ticked product does not offer Renewal Warranty"), "the products list reports it as left out")
            #expect(try await RenewalScenario.reload(app, mail).renewalWarranty == mail.renewalWarranty)
        }
    }

    @Test("the same page in Spanish names the refusal in Spanish")
    func refusalInSpanish() async throws {
        try await withTestApp { app, clock in
            let (organization, ana) = try await Scenario.orderingCustomer(app, language: "es")
            let nas = try await RenewalScenario.product(app, clock, in: organization.id!, .nasSynology, name: "NAS oficina", expiresIn: 90, item: nil)
            let html = try await ana.post(SiteRoute.renewals(organization.id!).path, pairs: Self.tick([nas], action: "renew_now")).body.string
            #expect(html.contains("NAS oficina (NAS Synology): no hay un precio para renovarlo; contacte con el soporte."))
            // After purchase a NAS takes Renewal Warranty like any product (only the order form leaves it out).
            _ = try await ana.post(SiteRoute.renewals(organization.id!).path, pairs: Self.tick([nas], action: "renewal_warranty_on"))
            #expect(try await RenewalScenario.reload(app, nas).renewalWarranty == true)
        }
    }

    @Test("nothing ticked, or no action chosen, is a sentence on the page rather than a bare 422")
    func nothingTicked() async throws {
        try await withTestApp { app, clock in
            let (ana, _, org, hosting, _, _) = try await Self.setUp(app, clock)
            let none = try await ana.post(SiteRoute.renewals(org).path, pairs: [("action", "renewal_warranty_on")])
            #expect(none.status == .unprocessableEntity)
            #expect(none.body.string.contains("id=\"renewals-error\"") && none.body.string.contains("ana.example"))
            let noAction = try await ana.post(SiteRoute.renewals(org).path, pairs: [("products[]", hosting.id!.uuidString)])
            #expect(noAction.status == .unprocessableEntity && noAction.body.string.contains("Choose what to do with the ticked products."))
            let badAddress = try await ana.post(SiteRoute.renewals(org).path, pairs: Self.tick([hosting], action: "billing_address",
                                                                                                extra: [("billing_address", "not-an-id")]))
            #expect(badAddress.status == .unprocessableEntity)
        }
    }

    @Test("two clicks of “renew now” from the same page renew once")
    func twoClicks() async throws {
        try await withTestApp { app, clock in
            let (ana, _, org, hosting, _, _) = try await Self.setUp(app, clock)
            let form = Self.tick([hosting], action: "renew_now", key: "page-1")
            async let first = ana.post(SiteRoute.renewals(org).path, pairs: form)
            async let second = ana.post(SiteRoute.renewals(org).path, pairs: form)
            let statuses = try await [first.status, second.status]
            #expect(statuses == [.ok, .ok])
            #expect(try await ProductRenewal.query(on: app.db).count() == 1)
            #expect(try await Invoice.query(on: app.db).count() == 1)
            #expect(try await RenewalScenario.reload(app, hosting).expiresOn == BillingPeriod(months: 12)!.end(startingOn: hosting.expiresOn))
        }
    }

    @Test("the billing address of the next renewal is chosen for the ticked products, and the renewal is invoiced to it")
    func billingAddress() async throws {
        try await withTestApp { app, clock in
            let (ana, _, org, hosting, _, _) = try await Self.setUp(app, clock)
            let other = BillingAddress(organizationID: org, address: PostalAddress(name: "Filiale GmbH", street: "Bahnhofstrasse", buildingNumber: "2",
                                                                                    postcode: "3000", town: "Bern", country: "CH"),
                                       invoiceEmail: nil, isDefault: false, now: clock.now)
            try await other.create(on: app.db)
            let chosen = try await ana.post(SiteRoute.renewals(org).path, pairs: Self.tick([hosting], action: "billing_address",
                                                                                            extra: [("billing_address", other.id!.uuidString)]))
            #expect(chosen.status == .ok && chosen.body.string.contains("will be invoiced to the chosen address"))
            _ = try await ana.post(SiteRoute.renewals(org).path, pairs: Self.tick([hosting], action: "renew_now"))
            #expect(try await Invoice.query(on: app.db).first()?.addressName == "Filiale GmbH")
        }
    }

    @Test("reminder days are the organization's setting: up to three days, at most two months ahead")
    func reminderSettings() async throws {
        try await withTestApp { app, clock in
            let (ana, bob, org, _, _, _) = try await Self.setUp(app, clock)
            #expect(try await ana.post(SiteRoute.renewalSettings(org).path, form: ["reminder_days": "60, 30, 7"]).status == .seeOther)
            #expect(try await Organization.find(org, on: app.db)?.renewalReminderDaysRaw == "60,30,7")
            let refused = try await ana.post(SiteRoute.renewalSettings(org).path, form: ["reminder_days": "90"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("from 1 to 62 days"))
            #expect(try await bob.post(SiteRoute.renewalSettings(org).path, form: ["reminder_days": "1"]).status == .forbidden)
            #expect(try await Organization.find(org, on: app.db)?.renewalReminderDaysRaw == "60,30,7")
        }
    }

    @Test("the API lists, acts on a mixed selection with each refusal named, and keeps the reminder days")
    func api() async throws {
        try await withTestApp { app, clock in
            let (_, _, org, hosting, nas, pending) = try await Self.setUp(app, clock)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let list = try await Scenario.api(app, .GET, .organizationRenewals(org), token: token)
            #expect(list.status == .ok && list.body.string.contains("\"state\":\"pending\"") && list.body.string.contains("\"expiresOn\":\"\(hosting.expiresOn)\""))
            let body = #"{"action":"renewal_warranty_on","products":["\#(hosting.id!.uuidString)","\#(nas.id!.uuidString)","\#(pending.id!.uuidString)"]}"#
            let acted = try await Scenario.api(app, .POST, .organizationRenewals(org), token: token, body: body)
            #expect(acted.status == .ok)
            let result = try acted.content.decode(RenewalsAPIController.ActionResult.self)
            #expect(Set(result.changed) == [hosting.id!, nas.id!, pending.id!] && result.refused.isEmpty)
            let renew = #"{"action":"renew_now","products":["\#(pending.id!.uuidString)"],"idempotencyKey":"\#(UUID().uuidString)"}"#
            let refused = try await Scenario.api(app, .POST, .organizationRenewals(org), token: token, body: renew)
            let named = try refused.content.decode(RenewalsAPIController.ActionResult.self).refused
            #expect(named.map(\.reason) == ["pending"] && named.first?.message.hasPrefix("\(pending.name) (") == true)
            let empty = try await Scenario.api(app, .POST, .organizationRenewals(org), token: token, body: #"{"action":"renew_now","products":[]}"#)
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("\"products\""))
            let keyless = try await Scenario.api(app, .POST, .organizationRenewals(org), token: token,
                                                 body: #"{"action":"renew_now","products":["\#(hosting.id!.uuidString)"]}"#)
            #expect(keyless.status == .unprocessableEntity && keyless.body.string.contains("\"idempotencyKey\""),
                    "renewing invoices: a retry without a key would renew twice")
            #expect(try await ProductRenewal.query(on: app.db).count() == 0)
            let unknown = try await Scenario.api(app, .POST, .organizationRenewals(org), token: token, body: #"{"action":"explode","products":[]}"#)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("\"action\""))
            let settings = try await Scenario.api(app, .PUT, .organizationRenewalSettings(org), token: token, body: #"{"reminderDays":[7,45]}"#)
            #expect(settings.status == .ok && settings.body.string.contains("[45,7]"))
            let tooFar = try await Scenario.api(app, .PUT, .organizationRenewalSettings(org), token: token, body: #"{"reminderDays":[70]}"#)
            #expect(tooFar.status == .unprocessableEntity && tooFar.body.string.contains("reminderDays"))
            #expect(try await Scenario.api(app, .GET, .organizationRenewalSettings(org), token: token).body.string.contains("[45,7]"))
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("kSuite plans: upgrades prorated to the day through billing, never down, seats up to the plan's users")
struct SuiteTests {
    /// `count` customers who joined `organization` with `role`; their memberships' ids.
    static func members(_ app: Application, count: Int, role: String, of organization: Organization, invitedBy inviter: Browser) async throws -> [UUID] {
        var members: [UUID] = []
        for index in 0..<count {
            let email = "m\(index)@example.test"
            _ = try await Scenario.customer(app, name: "Member \(index)", email: email)
            try await Scenario.join(app, user: email, organization: organization, role: role, invitedBy: inviter)
            members.append(try await Scenario.membership(app, email, in: organization.requireID()).requireID())
        }
        return members
    }

    /// A seat asked for each member at the same moment through the API, alternating between the servers; the statuses.
    static func seatsAtOnce(_ apps: [Application], token: String, path: String, for members: [UUID]) async throws -> [UInt] {
        try await withThrowingTaskGroup(of: UInt.self) { group in
            for (index, member) in members.enumerated() {
                let server = apps[index % 2]
                group.addTask {
                    try await server.testing().sendRequest(.POST, path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                           body: ByteBuffer(string: #"{"memberId":"\#(member.uuidString)"}"#)).status.code
                }
            }
            return try await group.reduce(into: [UInt]()) { $0.append($1) }
        }
    }

    @Test("an upgrade applies at once and invoices the price difference for the days left; a double click issues one invoice")
    func upgradeProrated() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let plans = try await Scenario.suitePlans(app)
            let suite = try await Scenario.suite(app, in: org, plan: plans.standard, renewsOn: "2027-03-01")
            let page = try await browser.get(SiteRoute.organizationProduct(org, product: suite.id!).path)
            #expect(page.status == .ok && page.body.string.contains("suite-upgrade-form") && page.body.string.contains("kSuite Pro"))

            // Today is 2026-09-21 (the test clock); the yearly period began 2026-03-01: 365 days, 161 left.
            // (690.00 − 138.00) × 161 ÷ 365 = 243.4849… → CHF 243.48
            let form = ["item": plans.pro.id!.uuidString, "idempotency_key": "upgrade-form-1"]
            let first = try await browser.post(SiteRoute.suiteUpgrade(org, product: suite.id!).path, form: form)
            let second = try await browser.post(SiteRoute.suiteUpgrade(org, product: suite.id!).path, form: form)
            #expect(first.status == .seeOther && second.status == .seeOther)

            let upgraded = try #require(try await Product.find(suite.id, on: app.db))
            #expect(upgraded.suitePlan == SuitePlan(users: 20, storageGB: 2000))
            #expect(upgraded.renewsAt == suite.renewsAt, "the renewal date stays")
            #expect(try await SuiteUpgrade.query(on: app.db).count() == 1)
            let invoices = try await Invoice.query(on: app.db).filter(\.$organization.$id == org).all()
            #expect(invoices.count == 1)
            let line = try #require(try await InvoiceLine.query(on: app.db).filter(\.$invoice.$id == invoices[0].requireID()).first())
            #expect(line.unitMinor == 24_348 && line.productID == suite.id)
            #expect(line.description.contains("2026-09-21") && line.description.contains("2027-03-01"))
        }
    }

    @Test("the kSuite's page and its upgrade's invoice line write days as the reader's language does, never as 2026-09-21",
          arguments: [("de", "21.09.2026", "01.03.2027"), ("fr", "21/09/2026", "01/03/2027"), ("es", "21/09/2026", "01/03/2027"),
                      ("it", "21.09.2026", "01.03.2027")])
    func upgradeDaysLocalized(language: String, today: String, renews: String) async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app, language: language)
            let org = try organization.requireID()
            let plans = try await Scenario.suitePlans(app)
            let suite = try await Scenario.suite(app, in: org, plan: plans.standard, renewsOn: "2027-03-01")
            let isoDay = try Regex(#"\d{4}-\d{2}-\d{2}"#)
            /// The part of `html` from the element with `id` to the end of that element's `closing` tag.
            func section(_ html: String, id: String, closing: String) throws -> String {
                let start = try #require(html.range(of: "id=\"\(id)\""), "no #\(id) in the page")
                let end = try #require(html.range(of: closing, range: start.upperBound..<html.endIndex))
                return String(html[start.lowerBound..<end.upperBound])
            }
            let page = try await browser.get(SiteRoute.organizationProduct(org, product: suite.id!).path).body.string
            for (id, closing) in [("product-facts", "</dl>"), ("suite-plan", "</section>")] {
                let shown = try section(page, id: id, closing: closing)
                #expect(!shown.contains(isoDay), "an ISO day on the kSuite page (#\(id), \(language)): \(shown)")
            }
            #expect(try section(page, id: "product-renews", closing: "</dd>").contains(renews))

            let upgraded = try await browser.post(SiteRoute.suiteUpgrade(org, product: suite.id!).path,
                                                  form: ["item": plans.pro.id!.uuidString, "idempotency_key": "days-\(language)"])
            #expect(upgraded.status == .seeOther)
            let invoice = try #require(try await Invoice.query(on: app.db).filter(\.$organization.$id == org).first())
            let line = try #require(try await InvoiceLine.query(on: app.db).filter(\.$invoice.$id == invoice.requireID()).first())
            #expect(!line.description.contains(isoDay), "\(line.description)")
            #expect(line.description.contains(today) && line.description.contains(renews), "\(line.description)")
            let invoicePage = try await browser.get(SiteRoute.invoice(org, invoice: invoice.requireID()).path).body.string
            #expect(invoicePage.contains(today) && invoicePage.contains(renews), "the invoice's page shows the line as written")
        }
    }

    @Test("a suite renewed years ahead is charged the difference for all the paid time, not one period; the page shows the same charge")
    func upgradePaidAhead() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let plans = try await Scenario.suitePlans(app)
            let suite = try await Scenario.suite(app, in: org, plan: plans.standard, renewsOn: "2029-03-01")
            // Today 2026-09-21: 161 of 365 days left of the period ending 2027-03-01 (CHF 243.48, as for a suite renewing
            // then), and the two years to 2028-03-01 and 2029-03-01 already paid at the Standard price: 2 × CHF 552.00.
            let options = try await SuiteUpgrades(db: app.db, issuer: app.invoiceIssuer, localizer: app.kontor.localizer, defaultLanguage: .en)
                .options(for: suite, now: app.kontor.clock.now())
            let shown = try #require(options.first).charge.minorUnits
            #expect(shown == 134_748)
            let upgraded = try await browser.post(SiteRoute.suiteUpgrade(org, product: suite.id!).path,
                                                  form: ["item": plans.pro.id!.uuidString, "idempotency_key": "ahead-1"])
            #expect(upgraded.status == .seeOther)
            let invoice = try #require(try await Invoice.query(on: app.db).filter(\.$organization.$id == org).first())
            let line = try #require(try await InvoiceLine.query(on: app.db).filter(\.$invoice.$id == invoice.requireID()).first())
            #expect(line.unitMinor == 134_748 && line.description.contains("2029-03-01"))
        }
    }

    @Test("a smaller plan, or the same one, is refused with a sentence and changes nothing")
    func noDowngrade() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let plans = try await Scenario.suitePlans(app)
            let suite = try await Scenario.suite(app, in: org, plan: plans.pro)
            let down = try await browser.post(SiteRoute.suiteUpgrade(org, product: suite.id!).path,
                                             form: ["item": plans.standard.id!.uuidString, "idempotency_key": "k1"])
            #expect(down.status == .unprocessableEntity)
            #expect(down.body.string.contains("only move to a larger plan"))
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let same = try await app.testing().sendRequest(.POST, SiteRoute.api(.organizationProductUpgrades(org, product: suite.id!)).path,
                                                           headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json", "Idempotency-Key": "k2"],
                                                           body: ByteBuffer(string: #"{"itemId":"\#(plans.pro.id!.uuidString)"}"#))
            #expect(same.status == .unprocessableEntity && same.body.string.contains("\"itemId\""))
            #expect(try await Product.find(suite.id, on: app.db)?.suitePlan == SuitePlan(users: 20, storageGB: 2000))
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await SuiteUpgrade.query(on: app.db).count() == 0)
        }
    }

    @Test("a suite awaiting its first payment, or past its renewal day, is not upgraded for nothing")
    func upgradeNeedsARunningPeriod() async throws {
        try await withTestApp { app, clock in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let plans = try await Scenario.suitePlans(app)
            let suite = try await Scenario.suite(app, in: org, plan: plans.standard, renewsOn: "2026-10-01")
            suite.statusRaw = Product.Status.pending.rawValue
            try await suite.save(on: app.db)
            let path = SiteRoute.suiteUpgrade(org, product: suite.id!).path
            let pending = try await browser.post(path, form: ["item": plans.pro.id!.uuidString, "idempotency_key": "k1"])
            #expect(pending.status == .conflict && pending.body.string.contains("is not running"))
            suite.statusRaw = Product.Status.active.rawValue
            try await suite.save(on: app.db)
            clock.advance(by: 20 * 86_400)   // 2026-10-11: past the renewal day (and past the session's lifetime: sign in again)
            let later = try await Scenario.signedIn(app, email: "ana@example.test")
            let expired = try await later.post(path, form: ["item": plans.pro.id!.uuidString, "idempotency_key": "k2"])
            #expect(expired.status == .conflict && expired.body.string.contains("is not running"))
            #expect(try await Product.find(suite.id, on: app.db)?.suitePlan == SuitePlan(users: 5, storageGB: 500))
            #expect(try await Invoice.query(on: app.db).count() == 0)
        }
    }

    @Test("seats go to members up to the plan's users; one more is refused until a seat is freed")
    func seatLimit() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let suite = try await Scenario.suite(app, in: org, plan: try await Scenario.suitePlans(app, users: 2).standard)
            for name in ["bob", "cleo"] {
                _ = try await Scenario.customer(app, name: name.capitalized, email: "\(name)@example.test")
                try await Scenario.join(app, user: "\(name)@example.test", organization: organization, role: "user", invitedBy: browser)
            }
            let seats = SiteRoute.suiteSeats(org, product: suite.id!).path
            for email in ["ana@example.test", "bob@example.test"] {
                let member = try await Scenario.membership(app, email, in: org)
                #expect(try await browser.post(seats, form: ["member": member.id!.uuidString]).status == .seeOther)
            }
            let cleo = try await Scenario.membership(app, "cleo@example.test", in: org)
            let full = try await browser.post(seats, form: ["member": cleo.id!.uuidString])
            #expect(full.status == .conflict && full.body.string.contains("All 2 seats of the plan are taken"))
            #expect(try await SuiteSeat.query(on: app.db).count() == 2)

            let bobSeat = try #require(try await SuiteSeat.query(on: app.db).filter(\.$user.$id == Scenario.membership(app, "bob@example.test", in: org).$user.id).first())
            #expect(try await browser.post(SiteRoute.suiteSeatRemove(org, product: suite.id!, seat: bobSeat.id!).path).status == .seeOther)
            #expect(try await browser.post(seats, form: ["member": cleo.id!.uuidString]).status == .seeOther)
            // A plain user sees the seats but cannot give one.
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            #expect(try await bob.post(seats, form: ["member": cleo.id!.uuidString]).status == .forbidden)
            #expect(try await SuiteSeat.query(on: app.db).count() == 2)
        }
    }

    @Test("an upgrade while seats are given at the same moment, through two servers: no 5xx, one upgrade, the seats the larger plan allows")
    func upgradeWhileSeating() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let app = apps[0]
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let plans = try await Scenario.suitePlans(app, users: 3)
            let suite = try await Scenario.suite(app, in: org, plan: plans.standard, renewsOn: "2027-03-01")
            let members = try await Self.members(app, count: 6, role: "user", of: organization, invitedBy: browser)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let seatsPath = SiteRoute.api(.organizationProductSeats(org, product: suite.id!)).path
            let upgradePath = SiteRoute.suiteUpgrade(org, product: suite.id!).path
            let upgradeForm = ["item": plans.pro.id!.uuidString, "idempotency_key": "upgrade-while-seating"]
            async let upgraded = browser.tab(on: apps[1]).post(upgradePath, form: upgradeForm)
            async let seated = Self.seatsAtOnce(apps, token: token, path: seatsPath, for: members)
            let (upgrade, seats) = try await (upgraded, seated)
            #expect(upgrade.status == .seeOther, "upgrade \(upgrade.status)")
            #expect(seats.allSatisfy { $0 == 201 || $0 == 409 }, "\(seats)")
            let after = try #require(try await Product.find(suite.id, on: apps[1].db))
            #expect(after.suitePlan?.users == 20)
            #expect(try await SuiteSeat.query(on: apps[1].db).filter(\.$product.$id == suite.id!).count() == seats.filter { $0 == 201 }.count)
            #expect(try await SuiteUpgrade.query(on: apps[1].db).filter(\.$product.$id == suite.id!).count() == 1)
        }
    }

    @Test("eight administrators' requests for the last three seats at once over two servers: exactly three seats, no 500")
    func seatsAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let app = apps[0]
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let suite = try await Scenario.suite(app, in: org, plan: try await Scenario.suitePlans(app, users: 3).standard)
            let members = try await Self.members(app, count: 8, role: "administrator", of: organization, invitedBy: browser)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let path = SiteRoute.api(.organizationProductSeats(org, product: suite.id!)).path
            let statuses = try await Self.seatsAtOnce(apps, token: token, path: path, for: members)
            #expect(statuses.filter { $0 == 201 }.count == 3, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 5, "\(statuses)")
            #expect(try await SuiteSeat.query(on: app.db).filter(\.$product.$id == suite.id!).count() == 3)
        }
    }

    @Test("one seat removed twelve times at once over two servers: the seat goes once, and the log says so once")
    func seatRemovedOnceAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let app = apps[0]
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let suite = try await Scenario.suite(app, in: org, plan: try await Scenario.suitePlans(app, users: 3).standard)
            let members = try await Self.members(app, count: 1, role: "user", of: organization, invitedBy: browser)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            #expect(try await Self.seatsAtOnce(apps, token: token, path: SiteRoute.api(.organizationProductSeats(org, product: suite.id!)).path, for: members) == [201])
            let seat = try #require(try await SuiteSeat.query(on: app.db).filter(\.$product.$id == suite.id!).first())
            let path = SiteRoute.api(.organizationProductSeat(org, product: suite.id!, seat: seat.id!)).path
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for index in 0..<12 {
                    group.addTask { try await apps[index % 2].testing().sendRequest(.DELETE, path, headers: ["Authorization": "Bearer \(token)"]).status.code }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 204 || $0 == 404 } && statuses.contains(204), "\(statuses)")
            let logged = try await SecurityEvent.query(on: app.db).all().filter { $0.detail.contains("suite_seat_removed") || $0.kind.contains("seat_removed") }
            #expect(logged.count == 1, "\(logged.map(\.kind))")
        }
    }

    @Test("an ordered kSuite comes with its mail service, which starts, expires and renews with the suite and is never invoiced on its own")
    func bundledMailFollowsTheSuite() async throws {
        try await withTestApp { app, clock in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let plan = try await Scenario.catalogItem(app, .kSuite, name: "kSuite Standard")
            try await Scenario.catalogItem(app, .mailService, name: "Mail Service")   // would price the mail service, were it renewed alone
            #expect(try await Scenario.order(browser, org, item: plan).status == .seeOther)
            let (_, suite, invoice) = try await Scenario.onlyOrder(app, org)
            let mail = try #require(try await Product.query(on: app.db).filter(\.$bundledIn.$id == suite.id!).first())
            #expect(mail.kind == .mailService && mail.isPending, "it waits for the suite's payment")
            try await InvoiceTests.credit(app, org, francs: 1_000)
            _ = try await InvoiceSettling.payFromBalance(invoiceID: invoice.id!, organizationID: org, userID: nil, now: clock.now, on: app.db)
            let started = try await RenewalScenario.reload(app, suite)
            #expect(try await RenewalScenario.reload(app, mail).status == .active)
            #expect(try await RenewalScenario.reload(app, mail).expiresOn == started.expiresOn)

            // Neither automatic renewal nor Renewal Warranty: on the expiry day both enter grace, and nothing is invoiced.
            let days = CivilDay.number(started.expiresOn)! - CivilDay.number(RenewalScenario.today(app, clock))!
            clock.advance(by: Double(days - 1) * 86_400)
            let expiry = try await RenewalScenario.nextDay(app, clock)
            #expect(expiry.considered == 1, "the run looks at the suite only")
            #expect(try await RenewalScenario.reload(app, suite).status == .grace)
            #expect(try await RenewalScenario.reload(app, mail).status == .grace)
            #expect(try await Invoice.query(on: app.db).count() == 1)

            // Renewing the suite renews what it bundles, on the suite's one invoice.
            let today = RenewalScenario.today(app, clock)
            _ = try await app.productRenewer.renew(suite.id!, of: suite.$organization.id, kind: .manual, requestKey: "renew-suite", today: today, now: clock.now)
            let renewed = try await RenewalScenario.reload(app, suite)
            let renewedMail = try await RenewalScenario.reload(app, mail)
            #expect(renewed.status == .active && renewedMail.status == .active && renewedMail.expiresOn == renewed.expiresOn)
            #expect(renewed.expiresOn != started.expiresOn)
            let lines = try await InvoiceLine.query(on: app.db).all()
            #expect(lines.count == 2 && lines.allSatisfy { $0.productID == suite.id }, "the order and the renewal, both the suite's")
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Renewals day by day: automatic renewal, Renewal Warranty, expiry, grace, suspension and deletion")
struct RenewalTests {
    @Test("automatic renewal: a notice 14 days ahead, renewed on the expiry day from the balance, confirmed, and once only")
    func automaticRenewal() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            organization.payFromBalance = true
            try await organization.save(on: app.db)
            try await InvoiceTests.credit(app, org, francs: 300)
            let item = try await Scenario.catalogItem(app)
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 16, item: item, automatic: true)
            let expiry = hosting.expiresOn

            try await RenewalScenario.nextDay(app, clock)                       // 15 days ahead: nothing yet
            #expect(try await RenewalScenario.subjects(app, to: "ana@example.test", about: "ana.example").isEmpty)
            let notice = try await RenewalScenario.nextDay(app, clock)          // 14 days ahead: the notice
            #expect(notice.notices == 1)
            #expect(try await RenewalScenario.subjects(app, to: "ana@example.test", about: "ana.example") == ["ana.example renews automatically on \(DayFormatting.format(expiry, .en))"])
            for _ in 0..<13 { try await RenewalScenario.nextDay(app, clock) }  // the notice is sent once
            #expect(try await RenewalScenario.subjects(app, to: "ana@example.test", about: "ana.example").count == 1)
            #expect(try await Invoice.query(on: app.db).count() == 0, "nothing is invoiced before the expiry day")

            let renewal = try await RenewalScenario.nextDay(app, clock)         // the expiry day
            #expect(renewal.renewed[.automatic] == 1)
            let renewed = try await RenewalScenario.reload(app, hosting)
            #expect(renewed.expiresOn == BillingPeriod(months: 12)!.end(startingOn: expiry) && renewed.status == .active)
            let invoice = try #require(try await Invoice.query(on: app.db).first())
            #expect(invoice.totalMinor == 12_864 && invoice.openMinor == 0, "119.00 + 8.1 % VAT, paid from the balance")
            let lines = try await InvoiceLine.query(on: app.db).all()
            #expect(lines.map(\.productID) == [hosting.id] && lines.first?.description.contains("ana.example") == true)
            let subjects = try await RenewalScenario.subjects(app, to: "ana@example.test", about: "ana.example")
            #expect(subjects.contains("ana.example has been renewed until \(DayFormatting.format(renewed.expiresOn, .en))"))
            let confirmation = try #require(try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "renewed until").first())
            #expect(!confirmation.textBody.contains("http"), "no link in a renewal e-mail")

            #expect(try await app.renewalRun().run() == RenewalRun.Report(), "the same day again finds nothing to do")
            try await RenewalScenario.nextDay(app, clock)
            #expect(try await Invoice.query(on: app.db).count() == 1)
        }
    }

    @Test("Renewal Warranty renews a product that reached its expiry unrenewed, with an open invoice; it was announced as renewing, not reminded")
    func warrantyRenewal() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app, language: "de")
            let org = try organization.requireID()
            organization.renewalReminderDaysRaw = "10,3"
            try await organization.save(on: app.db)
            let item = try await Scenario.catalogItem(app)
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 12, item: item, warranty: true)
            for _ in 0..<11 { try await RenewalScenario.nextDay(app, clock) }
            let subjects = try await RenewalScenario.subjects(app, to: "ana@example.test", about: "ana.example")
            #expect(subjects == ["ana.example wird am \(DayFormatting.format(hosting.expiresOn, .de)) durch Renewal Warranty verlängert"],
                    "in the customer's language, once: it renews, so no reminder says it will not")
            let report = try await RenewalScenario.nextDay(app, clock)
            #expect(report.renewed[.warranty] == 1)
            let invoice = try #require(try await Invoice.query(on: app.db).first())
            #expect(invoice.openMinor == invoice.totalMinor && invoice.language == "de", "issued for payment, in the customer's language")
            #expect(try await RenewalScenario.reload(app, hosting).status == .active)
            #expect(try await ProductRenewal.query(on: app.db).first()?.kind == .warranty)
        }
    }

    @Test("an automatic renewal the balance cannot pay is rescued by Renewal Warranty; without it the product expires")
    func failedAutomaticRenewal() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            organization.payFromBalance = true
            try await organization.save(on: app.db)
            let item = try await Scenario.catalogItem(app)
            let rescued = try await RenewalScenario.product(app, clock, in: org, name: "rescued.example", expiresIn: 1, item: item, automatic: true,
                                                            warranty: true)
            let lapsed = try await RenewalScenario.product(app, clock, in: org, name: "lapsed.example", expiresIn: 1, item: item, automatic: true)
            let report = try await RenewalScenario.nextDay(app, clock)
            #expect(report.automaticRenewalsUnpaid == 2 && report.renewed == [.warranty: 1] && report.grace == 1)
            #expect(try await RenewalScenario.reload(app, rescued).status == .active)
            #expect(try await ProductRenewal.query(on: app.db).all().map(\.kind) == [.warranty])
            let invoices = try await Invoice.query(on: app.db).all()
            #expect(invoices.count == 1 && invoices.first?.openMinor == invoices.first?.totalMinor, "the warranty's invoice waits for payment")
            let expired = try await RenewalScenario.reload(app, lapsed)
            #expect(expired.status == .grace && expired.automaticRenewalFailedOn == lapsed.expiresOn)
            #expect(try await app.renewalRun().run().renewed.isEmpty, "running again renews nothing more")
        }
    }

    @Test("without renewal: grace on the expiry day, suspended after the grace days, deleted after the retention days")
    func expiryLadder() async throws {
        try await withTestApp(configure: { $0.renewals = RenewalPolicy(graceDays: 5, retentionDays: 10) }) { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let nas = try await RenewalScenario.product(app, clock, in: org, .nasSynology, name: "NAS office", expiresIn: 1, item: nil, warranty: false)
            var states: [ProductState] = []
            for _ in 0..<17 {
                try await RenewalScenario.nextDay(app, clock)
                states.append(try await RenewalScenario.reload(app, nas).status)
            }
            // Day 1 is the expiry; nothing renews it.
            #expect(states == Array(repeating: .grace, count: 5) + Array(repeating: .suspended, count: 10) + [.deleted, .deleted])
            #expect(try await RenewalScenario.reload(app, nas).suspensionReason == nil)
            #expect(try await Invoice.query(on: app.db).count() == 0)
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")   // days later: a new session
            let list = try await browser.get(SiteRoute.organizationProducts(org).path).body.string
            #expect(list.contains("data-status=\"deleted\"") && list.contains("Deleted"))
        }
    }

    @Test("Premium Support that staff switched on at any instant expires a year later like any product (its expiry is stored as a day)")
    func premiumSupportFromAnInstantExpires() async throws {
        try await withTestApp(configure: { $0.renewals = RenewalPolicy(graceDays: 5, retentionDays: 10) }) { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            // A time of day with more digits than the database keeps, as `Date()` gives.
            let instant = Date(timeIntervalSince1970: clock.now.timeIntervalSince1970.rounded(.down) + 0.9866028)
            try await ProductService(db: app.db).startPremiumSupport(organization, name: "Premium Support", now: instant)
            let premium = try #require(try await Product.query(on: app.db).filter(\.$kindRaw == ProductKind.premiumSupport.rawValue).first())
            #expect(premium.renewsAt.timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400) == 0)
            clock.advance(by: 366 * 86_400)
            try await RenewalScenario.nextDay(app, clock)
            #expect(try await RenewalScenario.reload(app, premium).status == .grace, "expired, not running for ever")
        }
    }

    @Test("a product held past its grace days is suspended for expiry once, and deleted only after the retention days from then, however often the run repeats")
    func retentionCountsFromTheSuspension() async throws {
        try await withTestApp(configure: { $0.renewals = RenewalPolicy(graceDays: 5, retentionDays: 10) }) { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            // Expired 40 days ago and running again today, as after a suspension for an unpaid invoice was lifted.
            let host = try await RenewalScenario.product(app, clock, in: organization.requireID(), name: "held.example", expiresIn: -40, item: nil)
            _ = try await app.renewalRun().run()
            #expect(try await RenewalScenario.reload(app, host).status == .suspended)
            _ = try await app.renewalRun().run()
            #expect(try await RenewalScenario.reload(app, host).status == .suspended, "the same day's second run deletes nothing")
            for _ in 0..<9 { try await RenewalScenario.nextDay(app, clock) }
            #expect(try await RenewalScenario.reload(app, host).status == .suspended, "nine days into its ten days of retention")
            try await RenewalScenario.nextDay(app, clock)
            #expect(try await RenewalScenario.reload(app, host).status == .deleted)
        }
    }

    @Test("Premium Support deleted after its retention takes the VIP code with it, and can be ordered again")
    func premiumSupportDeleted() async throws {
        try await withTestApp(configure: { $0.renewals = RenewalPolicy(graceDays: 1, retentionDays: 1) }) { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let premium = try await RenewalScenario.product(app, clock, in: org, .premiumSupport, name: "Premium Support Plus", expiresIn: 1, item: nil)
            organization.vipCode = "123456"
            try await organization.save(on: app.db)
            for _ in 0..<4 { try await RenewalScenario.nextDay(app, clock) }
            #expect(try await RenewalScenario.reload(app, premium).status == .deleted)
            #expect(try await Organization.find(org, on: app.db)?.vipCode == nil)
            let item = try await Scenario.catalogItem(app, .premiumSupport, name: "Premium Support Pro", prices: [(6, "300.00", "CHF")])
            let fresh = try await Scenario.signedIn(app, email: "ana@example.test")   // days later: a new session
            let ordered = try await Scenario.order(fresh, org, item: item, period: "6")
            #expect(ordered.status == .seeOther && ordered.location?.contains("/orders/") == true,
                    "a new Premium Support can be ordered once the old one is deleted: \(ordered.location ?? "")")
            #expect(try await Product.query(on: app.db).filter(\.$kindRaw == "premium_support").filter(\.$organization.$id == org).count() == 2)
        }
    }

    @Test("the reminder ladder suspends the organization's products, and paying the invoice lifts it")
    func ladderSuspension() async throws {
        try await withTestApp { app, clock in
            let ana = try await BankImportTests.customer(app, "Ana")
            let org = try ana.requireID()
            let hosting = try await RenewalScenario.product(app, clock, in: org, name: "ana.example", expiresIn: 400, item: nil)
            let invoice = try await InvoiceTests.issue(app, to: org, francs: 100, now: clock.now)
            let report = try await ReminderSuspensionTests.walk(app, clock, to: 45, after: invoice)  // reminders, final notice, suspension
            #expect(report.suspended == 1)
            let suspended = try await RenewalScenario.reload(app, hosting)
            #expect(suspended.status == .suspended && suspended.suspensionReason == .unpaid && suspended.suspendedByInvoiceID == invoice.id)
            #expect(try await app.renewalRun().run().deleted == 0, "the calendar never deletes a product suspended for an unpaid invoice")
            let staff = try await Scenario.staff(app, role: .billing)
            let customerPage = try await staff.get(SiteRoute.staffCustomer(org).path).body.string
            #expect(customerPage.contains("data-status=\"suspended\">Suspended</span><br><span class=\"hint\">for an unpaid invoice"),
                    "staff answering the customer's call see why the service stopped")

            try await InvoiceTests.credit(app, org, francs: 100)
            _ = try await InvoiceSettling.payFromBalance(invoiceID: invoice.id!, organizationID: org, userID: nil, now: clock.now, on: app.db)
            let lifted = try await RenewalScenario.reload(app, hosting)
            #expect(lifted.status == .active && lifted.suspensionReason == nil && lifted.suspendedByInvoiceID == nil)
        }
    }

    @Test("a run killed halfway, with its lease still held, is finished by the next one: nothing doubled, nothing missed")
    func killedHalfway() async throws {
        try await withTestApp { app, clock in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            var made: [Product] = []
            for index in 0..<3 {
                made.append(try await RenewalScenario.product(app, clock, in: org, name: "site\(index).example", expiresIn: 1, item: item, automatic: true))
            }
            let products = made
            clock.advance(by: 86_400)
            let today = RenewalScenario.today(app, clock)
            // The killed server took the lease, renewed the first product, and died inside the second one's transaction.
            #expect(try await JobLease(database: app.db, name: "product_renewals", holder: "killed").acquire(for: 600, now: clock.now))
            _ = try await app.productRenewer.renew(products[0].id!, of: products[0].$organization.id, kind: .automatic, expectedExpiry: products[0].expiresOn, today: today, now: clock.now)
            struct Killed: Error {}
            await #expect(throws: Killed.self) {
                try await app.db.transaction { db in
                    let renewal = ProductRenewal()
                    renewal.productID = products[1].id!
                    renewal.organizationID = org
                    renewal.periodStart = products[1].expiresOn
                    renewal.periodEnd = "2099-01-01"
                    renewal.kindRaw = RenewalKind.automatic.rawValue
                    renewal.createdAt = clock.now
                    try await renewal.create(on: db)
                    throw Killed()
                }
            }
            await app.renewIfDue(holder: "next")                              // the lease is still the killed server's
            #expect(try await ProductRenewal.query(on: app.db).count() == 1)
            clock.advance(by: 601)                                             // the lease expires
            await app.renewIfDue(holder: "next")
            let renewals = try await ProductRenewal.query(on: app.db).all()
            #expect(renewals.count == 3 && Set(renewals.map(\.productID)) == Set(products.map(\.id!)))
            #expect(try await Invoice.query(on: app.db).count() == 3)
            for product in products { #expect(try await RenewalScenario.reload(app, product).status == .active) }
            await app.renewIfDue(holder: "next")
            #expect(try await Invoice.query(on: app.db).count() == 3, "and again: nothing more")
        }
    }

    @Test("two runs at once over two servers renew each product once")
    func twoServers() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let app = apps[0]
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            for index in 0..<12 {
                try await RenewalScenario.product(app, clock, in: org, name: "site\(index).example", expiresIn: 1, item: item,
                                                  automatic: index % 2 == 0, warranty: index % 2 == 1)
            }
            clock.advance(by: 86_400)
            let day = RenewalScenario.today(app, clock)
            let reports = try await withThrowingTaskGroup(of: RenewalRun.Report.self) { group in
                for app in apps { group.addTask { try await app.renewalRun(day: day).run() } }
                return try await group.reduce(into: [RenewalRun.Report]()) { $0.append($1) }
            }
            #expect(reports.map { $0.renewed.values.reduce(0, +) }.reduce(0, +) == 12, "\(reports)")
            #expect(try await ProductRenewal.query(on: app.db).count() == 12)
            #expect(try await Invoice.query(on: app.db).count() == 12)
            let confirmations = try await OutboxMessage.query(on: app.db).filter(\.$subject ~~ "renewed until").count()
            #expect(confirmations == 12)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("The set-based renewal run writes what renewing each product on its own writes")
struct RenewalBatchTests {
    @Test("the same customers renewed product by product and in chunks: the same invoices, lines, VAT, expiries, renewals, notices and e-mails")
    func sameAsOneByOne() async throws {
        let oneByOne = try await renewedWorld(batchSize: 0)
        let batched = try await renewedWorld(batchSize: 2)   // chunks of two: several transactions, leftovers between them
        #expect(oneByOne.templatedMails == 0, "product by product, every e-mail is composed whole")
        #expect(batched.templatedMails > 0, "in chunks, the renewal e-mails are templates and values")
        #expect(batched.report == oneByOne.report)
        #expect(batched.numbers == oneByOne.numbers, "the same gapless invoice numbers")
        for (name, one, other) in [("invoices", oneByOne.invoices, batched.invoices), ("lines", oneByOne.lines, batched.lines),
                                   ("products", oneByOne.products, batched.products), ("renewals", oneByOne.renewals, batched.renewals),
                                   ("notices", oneByOne.notices, batched.notices), ("mails", oneByOne.mails, batched.mails)] {
            #expect(one == other, "\(name) differ")
            if one != other {
                for (left, right) in zip(one, other) where left != right { Issue.record("one by one:\n\(left)\nbatched:\n\(right)") }
            }
        }
        #expect(batched.invoices.count == 8, "seven renewed, one from the balance: \(batched.invoices)")
        #expect(batched.products.contains { $0.hasPrefix("ana-monthly.example active 2026-10-31 ") }, "on its anchor, the 31st: \(batched.products)")
        #expect(batched.lines.contains { $0.hasPrefix("invoice of ana-monthly.example ") && $0.contains("until 2026-10-31") }, "\(batched.lines)")
        #expect(batched.products.contains { $0.hasPrefix("ben-late.example active ") }, "out of grace: \(batched.products)")
        #expect(batched.againReport == oneByOne.againReport)
        #expect(batched.againReport.renewed.isEmpty && batched.againReport.refused == 1, "the same day again renews nothing; the certificate stays unpriced")
    }

    @Test("a product renewed by a click after the run read it is handed back, not renewed twice")
    func staleCandidate() async throws {
        try await withTestApp { app, clock in
            let (product, today) = try await Self.hostingDueToday(app, clock)
            // The run read the product as due; "renew now" renewed it before the chunk's transaction began.
            let renewedNow = try await app.productRenewer.renew(product.requireID(), of: product.$organization.id, kind: .manual, requestKey: "click", today: today, now: clock.now)
            guard case .renewed = renewedNow else { Issue.record("renew now: \(renewedNow)"); return }
            let batch = Self.batch(app, clock, today)
            let outcome = try await batch.renew([.init(product: DueProduct(try product.row), kind: .automatic)])
            #expect(outcome.renewed.isEmpty && outcome.leftOver.count == 1)
            #expect(try await Invoice.query(on: app.db).count() == 1)
            #expect(try await ProductRenewal.query(on: app.db).count() == 1)
            #expect(try await app.renewalRun(day: today).run().renewed.isEmpty, "and the run finds it renewed")
        }
    }

    @Test("automatic renewal switched off after the run read the product: the chunk decides on what is stored, and renews nothing")
    func switchedOffMeanwhile() async throws {
        try await withTestApp { app, clock in
            let (product, today) = try await Self.hostingDueToday(app, clock)
            try await Product.query(on: app.db).filter(\.$id == product.id!).set(\.$automaticRenewal, to: false).update()
            let batch = Self.batch(app, clock, today)
            let outcome = try await batch.renew([.init(product: DueProduct(try product.row), kind: .automatic)])
            #expect(outcome.renewed.isEmpty)
            #expect(outcome.leftOver.map(\.product.id) == [product.id], "handed back to the per-product path")
            #expect(try await Invoice.query(on: app.db).count() == 0)
            let report = try await app.renewalRun(day: today).run()
            #expect(report.renewed.isEmpty && report.grace == 1, "the per-product path reads it again: no renewal, it goes into grace (\(report))")
            #expect(try await Invoice.query(on: app.db).count() == 0)
        }
    }

    @Test("a product renews in the currency of its latest order while the provider has an account in it, else in francs")
    func renewsInTheLatestOrdersCurrency() async throws {
        try await withTestApp { app, clock in
            #expect(app.kontor.config.billing.accounts[.eur] != nil, "the test provider has a euro account")
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let organizationID = try organization.requireID()
            let item = try await Scenario.catalogItem(app)   // 119.00 CHF or 110.00 EUR a year
            let euro = try await RenewalScenario.product(app, clock, in: organizationID, name: "euro.example", expiresIn: 0, item: item, automatic: true)
            let franc = try await RenewalScenario.product(app, clock, in: organizationID, name: "franc.example", expiresIn: 0, item: item, automatic: true)
            let never = try await RenewalScenario.product(app, clock, in: organizationID, name: "never.example", expiresIn: 0, item: item, automatic: true)
            func order(_ product: Product, _ currency: String, secondsAgo: Double) async throws {
                let order = ProductOrder()
                order.$organization.id = organizationID
                order.$product.id = try product.requireID()
                order.$catalogItem.id = item.id
                (order.itemName, order.periodMonths, order.currencyCode, order.unitMinor) = (item.name, 12, currency, currency == "EUR" ? 11_000 : 11_900)
                (order.renewalWarranty, order.idempotencyKey, order.statusRaw) = (false, UUID().uuidString, "active")
                order.createdAt = clock.now.addingTimeInterval(-secondsAgo)
                try await order.create(on: app.db)
            }
            try await order(euro, "EUR", secondsAgo: 200)
            try await order(franc, "EUR", secondsAgo: 200)
            try await order(franc, "CHF", secondsAgo: 100)   // ordered again in francs since: the latest order says
            let report = try await app.renewalRun().run()
            #expect(report.renewed[.automatic] == 3)
            var currencyOf: [UUID: String] = [:]
            for line in try await InvoiceLine.query(on: app.db).with(\.$invoice).all() {
                if let productID = line.productID { currencyOf[productID] = line.invoice.currencyCode }
            }
            #expect(currencyOf[try euro.requireID()] == "EUR")
            #expect(currencyOf[try franc.requireID()] == "CHF")
            #expect(currencyOf[try never.requireID()] == "CHF", "provisioned without an order: francs")
        }
    }

    /// Ana's web hosting on automatic renewal, expiring today, as the run would have read it.
    private static func hostingDueToday(_ app: Application, _ clock: TestClock) async throws -> (Product, String) {
        let (organization, _) = try await Scenario.orderingCustomer(app)
        let item = try await Scenario.catalogItem(app)
        let product = try await RenewalScenario.product(app, clock, in: organization.requireID(), name: "ana.example", expiresIn: 0, item: item,
                                                        automatic: true)
        return (product, RenewalScenario.today(app, clock))
    }

    private static func batch(_ app: Application, _ clock: TestClock, _ today: String) -> RenewalBatch {
        RenewalBatch(renewer: app.productRenewer, policy: app.kontor.config.renewals, today: today, now: clock.now)
    }

    /// What a renewal run wrote, with every id and invoice number named by what it belongs to, so two databases compare.
    struct World {
        var report = RenewalRun.Report()
        var againReport = RenewalRun.Report()
        var numbers: [String] = []
        var invoices: [String] = []
        var lines: [String] = []
        var products: [String] = []
        var renewals: [String] = []
        var notices: [String] = []
        var mails: [String] = []
        var templatedMails = 0
    }

    /// Three customers: Ana (en) with a hosting on automatic renewal (and a monthly one anchored on the 31st), a domain
    /// under Renewal Warranty and a certificate with no price (it expires); Ben (de) with an administrator and a hosting invoiced to a second address with an
    /// invoice e-mail, and a hosting in grace whose Renewal Warranty was switched on since; Carla (fr) paying from her balance (always the per-product path). All due today.
    private func renewedWorld(batchSize: Int) async throws -> World {
        var world = World()
        try await withTestApp { app, clock in
            let item = try await Scenario.catalogItem(app)
            let domainItem = try await Scenario.catalogItem(app, .domain, name: "Domain .ch", vat: "standard", prices: [(12, "15.00", "CHF")])
            let (ana, _) = try await Scenario.orderingCustomer(app, name: "Ana")
            let (ben, _) = try await Scenario.orderingCustomer(app, name: "Ben", language: "de")
            let (carla, _) = try await Scenario.orderingCustomer(app, name: "Carla", language: "fr")
            let (anaID, benID, carlaID) = (try ana.requireID(), try ben.requireID(), try carla.requireID())
            let admin = try await Scenario.customer(app, name: "Bruno", email: "bruno@example.test", language: "it")
            try await Membership(organizationID: benID, userID: admin.requireID(), role: .administrator, createdAt: clock.now).create(on: app.db)
            let accounting = BillingAddress(organizationID: benID, address: PostalAddress(name: "Ben GmbH", street: "Bahnhofstrasse", buildingNumber: "7",
                                                                                         postcode: "3000", town: "Bern", country: "CH"),
                                            invoiceEmail: "accounting@ben.example", isDefault: false, now: clock.now)
            try await accounting.create(on: app.db)
            carla.payFromBalance = true
            try await carla.save(on: app.db)
            try await InvoiceTests.credit(app, carlaID, francs: 500)

            try await RenewalScenario.product(app, clock, in: anaID, name: "ana.example", expiresIn: 0, item: item, automatic: true)
            try await RenewalScenario.product(app, clock, in: anaID, .domain, name: "ana.ch", expiresIn: 0, item: domainItem, warranty: true)
            try await RenewalScenario.product(app, clock, in: anaID, .sslCertificate, name: "ana certificate", expiresIn: 0, item: nil, automatic: true)
            // Monthly, anchored on the 31st though it expires on the 21st today (it drifted before anchors were kept):
            // both ways renew it to 31 October, not 21 October.
            let monthly = try await RenewalScenario.product(app, clock, in: anaID, name: "ana-monthly.example", expiresIn: 0, item: item, automatic: true)
            (monthly.periodMonths, monthly.renewalAnchorDay) = (1, 31)
            try await monthly.save(on: app.db)
            let own = try await RenewalScenario.product(app, clock, in: benID, name: "ben.example", expiresIn: 0, item: item, automatic: true)
            own.$billingAddress.id = try accounting.requireID()
            try await own.save(on: app.db)
            try await RenewalScenario.product(app, clock, in: benID, .domain, name: "ben.ch", expiresIn: 0, item: domainItem, automatic: true, warranty: true)
            try await RenewalScenario.product(app, clock, in: benID, name: "ben-warranty.example", expiresIn: 0, item: item, warranty: true)
            try await RenewalScenario.product(app, clock, in: carlaID, name: "carla.example", expiresIn: 0, item: item, automatic: true)
            // In grace since it expired unrenewed three days ago; Renewal Warranty switched on since: renewed and active again.
            try await RenewalScenario.product(app, clock, in: benID, name: "ben-late.example", expiresIn: -3, item: item, warranty: true, state: .grace)

            clock.advance(by: 60)   // the same day, but after the sign-up mails
            var run = app.renewalRun()
            run.batchSize = batchSize
            world.report = try await run.run()
            world.againReport = try await app.renewalRun().run()
            world = try await snapshot(app, world)
        }
        return world
    }

    private func snapshot(_ app: Application, _ start: World) async throws -> World {
        var world = start
        let products = try await Product.query(on: app.db).all()
        let productName = Dictionary(uniqueKeysWithValues: products.map { ($0.id!, $0.name) })
        let organizationName = Dictionary(uniqueKeysWithValues: try await Organization.query(on: app.db).all().map { ($0.id!, $0.name) })
        let invoices = try await Invoice.query(on: app.db).all()
        let lines = try await InvoiceLine.query(on: app.db).all()
        // Each invoice named by the product it renews: numbers are handed out in another order when the batch goes first.
        var token: [String: String] = [:]
        var invoiceName: [UUID: String] = [:]
        for invoice in invoices {
            let product = lines.first { $0.$invoice.id == invoice.id }.flatMap(\.productID).flatMap { productName[$0] } ?? "?"
            invoiceName[invoice.id!] = "invoice of \(product)"
            token[invoice.number] = "<number of \(product)>"
            if let reference = invoice.paymentReference {
                token[reference.electronic] = "<reference of \(product)>"
                token[reference.printed] = "<reference of \(product)>"
            }
            token[invoice.id!.uuidString] = "<id of \(product)>"
            token[invoice.id!.uuidString.lowercased()] = "<id of \(product)>"
        }
        func named(_ text: String) -> String {
            token.keys.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: token[$1]!) }
        }
        world.numbers = invoices.map(\.number).sorted()
        let vat = try await InvoiceVAT.query(on: app.db).all()
        world.invoices = invoices.map { invoice in
            let rows = vat.filter { $0.$invoice.id == invoice.id }.map { "\($0.vatBasisPoints):\($0.netMinor)+\($0.taxMinor)" }.sorted()
            return named("""
                \(invoiceName[invoice.id!]!) \(invoice.number) \(organizationName[invoice.$organization.id]!) \(invoice.series) \(invoice.customerNumber) \
                \(invoice.language) \(invoice.currencyCode) \(invoice.netMinor)/\(invoice.taxMinor)/\(invoice.totalMinor)/\(invoice.openMinor) \
                \(invoice.reverseCharge) \(invoice.customerVATNumber ?? "-") \(invoice.reference ?? "-") \(invoice.referenceType ?? "-") \
                \(invoice.accountIBAN ?? "-") \(invoice.billingAddress) \(invoice.invoiceEmail ?? "-") \(invoice.issuedAt.timeIntervalSince1970) \
                \(invoice.issuedOn) \(invoice.dueOn) paid \(invoice.paidAt?.timeIntervalSince1970 ?? 0) \(invoice.creditsInvoiceID == nil) vat \(rows)
                """)
        }.sorted()
        world.lines = lines.map { line in
            "\(invoiceName[line.$invoice.id]!) \(line.position) \(line.description) \(line.quantity)×\(line.unitMinor)=\(line.netMinor) \(line.vatBasisPoints)"
        }.sorted()
        world.products = products.map { product in
            "\(product.name) \(product.status) \(product.expiresOn) \(product.suspensionReasonRaw ?? "-") \(product.suspendedByInvoiceID == nil) "
                + "\(product.automaticRenewalFailedOn ?? "-") \(product.stateChangedAt?.timeIntervalSince1970 ?? 0)"
        }.sorted()
        world.renewals = try await ProductRenewal.query(on: app.db).all().map { renewal in
            let organization = products.first { $0.id == renewal.productID }?.$organization.id
            return "\(productName[renewal.productID]!) \(renewal.organizationID == organization) \(renewal.periodStart)→\(renewal.periodEnd) "
                + "\(renewal.kindRaw) \(renewal.invoiceID.flatMap { invoiceName[$0] } ?? "-") \(renewal.requestKey ?? "-") \(renewal.createdAt.timeIntervalSince1970)"
        }.sorted()
        world.notices = try await RenewalNoticeRecord.query(on: app.db).all().map {
            "\(productName[$0.productID]!) \($0.kindRaw) \($0.expiresOn) \($0.daysBefore) \($0.createdAt.timeIntervalSince1970)"
        }.sorted()
        // Sign-up mails aside: what the run queued, as the outbox will send it.
        let mails = try await OutboxMessage.query(on: app.db).filter(\.$createdAt >= app.kontor.clock.now()).all()
        world.templatedMails = mails.filter { $0.templateID != nil }.count
        for mail in mails {
            let body = try await TemplatedMail.rendered(mail, on: app.db)
            world.mails.append(named("to \(mail.recipient) | \(body.subject) | \(mail.attachment ?? "-")\n\(body.text)\n\(body.html ?? "-")"))
        }
        world.mails.sort()
        return world
    }
}

import ConsoleKit
import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor

@Suite("kontor demo: something to click through, on SQLite and PostgreSQL", .serialized)  // both write demo-statement.xml
struct DemoCommandTests {
    @Test("the demo fills an empty database with customers, products, billing addresses, invoices in every state, Premium Support and a waiting identity check")
    func demo() async throws {
        try await withTestApp { app, _ in
            var input = CommandInput(arguments: ["kontor", "demo"])
            let context = CommandContext(console: Terminal(), input: input)
            var withApp = context
            withApp.application = app
            try await DemoCommand().run(using: withApp, signature: try DemoCommand.Signature(from: &input))

            #expect(try await User.query(on: app.db).count() == DemoCommand.people.count)
            let products = try await Product.query(on: app.db).all()
            #expect(Set(products.compactMap(\.kind)) == Set(ProductKind.allCases), "every kind of product is there to look at")
            #expect(products.filter { $0.kind == .premiumSupport }.count == 1)
            #expect(try await Organization.query(on: app.db).filter(\.$vipCode != nil).count() == 1)
            #expect(try await BillingAddress.query(on: app.db).filter(\.$isDefault == true).count() == 5, "each organization has its default")
            #expect(products.contains { $0.$billingAddress.id != nil }, "one product is invoiced to another address")
            let sites = try await HostingSite.query(on: app.db).all()
            #expect(sites.contains { $0.migratedFromOlderOffer && $0.mysqlPrefixEnabled } && sites.contains { !$0.mysqlPrefixEnabled },
                    "a hosting with a site migrated from an older offer, and sites without the option")
            #expect(try await HostingMySQLName.query(on: app.db).count() >= 4)
            let variables = try await SiteEnvironmentVariable.query(on: app.db).all()
            #expect(variables.contains(where: \.isSecret) && variables.contains { !$0.isSecret })
            #expect(try await IdentityRequest.query(on: app.db).filter(\.$statusValue == "pending").count() == 1)
            let invoices = try await Invoice.query(on: app.db).all()
            let today = app.kontor.config.billing.day(of: app.kontor.clock.now())
            #expect(Set(invoices.map { InvoiceQueries.status(of: $0, today: today) }) == Set(InvoiceQueries.Status.allCases),
                    "invoices in every state: open, overdue, paid, cancelled by a credit note, and a credit note")
            #expect(Set(invoices.map(\.currencyCode)) == ["CHF", "EUR"])
            #expect(try await PrepaidEntry.query(on: app.db).filter(\.$kind == "payment").count() == 2, "standing-order money on two prepaid accounts")
            #expect(try await Organization.query(on: app.db).filter(\.$customerNumber == nil).count() == 0)
            // A catalog of every kind with Swiss prices, and an order waiting for its payment.
            let catalog = try await CatalogItem.query(on: app.db).with(\.$prices).all()
            #expect(Set(catalog.compactMap(\.kind)) == Set(ProductKind.allCases) && catalog.allSatisfy { !$0.prices.isEmpty })
            let orders = try await ProductOrder.query(on: app.db).with(\.$product).all()
            #expect(orders.count == 1 && orders.first?.status == .awaitingPayment && orders.first?.product.isPending == true)
            // A kSuite on a catalog plan with seats taken, its bundled mail service, and mailboxes on the organizations' domains.
            let suite = try #require(products.first { $0.kind == .kSuite })
            #expect(suite.suitePlan == SuitePlan(users: 5, storageGB: 500) && suite.period != nil)
            #expect(try await SuiteSeat.query(on: app.db).filter(\.$product.$id == suite.requireID()).count() == 2)
            let bundled = try await Product.query(on: app.db).filter(\.$bundledIn.$id == suite.requireID()).all()
            #expect(bundled.map(\.kind) == [.mailService])
            #expect(try await Mailbox.query(on: app.db).count() >= 5)
            // The sample statement it wrote imports: one invoice settled, one top-up, one for staff to assign.
            let statement = URL(fileURLWithPath: "demo-statement.xml")
            defer { try? FileManager.default.removeItem(at: statement) }
            let summary = try await BankStatementImporter(db: app.db, config: app.kontor.config.billing, allowTestFiles: false, staffID: nil,
                                                          now: app.kontor.clock.now()).run(.file(statement), fileName: "demo-statement.xml")
            #expect(summary.settled == 1 && summary.prepaid == 1 && summary.unidentified == 1)

            // Running it again on a database with customers changes nothing.
            var again = CommandInput(arguments: ["kontor", "demo"])
            try await DemoCommand().run(using: withApp, signature: try DemoCommand.Signature(from: &again))
            #expect(try await Product.query(on: app.db).count() == products.count)
        }
    }

    @Test("a provider with a franc account only (all production needs) gets the demo too, with franc invoices only")
    func demoWithOneCurrency() async throws {
        try await withTestApp(configure: { $0.billing.accounts[.eur] = nil }) { app, _ in
            var input = CommandInput(arguments: ["kontor", "demo"])
            var context = CommandContext(console: Terminal(), input: input)
            context.application = app
            defer { try? FileManager.default.removeItem(atPath: "demo-statement.xml") }
            try await DemoCommand().run(using: context, signature: try DemoCommand.Signature(from: &input))
            #expect(Set(try await Invoice.query(on: app.db).all().map(\.currencyCode)) == ["CHF"])
        }
    }
}

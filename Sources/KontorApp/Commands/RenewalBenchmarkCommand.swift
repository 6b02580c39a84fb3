import ConsoleKit
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// `kontor products benchmark --products N [--date YYYY-MM-DD]`: fills an EMPTY database with N web hostings on
/// automatic renewal, all expiring on one day, spread over N/1000 customers with a billing address (multi-row
/// inserts), then times the renewal run for that day — each product renewed with its invoice — and the same run
/// again, which must find nothing to do. Refuses a database with organizations: it is for `scripts/bench-renewals`.
struct RenewalBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "products", help: "How many products due on the day (default 100000)") var products: Int?
        @Option(name: "date", help: "The day they are due, YYYY-MM-DD (default: today)") var date: String?
        @Flag(name: "renewed", help: "Fill them as the run leaves them (renewed for a year): both runs must find nothing to do") var renewed: Bool
    }
    var help: String { "Benchmark of the renewal run (empty databases only)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = signature.products ?? 100_000
        guard (1...1_000_000).contains(count) else {
            context.console.error("Give --products 1…1000000")
            throw ExitCode(64)
        }
        guard try await Organization.query(on: app.db).count() == 0 else {
            context.console.error("This database has organizations: benchmark data goes only into an empty one.")
            throw ExitCode(65)
        }
        let config = app.kontor.config.billing
        let now = app.kontor.clock.now()
        let day = signature.date ?? config.day(of: now)
        let expiry = signature.renewed ? BillingPeriod(months: 12)!.end(startingOn: day) ?? day : day
        guard ProductsRenewCommand.isDay(day), let renewsAt = ProductService.day(expiry) else {
            context.console.error("--date must be a day as YYYY-MM-DD, got '\(day)'")
            throw ExitCode(64)
        }
        let started = Date()
        let itemID = try await Self.fill(app, count: count, renewsAt: renewsAt, now: now)
        context.console.print(String(format: "%d products on automatic renewal expiring on %@ for %d customers (item %@), filled in %.1f s",
                                     count, expiry, max(1, count / 1_000), itemID.uuidString, Date().timeIntervalSince(started)))
        for label in ["renewal run", "same run again"] {
            let clock = Date()
            let report = try await app.renewalRun(day: day).run()
            context.console.print(String(format: "%@: %.2f s — ", label, Date().timeIntervalSince(clock))
                                  + ProductsRenewCommand.summary(report, seconds: Date().timeIntervalSince(clock)))
        }
    }

    /// The catalog item, the customers with their default billing address and the products, in batches of 500 rows.
    static func fill(_ app: Application, count: Int, renewsAt: Date, now: Date) async throws -> UUID {
        let sql = app.db as! any SQLDatabase
        let spec = CatalogItemSpec(kind: .webHosting, name: "Web hosting Starter", periods: [BillingPeriod(months: 12)!], vatRateName: "standard")
        let item = CatalogItem(spec, now: now)
        try await item.create(on: app.db)
        let itemID = try item.requireID()
        try await CatalogItemPrice(itemID: itemID, CatalogPrice(period: BillingPeriod(months: 12)!, amount: Money(minorUnits: 11_900, currency: .chf),
                                                                effectiveOn: "2000-01-01"), staffID: nil, now: now).create(on: app.db)
        var organizations: [UUID] = []
        for index in 0..<max(1, count / 1_000) {
            let organization = Organization(name: "Benchmark \(index)", createdAt: now)
            organization.customerNumber = try await BillingCounters.next("customer_number", on: app.db)
            try await organization.create(on: app.db)
            let id = try organization.requireID()
            organizations.append(id)
            try await BillingAddress(organizationID: id, address: PostalAddress(name: "Benchmark \(index) AG", street: "Seestrasse", buildingNumber: "1",
                                                                                 postcode: "8002", town: "Zürich", country: "CH"),
                                     invoiceEmail: "billing-\(index)@benchmark.example", isDefault: true, now: now).create(on: app.db)
        }
        let columns = ["id", "organization_id", "kind", "name", "created_at", "renews_at", "renewal_warranty", "status", "catalog_item_id",
                       "period_months", "activated_at", "automatic_renewal", "renewal_anchor_day"]
        let anchor = RenewalAnchor.day(of: ProductService.utcDay(of: renewsAt))
        for chunk in stride(from: 0, to: count, by: 500) {
            var insert = sql.insert(into: "products").columns(columns)
            for index in chunk..<min(chunk + 500, count) {
                insert = insert.values([
                    SQLBind(TimeOrderedID.make()), SQLBind(organizations[index % organizations.count]), SQLBind(ProductKind.webHosting.rawValue),
                    SQLBind("site-\(index).example"), SQLBind(now), SQLBind(renewsAt), SQLBind(false), SQLBind(ProductState.active.rawValue),
                    SQLBind(itemID), SQLBind(12), SQLBind(now), SQLBind(true), SQLBind(anchor),
                ].map { $0 as any SQLExpression })
            }
            try await insert.run()
        }
        return itemID
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

extension DemoCommand {
    /// A catalog with Swiss prices (francs, and euros where the provider has a euro account), one price change
    /// announced for next year, and an order in progress: Atelier Martin ordered a .ch domain and has not paid yet.
    static func addCatalog(_ app: Application, organizations: [String: Organization], context: CommandContext) async throws {
        context.console.print("Adding the demo catalog…")
        let now = app.kontor.clock.now()
        let service = CatalogService(db: app.db, config: app.kontor.config.billing)
        // kind, name, VAT, details (extension / users×GB / tier), [(months, CHF, EUR)] in minor units
        let items: [(ProductKind, String, String, String?, [(Int, Int64, Int64)])] = [
            (.webHosting, "Web hosting Starter", "standard", nil, [(1, 990, 950), (12, 9_900, 9_500)]),
            (.webHosting, "Web hosting Pro", "standard", nil, [(12, 17_900, 16_900), (24, 32_900, 30_900)]),
            (.domain, "Domain .ch", "standard", "ch", [(12, 1_300, 1_300)]),
            (.domain, "Domain .swiss", "standard", "swiss", [(12, 9_900, 9_900)]),
            (.domain, "Domain .com", "standard", "com", [(12, 1_500, 1_500), (24, 3_000, 3_000)]),
            (.mailService, "Mail Service (5 mailboxes)", "standard", nil, [(1, 350, 350), (12, 3_600, 3_500)]),
            (.kSuite, "kSuite Standard", "standard", "5x500", [(1, 1_250, 1_200), (12, 13_800, 13_200)]),
            (.kSuite, "kSuite Pro", "standard", "20x2000", [(12, 69_000, 66_000)]),
            (.nasSynology, "NAS Synology DS224+", "standard", nil, [(12, 24_000, 23_000), (36, 64_800, 62_000)]),
            (.premiumSupport, "Premium Support Plus", "standard", "plus", [(6, 30_000, 29_000), (12, 54_000, 52_000)]),
            (.premiumSupport, "Premium Support Pro", "standard", "pro", [(6, 90_000, 87_000), (12, 162_000, 156_000)]),
            (.premiumSupport, "Premium Support Enterprise", "standard", "enterprise", [(12, 480_000, 460_000)]),
            (.sslCertificate, "SSL certificate DV", "standard", nil, [(12, 4_900, 4_700)]),
            (.sslCertificate, "SSL certificate Wildcard", "standard", nil, [(12, 14_900, 14_300)]),
        ]
        let currencies = app.kontor.config.billing.accounts.keys
        var created: [String: CatalogItem] = [:]
        for (kind, name, vat, details, prices) in items {
            let parts = details?.split(separator: "x").map(String.init) ?? []
            let input = CatalogItemSpec.Input(
                kind: kind.rawValue, name: name, periods: prices.map { String($0.0) }, vatRate: vat,
                domainExtension: kind == .domain ? details : nil, suiteUsers: kind == .kSuite ? parts.first : nil,
                suiteStorageGB: kind == .kSuite ? parts.last : nil, supportTier: kind == .premiumSupport ? details : nil)
            var rows: [CatalogPrice.Input] = []
            for (months, francs, euros) in prices {
                for currency in [Currency.chf, .eur] where currencies.contains(currency) {
                    let amount = Money(minorUnits: currency == .chf ? francs : euros, currency: currency)
                    rows.append(.init(period: String(months), currency: currency.code, amount: amount.decimalString, effectiveOn: nil))
                }
            }
            created[name] = try await service.create(input, prices: rows, staffID: nil, now: now) { _, _ in }
        }
        // A price rise announced for the first day of next year: orders until then keep today's price.
        let config = app.kontor.config.billing
        let year = Int(config.day(of: now).prefix(4))! + 1
        if let starter = created["Web hosting Starter"] {
            _ = try await service.addPrice(to: starter, .init(period: "12", currency: "CHF", amount: "109.00", effectiveOn: "\(year)-01-01"),
                                           staffID: nil, now: now) { _, _ in }
        }
        // The order in progress: invoiced, waiting for the payment that starts it.
        if let atelier = organizations["Atelier Martin"], let domain = created["Domain .ch"] {
            let representative = try await Membership.query(on: app.db).filter(\.$organization.$id == atelier.requireID()).first()?.$user.id
            _ = try await app.orderService.place(.init(
                organizationID: try atelier.requireID(), itemID: domain.id,
                request: .init(period: "12", currency: "CHF", renewalWarranty: true, name: "atelier-martin.ch"),
                billingAddressID: nil, idempotencyKey: "demo-order-atelier-martin-ch", userID: representative), now: now)
        }
    }
}

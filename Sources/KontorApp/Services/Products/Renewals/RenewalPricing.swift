import Fluent
import Foundation
import KontorDomain
import SQLKit

/// What one more period of a product costs: its catalog item's price for its period, in the currency it was
/// ordered in (CHF for products provisioned without an order), on the day of the renewal. A product provisioned
/// without a catalog item is priced by the first item of its kind sold for that period.
struct RenewalPricing {
    let db: any Database
    let config: BillingConfiguration

    struct Quote: Sendable {
        let item: CatalogItem
        let period: BillingPeriod
        let amount: Money
        let vatRate: VATRate
    }

    func quote(for product: Product, on day: String) async throws -> Quote? {
        try await quotes(for: [try product.row], on: day)[product.requireID()]
    }

    /// The quotes of many products (a renewal run's) in a few queries: the catalog once, the orders per 500 products.
    func quotes(for products: [ProductRow], on day: String) async throws -> [UUID: Quote] {
        let catalog = try await CatalogItem.query(on: db).with(\.$prices).all()
        let byID = Dictionary(catalog.compactMap { item in item.id.map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
        let byKind = Dictionary(grouping: catalog, by: \.kindRaw).mapValues { $0.sorted { $0.name < $1.name } }
        let schedules = byID.mapValues { PriceSchedule($0.prices.compactMap(\.price)) }   // once per item, not per product
        let currencies = try await currencies(of: products.map(\.id))
        var quotes: [UUID: Quote] = [:]
        for product in products {
            let productID = product.id
            let candidates = product.catalogItemID.flatMap { byID[$0] }.map { [$0] } ?? byKind[product.kindRaw] ?? []
            let currency = currencies[productID] ?? defaultCurrency
            let period = product.renewalPeriod
            for item in candidates {
                guard let itemID = item.id, let schedule = schedules[itemID] else { continue }
                if let price = schedule.price(for: period, in: currency, on: day) {
                    quotes[productID] = Quote(item: item, period: period, amount: price.amount,
                                              vatRate: config.vatRates.rate(named: item.vatRateName) ?? config.vatRates.standard)
                    break
                }
            }
        }
        return quotes
    }

    /// The currency each product was last ordered in, where the provider still has an account in it. Two columns per
    /// order rather than whole `ProductOrder` models: a renewal run asks this for every product it renews.
    private func currencies(of productIDs: [UUID]) async throws -> [UUID: Currency] {
        let sql = db as! any SQLDatabase
        var currencies: [UUID: Currency] = [:]
        var seen: Set<UUID> = []
        for chunk in productIDs.chunked(500) {
            let orders = try await sql.select().column("product_id").column("currency").from(ProductOrder.schema)
                .where("product_id", .in, Array(chunk)).orderBy("created_at", .descending).all()
            for order in orders {
                let productID = try order.decode(column: "product_id", as: UUID.self)
                guard seen.insert(productID).inserted else { continue }   // the latest order alone says
                if let currency = Currency(code: try order.decode(column: "currency", as: String.self)), config.accounts[currency] != nil {
                    currencies[productID] = currency
                }
            }
        }
        return currencies
    }

    /// Products provisioned without an order renew in CHF, or the provider's first currency.
    private var defaultCurrency: Currency {
        config.accounts[.chf] != nil ? .chf : (config.accounts.keys.sorted { $0.code < $1.code }.first ?? .chf)
    }
}

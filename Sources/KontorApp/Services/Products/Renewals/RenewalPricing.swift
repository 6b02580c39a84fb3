import Fluent
import Foundation
import KontorDomain

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
        let period = product.renewalPeriod
        let currency = try await currency(of: product)
        var candidates: [CatalogItem] = []
        if let itemID = product.$catalogItem.id, let item = try await CatalogItem.query(on: db).filter(\.$id == itemID).with(\.$prices).first() {
            candidates = [item]
        } else {
            candidates = try await CatalogItem.query(on: db).filter(\.$kindRaw == product.kindRaw).with(\.$prices).all().sorted { $0.name < $1.name }
        }
        for item in candidates {
            let schedule = PriceSchedule(item.prices.compactMap(\.price))
            if let price = schedule.price(for: period, in: currency, on: day) {
                return Quote(item: item, period: period, amount: price.amount,
                             vatRate: config.vatRates.rate(named: item.vatRateName) ?? config.vatRates.standard)
            }
        }
        return nil
    }

    private func currency(of product: Product) async throws -> Currency {
        let ordered = try await ProductOrder.query(on: db).filter(\.$product.$id == product.requireID()).sort(\.$createdAt, .descending).first()
        if let code = ordered?.currencyCode, let currency = Currency(code: code), config.accounts[currency] != nil { return currency }
        return config.accounts[.chf] != nil ? .chf : (config.accounts.keys.sorted { $0.code < $1.code }.first ?? .chf)
    }
}

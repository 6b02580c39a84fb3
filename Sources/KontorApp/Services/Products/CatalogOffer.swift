import Foundation
import KontorDomain

/// An item as customers see it when ordering: the prices in effect today, one per period and currency.
struct CatalogOffer: Sendable {
    let item: CatalogItem
    let prices: [CatalogPrice]

    /// The orderable items that have at least one price today, in list order.
    static func offers(_ service: CatalogService, today: String) async throws -> [CatalogOffer] {
        try await service.items(orderableOnly: true).compactMap { item in
            guard item.kind != nil else { return nil }
            let prices = service.schedule(of: item).current(on: today).filter { item.periods.contains($0.period) }
            return prices.isEmpty ? nil : CatalogOffer(item: item, prices: prices)
        }
    }
}

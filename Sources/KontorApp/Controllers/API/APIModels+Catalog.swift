import Foundation
import KontorDomain
import Vapor

/// The catalog's and orders' JSON shapes. Inputs are optional so a missing field is a 422 naming it.
extension APIModels {
    struct CatalogPrice: Content {
        let periodMonths: Int
        let price: Amount
        /// `YYYY-MM-DD`: orders from this day on take this price.
        let effectiveOn: String
    }
    struct CatalogItem: Content {
        let id: UUID
        let kind: String
        let name: String
        let periodMonths: [Int]
        /// `standard`, `reduced`, `accommodation` or `none`: the configured rate applied on invoices.
        let vatRate: String
        let domainExtension: String?
        let suiteUsers: Int?
        let suiteStorageGB: Int?
        let supportTier: String?
        let minimumCommitmentMonths: Int
        let renewalWarrantyAtOrder: Bool
        let isOrderable: Bool
        /// The prices in effect today, one per period and currency.
        let currentPrices: [CatalogPrice]
        /// Staff only: every price row, past and announced.
        let priceHistory: [CatalogPrice]?
    }
    struct CatalogPriceInput: Content {
        var periodMonths: Int?
        var price: AmountInput?
        /// Default today; never before today.
        var effectiveOn: String?
    }
    struct CatalogItemInput: Content {
        var kind: String?
        var name: String?
        var periodMonths: [Int]?
        var vatRate: String?
        var domainExtension: String?
        var suiteUsers: Int?
        var suiteStorageGB: Int?
        var supportTier: String?
        /// Changes only: withdraw from sale (`false`) or offer again.
        var isOrderable: Bool?
        /// Creation only: the first prices.
        var prices: [CatalogPriceInput]?
    }
    struct OrderInput: Content {
        var itemId: UUID?
        var periodMonths: Int?
        var currency: String?
        /// The domain name for a domain, the host for a certificate; otherwise optional (the item's name).
        var name: String?
        /// Default: the organization's default billing address.
        var billingAddressId: UUID?
        var renewalWarranty: Bool?
        /// Alternatively the `Idempotency-Key` header.
        var idempotencyKey: String?
    }
    struct Order: Content {
        let id: UUID
        /// `awaiting_payment` or `active`.
        let status: String
        let itemId: UUID?
        let itemName: String
        let periodMonths: Int
        let price: Amount
        let renewalWarranty: Bool
        /// Null once the product has moved to another organization: its state there is that organization's.
        let product: Product?
        /// `pending` until the invoice is paid, then `active`; `moved` once it belongs to another organization.
        let productStatus: String
        let invoiceId: UUID?
        let invoiceNumber: String?
        let amountDue: Amount?
        let createdAt: Date
        let activatedAt: Date?
    }

    static func catalogPrice(_ price: KontorDomain.CatalogPrice) -> CatalogPrice {
        CatalogPrice(periodMonths: price.period.months, price: Amount(price.amount), effectiveOn: price.effectiveOn)
    }

    static func catalogItem(_ item: KontorApp.CatalogItem, schedule: PriceSchedule, today: String, history: Bool) -> CatalogItem {
        let kind = item.kind
        return CatalogItem(id: item.id!, kind: item.kindRaw, name: item.name, periodMonths: item.periods.map(\.months), vatRate: item.vatRateName,
                           domainExtension: item.domainExtension, suiteUsers: item.suiteUsers, suiteStorageGB: item.suiteStorageGB,
                           supportTier: item.supportTier, minimumCommitmentMonths: kind?.minimumCommitmentMonths ?? 1,
                           renewalWarrantyAtOrder: kind?.offersRenewalWarranty ?? false, isOrderable: item.isOrderable,
                           currentPrices: schedule.current(on: today).map(catalogPrice),
                           priceHistory: history ? schedule.prices.sorted { ($0.period, $0.amount.currency.code, $0.effectiveOn) < ($1.period, $1.amount.currency.code, $1.effectiveOn) }.map(catalogPrice) : nil)
    }

    static func order(_ order: ProductOrder, product: KontorApp.Product, invoice: Invoice?) -> Order {
        let moved = product.$organization.id != order.$organization.id
        return Order(id: order.id!, status: order.statusRaw, itemId: order.$catalogItem.id, itemName: order.itemName, periodMonths: order.periodMonths,
              price: Amount(order.unitPrice), renewalWarranty: order.renewalWarranty, product: moved ? nil : APIModels.product(product),
              productStatus: moved ? "moved" : product.statusRaw,
              invoiceId: invoice?.id, invoiceNumber: invoice?.number, amountDue: invoice.map { Amount(minor: $0.openMinor, currency: $0.currency) },
              createdAt: order.createdAt, activatedAt: order.activatedAt)
    }

    /// The domain's raw input from JSON: the amount in minor units as the decimal text the rules parse.
    static func priceInput(_ input: CatalogPriceInput) -> KontorDomain.CatalogPrice.Input {
        let currency = input.price?.currency.flatMap { Currency(code: $0.uppercased()) }
        let amount: String? = input.price?.amountMinor.map { minor in currency.map { Money(minorUnits: minor, currency: $0).decimalString } ?? String(minor) }
        return .init(period: input.periodMonths.map(String.init), currency: input.price?.currency, amount: amount, effectiveOn: input.effectiveOn)
    }

    static func itemInput(_ input: CatalogItemInput) -> CatalogItemSpec.Input {
        .init(kind: input.kind, name: input.name, periods: (input.periodMonths ?? []).map(String.init), vatRate: input.vatRate,
              domainExtension: input.domainExtension, suiteUsers: input.suiteUsers.map(String.init), suiteStorageGB: input.suiteStorageGB.map(String.init),
              supportTier: input.supportTier)
    }
}

import Foundation
import KontorDomain
import Vapor

/// The view models of ordering in the console: choosing an item, the order form, and the order once placed.
enum OrderPages {
    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }
    struct OfferRow: Encodable {
        let id: String
        let name: String
        let kind: String
        let details: String?
        let prices: [String]
        let chooseHref: String
    }
    struct CatalogPage: Encodable {
        let layout: LayoutModel
        let offers: [OfferRow]
        let hasOffers: Bool
        let productsPath: String
        /// Why an order was refused when its item is no longer offered (withdrawn or unpriced since the form opened).
        var refusal: String? = nil
        /// Set when only one kind of product is shown (`?kind=`): the link to everything on offer.
        var wholeCatalogPath: String? = nil
    }
    struct FormPage: Encodable {
        let layout: LayoutModel
        let item: OfferRow
        let action: String
        let catalogPath: String
        let periods: [Choice]
        let currencies: [Choice]
        let addresses: [Choice]
        let hasAddresses: Bool
        let billingAddressesPath: String
        /// Domain names and certificates name what they are for; other products may be given a name.
        let nameRequired: Bool
        let nameHint: String
        let offersRenewalWarranty: Bool
        let idempotencyKey: String
        let form: FormState
    }
    struct OrderPage: Encodable {
        let layout: LayoutModel
        let itemName: String
        let productName: String
        /// Nil once the product has moved to another organization.
        let productPath: String?
        let isMoved: Bool
        let period: String
        let price: String
        let renewalWarranty: Bool
        let isActive: Bool
        let invoiceNumber: String?
        let invoicePath: String?
        let invoiceTotal: String?
        let invoiceOpen: String?
        let isPaid: Bool
        let balance: String?
        /// "Pay now from my balance": shown when the balance covers what is open and the reader may pay.
        let payAction: String?
        /// Cancelled before payment: the invoice credited, the product deleted.
        let isCancelled: Bool
        /// "Cancel this order": while nothing is paid and the reader may order.
        let cancelAction: String?
        let refusal: String?
    }

    static func row(_ offer: CatalogOffer, organizationID: UUID, _ request: Request) -> OfferRow {
        let item = offer.item
        return OfferRow(id: item.id!.uuidString, name: item.name, kind: request.t("product.kind.\(item.kindRaw)"), details: details(item, request),
                        prices: offer.prices.map { priceLabel($0, request) },
                        chooseHref: SiteRoute.newOrder(organizationID).path + "?item=" + item.id!.uuidString)
    }

    /// What tells items of one kind apart: `.ch`, `10 users · 500 GB`, `Pro`.
    static func details(_ item: CatalogItem, _ request: Request) -> String? {
        if let ext = item.domainExtension { return "." + ext }
        if let users = item.suiteUsers, let storage = item.suiteStorageGB {
            return request.t("catalog.suite_plan", ["users": String(users), "storage": String(storage)])
        }
        if let tier = item.supportTier { return request.t("catalog.tier.\(tier)") + " · " + request.t("catalog.minimum_commitment") }
        return nil
    }

    static func periodLabel(_ months: Int, _ request: Request) -> String { request.t("catalog.period", ["count": String(months)]) }

    static func priceLabel(_ price: CatalogPrice, _ request: Request) -> String {
        periodLabel(price.period.months, request) + ": " + MoneyFormatting.format(price.amount, request.language)
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

/// The staff catalog's pages: the list with the form for a new item, and one item with its price history.
enum StaffCatalogPages {
    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }
    struct ItemRow: Encodable {
        let name: String
        let kind: String
        let details: String?
        let vatRate: String
        let periods: String
        let prices: [String]
        let isOrderable: Bool
        let path: String
    }
    struct PriceRow: Encodable {
        let period: String
        let amount: String
        let effectiveOn: String
        let isCurrent: Bool
        let isUpcoming: Bool
    }
    struct ListPage: Encodable {
        let layout: LayoutModel
        let items: [ItemRow]
        let hasItems: Bool
        let action: String
        let kinds: [Choice]
        let periods: [Choice]
        /// The first price's period: one choice, apart from the item's ticked periods.
        let pricePeriods: [Choice]
        let vatRates: [Choice]
        let tiers: [Choice]
        let currencies: [Choice]
        let form: FormState
    }
    struct ItemPage: Encodable {
        let layout: LayoutModel
        let listPath: String
        let item: ItemRow
        let kindRaw: String
        let domainExtension: String
        let suiteUsers: String
        let suiteStorageGB: String
        /// The version the edit form starts from, sent back with it.
        let version: Int
        let action: String
        let priceAction: String
        let periods: [Choice]
        let vatRates: [Choice]
        let tiers: [Choice]
        let currencies: [Choice]
        let pricePeriods: [Choice]
        let prices: [PriceRow]
        let today: String
        let itemForm: FormState
        let priceForm: FormState
    }

    static func renderList(_ request: Request, form: FormState) async throws -> View {
        let service = CatalogService(db: request.db, config: request.kontor.config.billing)
        let items = try await service.items()
        let today = request.kontor.config.billing.day(of: request.now)
        let chosen = Set(form.values["periods"].map { $0.split(separator: ",").map(String.init) } ?? ["12"])
        let pricePeriod = form.values["price_period"].flatMap { $0.isEmpty ? nil : $0 } ?? "12"
        return try await request.view.render("Staff/Catalog", ListPage(
            layout: await request.layout(title: request.t("staff.catalog.title")),
            items: items.map { row($0, service: service, today: today, request) }, hasItems: !items.isEmpty,
            action: SiteRoute.staffCatalog.path,
            kinds: ProductKind.allCases.map { .init(value: $0.rawValue, label: request.t("product.kind.\($0.rawValue)"), selected: form.values["kind"] == $0.rawValue) },
            periods: periodChoices(chosen, request), pricePeriods: periodChoices([pricePeriod], request),
            vatRates: vatChoices(form.values["vat_rate"] ?? "standard", request),
            tiers: tierChoices(form.values["support_tier"], request), currencies: currencyChoices(request, chosen: form.values["price_currency"]), form: form))
    }

    static func renderItem(_ request: Request, _ item: CatalogItem, itemForm: FormState, priceForm: FormState) async throws -> View {
        let service = CatalogService(db: request.db, config: request.kontor.config.billing)
        let today = request.kontor.config.billing.day(of: request.now)
        let schedule = service.schedule(of: item)
        let current = Set(schedule.current(on: today))
        let id = try item.requireID()
        let prices = schedule.prices.sorted { ($0.period, $0.amount.currency.code, $1.effectiveOn) < ($1.period, $1.amount.currency.code, $0.effectiveOn) }
        return try await request.view.render("Staff/CatalogItem", ItemPage(
            layout: await request.layout(title: item.name), listPath: SiteRoute.staffCatalog.path,
            item: row(item, service: service, today: today, request), kindRaw: item.kindRaw, domainExtension: item.domainExtension ?? "",
            suiteUsers: item.suiteUsers.map(String.init) ?? "", suiteStorageGB: item.suiteStorageGB.map(String.init) ?? "",
            version: item.version, action: SiteRoute.staffCatalogItem(id).path, priceAction: SiteRoute.staffCatalogPrices(id).path,
            periods: periodChoices(Set(item.periods.map(\.description)), request), vatRates: vatChoices(item.vatRateName, request),
            tiers: tierChoices(item.supportTier, request), currencies: currencyChoices(request),
            pricePeriods: item.periods.map { .init(value: $0.description, label: OrderPages.periodLabel($0.months, request), selected: false) },
            prices: prices.map { price in
                PriceRow(period: OrderPages.periodLabel(price.period.months, request), amount: MoneyFormatting.format(price.amount, request.language),
                         effectiveOn: DayFormatting.format(price.effectiveOn, request.language),
                         isCurrent: current.contains(price), isUpcoming: price.effectiveOn > today)
            },
            today: today, itemForm: itemForm, priceForm: priceForm))
    }

    static func row(_ item: CatalogItem, service: CatalogService, today: String, _ request: Request) -> ItemRow {
        ItemRow(name: item.name, kind: request.t("product.kind.\(item.kindRaw)"), details: OrderPages.details(item, request),
                vatRate: request.t("staff.billing.vat.\(item.vatRateName)"),
                periods: item.periods.map { OrderPages.periodLabel($0.months, request) }.joined(separator: ", "),
                prices: service.schedule(of: item).current(on: today).map { OrderPages.priceLabel($0, request) },
                isOrderable: item.isOrderable, path: SiteRoute.staffCatalogItem(item.id!).path)
    }

    static func periodChoices(_ chosen: Set<String>, _ request: Request) -> [Choice] {
        BillingPeriod.allowedMonths.map { .init(value: String($0), label: OrderPages.periodLabel($0, request), selected: chosen.contains(String($0))) }
    }

    static func vatChoices(_ chosen: String, _ request: Request) -> [Choice] {
        let rates = request.kontor.config.billing.vatRates
        return CatalogItemSpec.vatRateNames.map { name in
            .init(value: name, label: request.t("staff.billing.vat.\(name)") + " (\(VATRateFormatting.format(rates.rate(named: name) ?? .zero, request.language)))", selected: name == chosen)
        }
    }

    static func tierChoices(_ chosen: String?, _ request: Request) -> [Choice] {
        PremiumSupportTier.allCases.map { .init(value: $0.rawValue, label: request.t("catalog.tier.\($0.rawValue)"), selected: $0.rawValue == chosen) }
    }

    static func currencyChoices(_ request: Request, chosen: String? = nil) -> [Choice] {
        request.kontor.config.billing.accounts.keys.map(\.code).sorted().map { .init(value: $0, label: $0, selected: $0 == chosen) }
    }
}

import Fluent
import Foundation
import KontorDomain

/// An item of the catalog staff keep: a hosting plan, a domain extension, a kSuite plan, … with the billing periods
/// it is sold for and the VAT rate (by name, so a change of the configured rate applies to new invoices).
final class CatalogItem: Model, @unchecked Sendable {
    static let schema = "catalog_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kindRaw: String
    @Field(key: "name") var name: String
    /// `1,12,24`: the billing periods in months.
    @Field(key: "period_months") var periodMonths: String
    /// `standard`, `reduced`, `accommodation` or `none`.
    @Field(key: "vat_rate") var vatRateName: String
    @OptionalField(key: "domain_extension") var domainExtension: String?
    @OptionalField(key: "suite_users") var suiteUsers: Int?
    @OptionalField(key: "suite_storage_gb") var suiteStorageGB: Int?
    @OptionalField(key: "support_tier") var supportTier: String?
    /// Staff withdraw an item from sale without deleting what was bought as it.
    @Field(key: "is_orderable") var isOrderable: Bool
    /// Counts changes: a change names the version it started from (the form's field, the API's `If-Match`).
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Children(for: \.$item) var prices: [CatalogItemPrice]

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $kindRaw, $name, $periodMonths, $vatRateName, $domainExtension, $suiteUsers, $suiteStorageGB, $supportTier,
            $isOrderable, $version, $createdAt, $updatedAt, $prices
        ]
    }

    init() {}

    init(_ spec: CatalogItemSpec, now: Date) {
        createdAt = now
        isOrderable = true
        version = 1
        apply(spec, now: now)
    }

    func apply(_ spec: CatalogItemSpec, now: Date) {
        kindRaw = spec.kind.rawValue
        name = spec.name
        periodMonths = spec.periods.map(\.description).joined(separator: ",")
        vatRateName = spec.vatRateName
        domainExtension = spec.domainExtension
        suiteUsers = spec.suiteUsers
        suiteStorageGB = spec.suiteStorageGB
        supportTier = spec.supportTier?.rawValue
        updatedAt = now
    }

    var kind: ProductKind? { ProductKind(rawValue: kindRaw) }
    /// The item's version as an HTTP entity tag (RFC 9110 §8.8.3), strong: `"3"`.
    var entityTag: String { "\"\(version)\"" }
    /// What the audit trail says the item was or became.
    var auditSummary: String { "\(name) [\(periodMonths)] \(vatRateName) \(isOrderable ? "orderable" : "withdrawn")" }
    var periods: [BillingPeriod] { periodMonths.split(separator: ",").compactMap { BillingPeriod(String($0)) } }

    /// The item as the domain rules read it; nil for a kind this version does not know.
    var spec: CatalogItemSpec? {
        kind.map { CatalogItemSpec(kind: $0, name: name, periods: periods, vatRateName: vatRateName, domainExtension: domainExtension,
                                   suiteUsers: suiteUsers, suiteStorageGB: suiteStorageGB, supportTier: supportTier.flatMap(PremiumSupportTier.init)) }
    }
}

/// One price row: an amount for one period in one currency, effective from a day. Never updated.
final class CatalogItemPrice: Model, @unchecked Sendable {
    static let schema = "catalog_item_prices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "catalog_item_id") var item: CatalogItem
    @Field(key: "period_months") var periodMonths: Int
    @Field(key: "currency") var currencyCode: String
    @Field(key: "amount_minor") var amountMinor: Int64
    @Field(key: "effective_on") var effectiveOn: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "created_by_staff_id") var createdByStaffID: UUID?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $item, $periodMonths, $currencyCode, $amountMinor, $effectiveOn, $createdAt, $createdByStaffID
        ]
    }

    init() {}

    init(itemID: UUID, _ price: CatalogPrice, staffID: UUID?, now: Date) {
        $item.id = itemID
        periodMonths = price.period.months
        currencyCode = price.amount.currency.code
        amountMinor = price.amount.minorUnits
        effectiveOn = price.effectiveOn
        createdAt = now
        createdByStaffID = staffID
    }

    var price: CatalogPrice? {
        guard let period = BillingPeriod(months: periodMonths), let currency = Currency(code: currencyCode) else { return nil }
        return CatalogPrice(period: period, amount: Money(minorUnits: amountMinor, currency: currency), effectiveOn: effectiveOn)
    }
}

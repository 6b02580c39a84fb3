/// One price of a catalog item: for one billing period in one currency, from a day on. A price is never edited;
/// a change is a new row from a later day, so periods already bought or invoiced keep the price they had
/// ("prices change for new periods only").
public struct CatalogPrice: Hashable, Sendable {
    public let period: BillingPeriod
    public let amount: Money
    /// `YYYY-MM-DD`, in the provider's time zone, as invoices' days are.
    public let effectiveOn: String

    public init(period: BillingPeriod, amount: Money, effectiveOn: String) {
        self.period = period
        self.amount = amount
        self.effectiveOn = effectiveOn
    }

    public static let maximumMinorUnits: Int64 = 100_000_000   // 1,000,000.00: more is a typing mistake
    /// How far ahead staff may announce a price.
    public static let maximumDaysAhead = 5 * 366

    /// Raw values of a new price, checked whole. `today` bounds the effective day: not before today (what was
    /// charged yesterday stays as it was), not more than five years ahead.
    public struct Input: Sendable {
        public var period: String?
        public var currency: String?
        public var amount: String?
        public var effectiveOn: String?

        public init(period: String?, currency: String?, amount: String?, effectiveOn: String?) {
            self.period = period
            self.currency = currency
            self.amount = amount
            self.effectiveOn = effectiveOn
        }
    }

    public static func validate(_ input: Input, periods: [BillingPeriod], currencies: Set<Currency>, today: String) -> Result<CatalogPrice, ValidationFailure> {
        var errors: [FieldError] = []
        let period = input.period.flatMap(BillingPeriod.init)
        if period == nil || !periods.contains(period!) { errors.append(FieldError(field: "period", messageKey: "error.catalog.price_period")) }
        let currency = input.currency.flatMap { Currency(code: $0.trimmingCharacters(in: .whitespaces).uppercased()) }
        if currency == nil || !currencies.contains(currency!) { errors.append(FieldError(field: "currency", messageKey: "error.billing.currency_unavailable")) }
        var amount: Money?
        if let currency {
            switch Money.parse((input.amount ?? "").trimmingCharacters(in: .whitespaces), currency: currency) {
            case .success(let money) where money.minorUnits >= 0 && money.minorUnits <= maximumMinorUnits: amount = money
            default: errors.append(FieldError(field: "amount", messageKey: (input.amount ?? "").isEmpty ? "error.required" : "error.catalog.amount"))
            }
        }
        let day = (input.effectiveOn ?? "").trimmingCharacters(in: .whitespaces)
        let effective = day.isEmpty ? today : day
        if let number = CivilDay.number(effective), let todayNumber = CivilDay.number(today), CivilDay.text(number) == effective {
            if number < todayNumber { errors.append(FieldError(field: "effectiveOn", messageKey: "error.catalog.effective_past")) }
            else if number > todayNumber + maximumDaysAhead { errors.append(FieldError(field: "effectiveOn", messageKey: "error.catalog.effective_far")) }
        } else {
            errors.append(FieldError(field: "effectiveOn", messageKey: "error.catalog.effective_day"))
        }
        guard errors.isEmpty, let period, let amount else { return .failure(ValidationFailure(errors)) }
        return .success(CatalogPrice(period: period, amount: amount, effectiveOn: effective))
    }
}

/// The prices of one item over time, and which one applies on a given day.
public struct PriceSchedule: Sendable {
    public let prices: [CatalogPrice]

    public init(_ prices: [CatalogPrice]) { self.prices = prices }

    /// The price for `period` in `currency` on `day`: of those already effective, the one from the latest day;
    /// nil when none is (the item is not sold in that currency or period yet).
    public func price(for period: BillingPeriod, in currency: Currency, on day: String) -> CatalogPrice? {
        prices.filter { $0.period == period && $0.amount.currency == currency && $0.effectiveOn <= day }
            .max { $0.effectiveOn < $1.effectiveOn }
    }

    /// Every (period, currency) with a price on `day`, shortest period first, then by currency code.
    public func current(on day: String) -> [CatalogPrice] {
        let keys = Set(prices.map { PeriodCurrency(period: $0.period, currency: $0.amount.currency) })
        return keys.compactMap { price(for: $0.period, in: $0.currency, on: day) }
            .sorted { ($0.period, $0.amount.currency.code) < ($1.period, $1.amount.currency.code) }
    }

    /// The next change announced after `day` for the same period and currency, if any.
    public func upcoming(after day: String) -> [CatalogPrice] {
        prices.filter { $0.effectiveOn > day }.sorted { ($0.effectiveOn, $0.period, $0.amount.currency.code) < ($1.effectiveOn, $1.period, $1.amount.currency.code) }
    }

    private struct PeriodCurrency: Hashable {
        let period: BillingPeriod
        let currency: Currency
    }
}

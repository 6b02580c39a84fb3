import Foundation
import KontorDomain
import Testing

@Suite("Catalog rules: items, billing periods, prices from a day on, and what an order may ask")
struct CatalogRulesTests {
    static let hosting = CatalogItemSpec.Input(kind: "web_hosting", name: "Web hosting Starter", periods: ["12", "1"], vatRate: "standard")

    @Test("a valid item keeps its periods sorted and its VAT rate by name")
    func validItem() throws {
        let spec = try CatalogItemSpec.validate(Self.hosting).get()
        #expect(spec.kind == .webHosting && spec.name == "Web hosting Starter")
        #expect(spec.periods.map(\.months) == [1, 12] && spec.vatRateName == "standard")
    }

    @Test("every problem of an item is named by its field at once")
    func invalidItem() {
        let input = CatalogItemSpec.Input(kind: "toaster", name: "  ", periods: ["7"], vatRate: "8.1")
        guard case .failure(let failure) = CatalogItemSpec.validate(input) else { Issue.record("accepted"); return }
        #expect(failure.errors.map(\.field) == ["kind", "name", "periods", "vatRate"])
        #expect(failure.errors.map(\.messageKey) == ["error.catalog.kind", "error.required", "error.catalog.period", "error.catalog.vat_rate"])
    }

    @Test("names: too long or with control characters are refused; repeated periods too")
    func namesAndPeriods() {
        var input = Self.hosting
        input.name = String(repeating: "x", count: 121)
        #expect(fields(input) == ["name"])
        input.name = "Web\u{7}hosting"
        #expect(fields(input) == ["name"])
        input = Self.hosting
        input.periods = ["12", "12"]
        #expect(fields(input) == ["periods"])
        input.periods = []
        #expect(fields(input) == ["periods"])
    }

    @Test("Premium Support: a tier and periods of at least six months (the minimum commitment)")
    func premiumSupport() throws {
        var input = CatalogItemSpec.Input(kind: "premium_support", name: "Premium Support Pro", periods: ["1", "12"], vatRate: "standard", supportTier: "pro")
        #expect(fields(input) == ["periods"])
        input.periods = ["6", "12"]
        #expect(try CatalogItemSpec.validate(input).get().supportTier == .pro)
        input.supportTier = "gold"
        #expect(fields(input) == ["supportTier"])
        #expect(ProductKind.premiumSupport.minimumCommitmentMonths == 6 && ProductKind.webHosting.minimumCommitmentMonths == 1)
    }

    @Test("kind-specific fields: a domain's extension, a kSuite's users × storage, and nothing else where it does not apply")
    func kindFields() throws {
        let domain = CatalogItemSpec.Input(kind: "domain", name: "Domain .ch", periods: ["12"], vatRate: "standard", domainExtension: ".CH")
        #expect(try CatalogItemSpec.validate(domain).get().domainExtension == "ch")
        var bad = domain
        bad.domainExtension = "c h"
        #expect(fields(bad) == ["domainExtension"])
        let suite = CatalogItemSpec.Input(kind: "ksuite", name: "kSuite Standard", periods: ["12"], vatRate: "standard", suiteUsers: "10", suiteStorageGB: "500")
        let spec = try CatalogItemSpec.validate(suite).get()
        #expect(spec.suiteUsers == 10 && spec.suiteStorageGB == 500)
        var noUsers = suite
        noUsers.suiteUsers = "0"
        noUsers.suiteStorageGB = nil
        #expect(fields(noUsers) == ["suiteUsers", "suiteStorageGB"])
        var stray = Self.hosting
        stray.domainExtension = "ch"
        stray.suiteUsers = "3"
        stray.supportTier = "pro"
        #expect(fields(stray) == ["domainExtension", "suiteUsers", "supportTier"])
    }

    @Test("a billing period ends the same day months later, or on the last day of a shorter month")
    func periodEnds() throws {
        let month = try #require(BillingPeriod(months: 1))
        #expect(month.end(startingOn: "2027-01-31") == "2027-02-28")
        #expect(month.end(startingOn: "2028-01-31") == "2028-02-29")
        #expect(try #require(BillingPeriod(months: 12)).end(startingOn: "2026-12-03") == "2027-12-03")
        #expect(try #require(BillingPeriod(months: 6)).end(startingOn: "2026-08-31") == "2027-02-28")
        #expect(BillingPeriod(months: 7) == nil && BillingPeriod("x") == nil)
    }

    static let today = "2026-12-03"

    @Test("a price: a period of the item, a currency with an account, an exact amount, from today or later")
    func priceValidation() throws {
        let periods = [BillingPeriod(months: 12)!]
        let ok = try CatalogPrice.validate(.init(period: "12", currency: "chf", amount: "119.00", effectiveOn: nil), periods: periods,
                                           currencies: [.chf, .eur], today: Self.today).get()
        #expect(ok.amount == Money(minorUnits: 11_900, currency: .chf) && ok.effectiveOn == Self.today)
        func priceFields(_ input: CatalogPrice.Input) -> [String] {
            guard case .failure(let failure) = CatalogPrice.validate(input, periods: periods, currencies: [.chf, .eur], today: Self.today) else { return [] }
            return failure.errors.map(\.field)
        }
        #expect(priceFields(.init(period: "1", currency: "USD", amount: "1", effectiveOn: nil)) == ["period", "currency"])
        #expect(priceFields(.init(period: "12", currency: "CHF", amount: "1.005", effectiveOn: nil)) == ["amount"])
        #expect(priceFields(.init(period: "12", currency: "CHF", amount: "-1", effectiveOn: nil)) == ["amount"])
        #expect(priceFields(.init(period: "12", currency: "CHF", amount: "1000000.01", effectiveOn: nil)) == ["amount"])
        #expect(priceFields(.init(period: "12", currency: "CHF", amount: "1", effectiveOn: "2026-12-02")) == ["effectiveOn"])
        #expect(priceFields(.init(period: "12", currency: "CHF", amount: "1", effectiveOn: "2026-02-30")) == ["effectiveOn"])
        #expect(priceFields(.init(period: "12", currency: "CHF", amount: "1", effectiveOn: "2040-01-01")) == ["effectiveOn"])
    }

    @Test("the price in effect is the latest already effective; an announced price waits for its day")
    func schedule() {
        let year = BillingPeriod(months: 12)!
        let schedule = PriceSchedule([
            CatalogPrice(period: year, amount: Money(minorUnits: 11_900, currency: .chf), effectiveOn: "2026-01-01"),
            CatalogPrice(period: year, amount: Money(minorUnits: 12_900, currency: .chf), effectiveOn: "2027-01-01"),
            CatalogPrice(period: year, amount: Money(minorUnits: 11_000, currency: .eur), effectiveOn: "2026-06-01"),
        ])
        #expect(schedule.price(for: year, in: .chf, on: "2026-12-31")?.amount.minorUnits == 11_900)
        #expect(schedule.price(for: year, in: .chf, on: "2027-01-01")?.amount.minorUnits == 12_900)
        #expect(schedule.price(for: year, in: .eur, on: "2026-05-31") == nil)
        #expect(schedule.current(on: "2026-12-03").map(\.amount.currency.code) == ["CHF", "EUR"])
        #expect(schedule.upcoming(after: "2026-12-03").map(\.effectiveOn) == ["2027-01-01"])
    }

    @Test("an order: a period and currency with a price today; Renewal Warranty never at order for a NAS; a domain names itself")
    func orders() throws {
        let nas = try CatalogItemSpec.validate(.init(kind: "nas_synology", name: "NAS Synology DS224+", periods: ["12"], vatRate: "standard")).get()
        let schedule = PriceSchedule([CatalogPrice(period: BillingPeriod(months: 12)!, amount: Money(minorUnits: 29_900, currency: .chf), effectiveOn: "2026-01-01")])
        guard case .failure(let failure) = OrderRequest.validate(.init(period: "12", currency: "EUR", renewalWarranty: true, name: nil),
                                                                  item: nas, schedule: schedule, today: Self.today) else { Issue.record("accepted"); return }
        #expect(failure.errors.map(\.field) == ["currency", "renewalWarranty"])
        let order = try OrderRequest.validate(.init(period: "12", currency: "CHF", renewalWarranty: false, name: " "), item: nas, schedule: schedule, today: Self.today).get()
        #expect(order.productName == "NAS Synology DS224+" && order.price.amount.minorUnits == 29_900)

        let domain = try CatalogItemSpec.validate(.init(kind: "domain", name: "Domain .ch", periods: ["12"], vatRate: "standard", domainExtension: "ch")).get()
        let named = try OrderRequest.validate(.init(period: "12", currency: "CHF", renewalWarranty: true, name: "Ana-Garcia.CH"), item: domain, schedule: schedule, today: Self.today).get()
        #expect(named.productName == "ana-garcia.ch" && named.renewalWarranty)
        for wrong in ["ana.de", "-ana.ch", "a.b.ch", ""] {
            guard case .failure(let refused) = OrderRequest.validate(.init(period: "12", currency: "CHF", renewalWarranty: false, name: wrong),
                                                                      item: domain, schedule: schedule, today: Self.today) else { Issue.record("\(wrong) accepted"); continue }
            #expect(refused.errors.map(\.field) == ["name"], "\(wrong)")
        }
    }

    private func fields(_ input: CatalogItemSpec.Input) -> [String] {
        guard case .failure(let failure) = CatalogItemSpec.validate(input) else { return [] }
        return failure.errors.map(\.field)
    }
}

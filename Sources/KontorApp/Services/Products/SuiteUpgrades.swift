import Fluent
import Foundation
import KontorDomain

/// Upgrading a kSuite's plan (issue 13 §3, seed guide "modificar la oferta kSuite"): to a larger kSuite plan of the
/// catalog, never a smaller one, with an invoice for the price difference over all the time already paid: the rest of
/// the current period to the day, and each period renewed ahead in full (`Proration`), issued through billing's one
/// entry point (`InvoiceIssuer`).
///
/// The new plan applies at once and the invoice falls due on the usual terms, for every organization: the customer
/// already holds the suite, and more seats are wanted now; an unpaid upgrade is then chased by the payment reminders
/// like any invoice. The form's key is unique per suite: a double click, or two servers at once, upgrade once.
struct SuiteUpgrades {
    let db: any Database
    let issuer: InvoiceIssuer
    let localizer: Localizer
    let defaultLanguage: Language

    /// A plan the suite may move up to, priced for the suite's period and currency today.
    struct Option: Sendable {
        let item: CatalogItem
        let plan: SuitePlan
        let charge: Money
    }

    struct Upgraded: Sendable {
        let upgrade: SuiteUpgrade
        let isReplay: Bool
    }

    /// The catalog's larger kSuite plans with what upgrading to each costs today; empty when the suite has no
    /// catalog plan or period (provisioned before the catalog), or nothing larger is for sale.
    func options(for suite: Product, now: Date) async throws -> [Option] {
        guard let plan = suite.suitePlan, !suite.isPending, let pricing = try await pricing(of: suite, now: now),
              pricing.today < pricing.renewsOn else { return [] }
        let items = try await CatalogItem.query(on: db).filter(\.$kindRaw == ProductKind.kSuite.rawValue)
            .filter(\.$isOrderable == true).with(\.$prices).all()
        return items.compactMap { item -> Option? in
            guard let target = item.spec.flatMap(Self.plan), plan.change(to: target) == .upgrade,
                  let charge = try? self.charge(to: item, pricing) else { return nil }
            return Option(item: item, plan: target, charge: charge)
        }.sorted { ($0.plan.users, $0.plan.storageGB) < ($1.plan.users, $1.plan.storageGB) }
    }

    /// Upgrades to the catalog item `itemID`; with the same key again, answers the first upgrade.
    func upgrade(_ suite: Product, to itemID: UUID?, key rawKey: String?, by userID: UUID?, now: Date) async throws -> Upgraded {
        let key = try OrderService.validKey(rawKey)
        let suiteID = try suite.requireID()
        if let existing = try await upgrade(key: key, of: suiteID, on: db) { return try replay(existing, itemID) }
        guard let current = suite.suitePlan, let pricing = try await pricing(of: suite, now: now) else {
            throw AppError.conflict(messageKey: "error.suite.no_plan")
        }
        // Waiting for its first payment, or past its renewal day, no period is running to prorate: an upgrade then
        // would cost nothing and the renewal would be priced as the larger plan.
        guard !suite.isPending, pricing.today < pricing.renewsOn else { throw AppError.conflict(messageKey: "error.suite.not_running") }
        guard let itemID, let item = try await CatalogItem.query(on: db).filter(\.$id == itemID).filter(\.$isOrderable == true)
            .filter(\.$kindRaw == ProductKind.kSuite.rawValue).with(\.$prices).first(), let target = item.spec.flatMap(Self.plan) else {
            throw ValidationFailure([FieldError(field: "item", messageKey: itemID == nil ? "error.required" : "error.suite.plan_unknown")])
        }
        switch current.change(to: target) {
        case .downgrade: throw ValidationFailure([FieldError(field: "item", messageKey: "error.suite.downgrade")])
        case .same: throw ValidationFailure([FieldError(field: "item", messageKey: "error.suite.same_plan")])
        case .upgrade: break
        }
        let charge = try self.charge(to: item, pricing)
        let language = try await Organization.documentLanguage(of: suite.$organization.id, default: defaultLanguage, on: db)
        let description = InvoiceLineText.naming(suite.name) {
            localizer.text("suite.upgrade.invoice_line", language, [
                // The days as the document's language writes them, as a renewal's invoice line does (05.12.2026), not `2026-12-05`.
                "name": $0, "item": item.name, "from": DayFormatting.format(pricing.today, language),
                "to": DayFormatting.format(pricing.renewsOn, language),
            ])
        }
        let vatRate = issuer.config.vatRates.rate(named: item.vatRateName) ?? issuer.config.vatRates.standard
        do {
            return try await issuer.queued(for: suite.$organization.id) { try await db.transaction { db in
                // The organization before the product, as every other writer of a product takes them (a seat assigned,
                // a renewal, a move): the invoice's issuing locks the organization, and taking it after the product
                // let an upgrade and a seat assigned at the same moment wait for each other.
                try await db.lockForUpdate(Organization.self, id: suite.$organization.id)
                try await db.lockForUpdate(Product.self, id: suiteID)
                if let existing = try await upgrade(key: key, of: suiteID, on: db) { return try replay(existing, itemID) }
                // Under the lock: a plan changed meanwhile by another upgrade is compared afresh.
                guard let fresh = try await Product.find(suiteID, on: db), let plan = fresh.suitePlan, plan == current else {
                    throw AppError.conflict(messageKey: "error.suite.changed_meanwhile")
                }
                let record = SuiteUpgrade()
                record.$product.id = suiteID
                record.idempotencyKey = key
                record.catalogItemID = itemID
                record.fromUsers = plan.users
                record.fromStorageGB = plan.storageGB
                record.toUsers = target.users
                record.toStorageGB = target.storageGB
                record.amountMinor = charge.minorUnits
                record.currencyCode = charge.currency.code
                record.upgradedByUserID = userID
                record.createdAt = now
                if charge.minorUnits > 0 {
                    let invoice = try await issuer.issue(.init(
                        organizationID: fresh.$organization.id, currency: charge.currency,
                        lines: [.init(description: description, quantity: 1, unitPrice: charge, vatRate: vatRate, productID: suiteID)],
                        billingAddressID: fresh.$billingAddress.id, language: language), now: now, on: db)
                    record.invoiceID = try invoice.requireID()
                }
                try await record.create(on: db)
                fresh.suiteUsers = target.users
                fresh.suiteStorageGB = target.storageGB
                fresh.$catalogItem.id = itemID
                try await fresh.save(on: db)
                return Upgraded(upgrade: record, isReplay: false)
            } }
        } catch where ConcurrentChange(error) == .conflict {
            if let existing = try await upgrade(key: key, of: suiteID, on: db) { return try replay(existing, itemID) }
            throw error
        }
    }

    static func plan(_ spec: CatalogItemSpec) -> SuitePlan? {
        guard spec.kind == .kSuite, let users = spec.suiteUsers, let storage = spec.suiteStorageGB else { return nil }
        return SuitePlan(users: users, storageGB: storage)
    }

    /// What the suite pays now: its period, currency, today's price of its current plan and its renewal day.
    private struct Pricing {
        let period: BillingPeriod
        let currency: Currency
        let currentMinor: Int64
        let today: String
        let renewsOn: String
        /// The suite's renewal anchor: its current period began on it (`Proration`).
        let anchorDay: Int?
    }

    private func pricing(of suite: Product, now: Date) async throws -> Pricing? {
        guard let period = suite.period, let itemID = suite.$catalogItem.id,
              let item = try await CatalogItem.query(on: db).filter(\.$id == itemID).with(\.$prices).first() else { return nil }
        let ordered = try await ProductOrder.query(on: db).filter(\.$product.$id == suite.requireID()).first()?.currencyCode
        let currency = ordered.flatMap { Currency(code: $0) } ?? .chf
        let today = issuer.config.day(of: now)
        guard let price = CatalogService(db: db, config: issuer.config).schedule(of: item).price(for: period, in: currency, on: today) else { return nil }
        return Pricing(period: period, currency: currency, currentMinor: price.amount.minorUnits, today: today,
                       renewsOn: ProductService.utcDay(of: suite.renewsAt), anchorDay: suite.renewalAnchorDay)
    }

    private func charge(to item: CatalogItem, _ pricing: Pricing) throws -> Money {
        guard let price = CatalogService(db: db, config: issuer.config).schedule(of: item).price(for: pricing.period, in: pricing.currency, on: pricing.today),
              let prorated = Proration.charge(differenceMinor: price.amount.minorUnits - pricing.currentMinor, today: pricing.today,
                                              renewsOn: pricing.renewsOn, period: pricing.period, anchorDay: pricing.anchorDay) else {
            throw ValidationFailure([FieldError(field: "item", messageKey: "error.suite.plan_not_priced")])
        }
        return Money(minorUnits: prorated.amount, currency: pricing.currency)
    }

    private func upgrade(key: String, of suiteID: UUID, on db: any Database) async throws -> SuiteUpgrade? {
        try await SuiteUpgrade.query(on: db).filter(\.$product.$id == suiteID).filter(\.$idempotencyKey == key).first()
    }

    /// The same key for another plan is a mistake, not a retry.
    private func replay(_ upgrade: SuiteUpgrade, _ itemID: UUID?) throws -> Upgraded {
        guard upgrade.catalogItemID == itemID else {
            throw ValidationFailure([FieldError(field: "idempotencyKey", messageKey: "error.order.idempotency_key_reused")])
        }
        return Upgraded(upgrade: upgrade, isReplay: true)
    }
}

import Fluent
import Foundation
import KontorDomain

/// The catalog as staff keep it (console and staff API) and as customers read it when ordering. Every change is
/// written with its audit entry in one transaction (`audit`); a price is only ever added, from a day on.
struct CatalogService {
    let db: any Database
    let config: BillingConfiguration

    /// The currencies prices may be given in: those the provider has an account for (CHF, EUR).
    var currencies: Set<Currency> { Set(config.accounts.keys) }

    /// Every item, by kind then name, with its prices.
    func items(orderableOnly: Bool = false) async throws -> [CatalogItem] {
        var query = CatalogItem.query(on: db).with(\.$prices)
        if orderableOnly { query = query.filter(\.$isOrderable == true) }
        return try await query.all().sorted(by: Self.listOrder)
    }

    func item(_ id: UUID) async throws -> CatalogItem {
        guard let item = try await CatalogItem.query(on: db).filter(\.$id == id).with(\.$prices).first() else { throw AppError.notFound }
        return item
    }

    func schedule(of item: CatalogItem) -> PriceSchedule { PriceSchedule(item.prices.compactMap(\.price)) }

    /// Creates an item with its first prices (effective from the day each names, today by default).
    func create(_ input: CatalogItemSpec.Input, prices: [CatalogPrice.Input], staffID: UUID?, now: Date,
                audit: @escaping @Sendable (any Database, CatalogItem) async throws -> Void) async throws -> CatalogItem {
        // The item's problems and its prices' at once: a bad price is not told only after the item's fields are fixed.
        var errors: [FieldError] = []
        let checked: CatalogItemSpec?
        do { checked = try validated(input) } catch let failure as ValidationFailure {
            checked = nil
            errors = failure.errors
        }
        let periods = checked?.periods ?? input.periods.compactMap { BillingPeriod($0) }
        let today = config.day(of: now)
        var rows: [CatalogPrice] = []
        for (index, price) in prices.enumerated() {
            switch CatalogPrice.validate(price, periods: periods, currencies: currencies, today: today) {
            case .success(let row): rows.append(row)
            case .failure(let failure): errors += failure.errors.map { FieldError(field: "prices[\(index)].\($0.field)", messageKey: $0.messageKey) }
            }
        }
        if Set(rows.map { "\($0.period)|\($0.amount.currency)|\($0.effectiveOn)" }).count != rows.count {
            errors.append(FieldError(field: "prices", messageKey: "error.catalog.price_repeated"))
        }
        try ValidationFailure.check(errors)
        guard let spec = checked else { throw ValidationFailure(errors) }
        let prices = rows
        let item = CatalogItem(spec, now: now)
        try await saving(spec) {
            try await db.transaction { db in
                try await item.create(on: db)
                for row in prices { try await CatalogItemPrice(itemID: item.requireID(), row, staffID: staffID, now: now).create(on: db) }
                try await audit(db, item)
            }
        }
        return try await self.item(item.requireID())
    }

    /// Renames an item, changes its periods or VAT rate, or withdraws it from sale. Its kind never changes:
    /// products were bought as it. `change` makes the new fields from the item as stored now, read again under its row
    /// lock: a change of some fields (the API's PATCH) keeps what another change saved meanwhile. A change that names
    /// the version it started from (`expectedVersions`: the form's, the API's `If-Match`) is refused (409) when the item
    /// has another one; nil applies it whatever the version. Answers the item as saved.
    func update(_ id: UUID, expectedVersions: Set<Int>?, now: Date,
                change: @escaping @Sendable (CatalogItem) -> (input: CatalogItemSpec.Input, isOrderable: Bool),
                audit: @escaping @Sendable (any Database, _ before: String, CatalogItem) async throws -> Void) async throws -> CatalogItem {
        do {
            try await db.transaction { db in
                let item = try await Self.locked(id, on: db)
                if let expectedVersions, !expectedVersions.contains(item.version) {
                    throw AppError.conflict(messageKey: "error.catalog.changed_meanwhile", arguments: ["name": item.name])
                }
                let (input, isOrderable) = change(item)
                let spec = try validated(input)
                guard spec.kind.rawValue == item.kindRaw else { throw ValidationFailure([FieldError(field: "kind", messageKey: "error.catalog.kind_fixed")]) }
                let before = item.auditSummary
                item.apply(spec, now: now)
                item.isOrderable = isOrderable
                item.version += 1
                do {
                    try await item.save(on: db)
                } catch where ConcurrentChange(error) == .conflict {
                    throw NameTaken(spec: spec)   // which field is said outside, once the transaction is rolled back
                }
                try await audit(db, before, item)
            }
        } catch let taken as NameTaken {
            throw try await takenField(taken.spec)
        }
        return try await item(id)
    }

    /// Adds a price from a day on (today or later): orders from that day take it; what was ordered before keeps its price.
    /// Today's price of the same period and currency is replaced rather than refused, so a typo found today is corrected
    /// today; orders placed at it keep their invoice, which holds its own amounts. An announced price stays one per day,
    /// and a past day's price never changes. `audit` gets the replaced amount (nil for a new price), in the same transaction.
    func addPrice(to item: CatalogItem, _ input: CatalogPrice.Input, staffID: UUID?, now: Date,
                  audit: @escaping @Sendable (any Database, _ replaced: Money?) async throws -> Void) async throws -> CatalogPrice {
        let itemID = try item.requireID(), currencies = currencies, today = config.day(of: now)
        do {
            return try await db.transaction { db in
                // Checked against the periods as stored under the item's lock, which an edit of the item takes too: a
                // period removed by another member of staff meanwhile gets no price.
                let current = try await Self.locked(itemID, on: db)
                let price = try CatalogPrice.validate(input, periods: current.periods, currencies: currencies, today: today).get()
                if price.effectiveOn == today, let same = try await CatalogItemPrice.query(on: db).filter(\.$item.$id == itemID).filter(\.$periodMonths == price.period.months)
                    .filter(\.$currencyCode == price.amount.currency.code).filter(\.$effectiveOn == price.effectiveOn).first() {
                    let replaced = Money(minorUnits: same.amountMinor, currency: price.amount.currency)
                    same.amountMinor = price.amount.minorUnits
                    same.createdAt = now
                    same.createdByStaffID = staffID
                    try await same.update(on: db)
                    try await audit(db, replaced)
                } else {
                    try await CatalogItemPrice(itemID: itemID, price, staffID: staffID, now: now).create(on: db)
                    try await audit(db, nil)
                }
                return price
            }
        } catch where ConcurrentChange(error) == .conflict {
            throw ValidationFailure([FieldError(field: "effectiveOn", messageKey: "error.catalog.price_exists")])
        }
    }

    /// The item as stored, under its row lock (edits and new prices take turns on it); gone: 404.
    private static func locked(_ id: UUID, on db: any Database) async throws -> CatalogItem {
        try await db.lockForUpdate(CatalogItem.self, id: id)
        guard let item = try await CatalogItem.find(id, on: db) else { throw AppError.notFound }
        return item
    }

    private func validated(_ input: CatalogItemSpec.Input) throws -> CatalogItemSpec {
        var spec = try CatalogItemSpec.validate(input).get()
        spec.name = String(spec.name.prefix(120))
        return spec
    }

    /// Turns the unique indexes' refusals into the field they concern.
    private func saving(_ spec: CatalogItemSpec, _ body: () async throws -> Void) async throws {
        do { try await body() } catch where ConcurrentChange(error) == .conflict { throw try await takenField(spec) }
    }

    private func takenField(_ spec: CatalogItemSpec) async throws -> ValidationFailure {
        if spec.domainExtension != nil,
           try await CatalogItem.query(on: db).filter(\.$domainExtension == spec.domainExtension).count() > 0,
           try await CatalogItem.query(on: db).filter(\.$kindRaw == spec.kind.rawValue).filter(\.$name == spec.name).count() == 0 {
            return ValidationFailure([FieldError(field: "domainExtension", messageKey: "error.catalog.extension_taken")])
        }
        return ValidationFailure([FieldError(field: "name", messageKey: "error.catalog.name_taken")])
    }

    /// A unique index refused the change's name or domain extension.
    private struct NameTaken: Error { let spec: CatalogItemSpec }

    static func listOrder(_ a: CatalogItem, _ b: CatalogItem) -> Bool {
        let (ka, kb) = (a.kind?.listOrder ?? .max, b.kind?.listOrder ?? .max)
        return ka != kb ? ka < kb : a.name.localizedStandardCompare(b.name) == .orderedAscending
    }
}

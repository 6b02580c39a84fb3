import Crypto
import Fluent
import Foundation
import KontorDomain
import SQLKit

/// Placing an order (issue 13 §1), the same for the console's form and the API: checks the whole request, then in
/// one transaction under the organization's lock creates the product (pending), the order and its invoice through
/// billing's one entry point (`InvoiceIssuer`). The product starts when the invoice is paid (`ProductActivation`),
/// at once when it is paid at issue from the balance, or at once for an organization allowed to pay later.
///
/// The form's idempotency key is unique per organization: a form sent twice, or by two servers at once, makes one
/// order and one invoice, and the second request is answered with the first order — if it asks for the same thing.
struct OrderService {
    let db: any Database
    let issuer: InvoiceIssuer
    let localizer: Localizer
    let defaultLanguage: Language
    /// The PHP versions offered: a web hosting ordered under a domain's name gets its first site with the newest.
    var phpVersions: [PHPVersion] = []

    struct Placement: Sendable {
        var organizationID: UUID
        var itemID: UUID?
        var request: OrderRequest.Input
        var billingAddressID: UUID?
        var idempotencyKey: String?
        var userID: UUID?

        /// What a retry with the same key must repeat (`OrderRequest.Input.fingerprint`).
        var fingerprint: String { request.fingerprint(itemID: itemID, billingAddressID: billingAddressID) }
    }

    struct Placed: Sendable {
        let order: ProductOrder
        let isReplay: Bool
    }

    func place(_ placement: Placement, now: Date) async throws -> Placed {
        let key = try Self.validKey(placement.idempotencyKey)
        if let existing = try await order(key: key, in: placement.organizationID, on: db) { return try replay(existing, placement) }
        var errors: [FieldError] = []
        let item = try await orderableItem(placement.itemID, &errors)
        var request: OrderRequest?
        if let item, let spec = item.spec {
            switch OrderRequest.validate(placement.request, item: spec, schedule: CatalogService(db: db, config: issuer.config).schedule(of: item),
                                         today: issuer.config.day(of: now)) {
            case .success(let valid): request = valid
            case .failure(let failure): errors += failure.errors
            }
        }
        if let addressID = placement.billingAddressID,
           try await BillingAddress.query(on: db).filter(\.$id == addressID).filter(\.$organization.$id == placement.organizationID).count() == 0 {
            errors.append(FieldError(field: "billingAddressID", messageKey: "error.billing.address_unknown"))
        } else if placement.billingAddressID == nil,
                  try await BillingAddress.query(on: db).filter(\.$organization.$id == placement.organizationID).count() == 0 {
            errors.append(FieldError(field: "billingAddressID", messageKey: "error.billing.no_address"))
        }
        if item?.kind == .premiumSupport, try await holdsPremiumSupport(placement.organizationID) {
            errors.append(FieldError(field: "item", messageKey: "error.products.one_per_organization"))
        }
        if item?.kind == .domain, let name = request?.productName {
            if try await Self.domainIsHeld(name, on: db) {
                errors.append(FieldError(field: "name", messageKey: "error.products.domain_taken"))
            } else if try await Self.sitesServed(on: name, byAnotherThan: placement.organizationID, on: db) {
                errors.append(FieldError(field: "name", messageKey: "error.products.domain_taken"))
            }
        }
        if item?.kind == .sslCertificate, let name = request?.productName,
           try await Self.certificateNameIsTaken(name, byAnotherThan: placement.organizationID, on: db) {
            errors.append(FieldError(field: "name", messageKey: "error.products.certificate_name_taken"))
        }
        try ValidationFailure.check(errors)
        guard let item, let request, let kind = item.kind else { throw AppError.notFound }
        let language = try await Organization.documentLanguage(of: placement.organizationID, default: defaultLanguage, on: db)
        let vatRate = issuer.config.vatRates.rate(named: item.vatRateName) ?? issuer.config.vatRates.standard
        let period = localizer.text("catalog.period", language, ["count": String(request.period.months)])
        let description = InvoiceLineText.naming(request.productName) {
            localizer.text("order.invoice_line", language, ["item": item.name, "name": $0, "period": period])
        }
        do {
            return try await issuer.queued(for: placement.organizationID) { try await db.transaction { db in
                try await db.lockForUpdate(Organization.self, id: placement.organizationID)
                // Under the lock a request with the same key sees the first one's order (SQLite and PostgreSQL alike).
                if let existing = try await order(key: key, in: placement.organizationID, on: db) { return try replay(existing, placement) }
                guard let organization = try await Organization.find(placement.organizationID, on: db) else { throw AppError.notFound }
                // Unpaid orders are bounded: each holds a domain name from everyone else, takes an invoice number and mails
                // an invoice, and nothing else stopped a script from placing them by the hundred (security probe).
                let unpaid = try await ProductOrder.query(on: db).filter(\.$organization.$id == placement.organizationID)
                    .filter(\.$statusRaw == ProductOrder.Status.awaitingPayment.rawValue).count()
                if unpaid >= Self.maximumUnpaidOrders, !organization.payLater {
                    throw AppError.conflict(messageKey: "error.order.too_many_unpaid", arguments: ["count": String(Self.maximumUnpaidOrders)])
                }
                // A cancellation frees its place at once: ordering and cancelling in a loop mailed an invoice and a credit
                // note, each with its PDF, to whatever invoice e-mail the address named, fifty in a second, and took two
                // document numbers each time (security probe round 9). Orders cancelled within a day count too.
                let cancelledToday = try await ProductOrder.query(on: db).filter(\.$organization.$id == placement.organizationID)
                    .filter(\.$statusRaw == ProductOrder.Status.cancelled.rawValue).filter(\.$createdAt > now.addingTimeInterval(-24 * 3600)).count()
                if unpaid + cancelledToday >= Self.maximumUnpaidOrders, !organization.payLater {
                    throw AppError.conflict(messageKey: "error.order.too_many_cancelled", arguments: ["count": String(Self.maximumUnpaidOrders)])
                }
                // Again under the lock: two orders of one name at once make one domain. The organization's lock covers one
                // organization; two organizations ordering the same name also take the name's own lock (PostgreSQL: an
                // advisory lock until commit; SQLite has one writer at a time).
                if kind == .domain { try await db.lockAdvisory(Self.domainLockKey(request.productName)) }
                if kind == .domain, try await Self.domainIsHeld(request.productName, on: db) {
                    throw ValidationFailure([FieldError(field: "name", messageKey: "error.products.domain_taken")])
                }
                let product = Product(organizationID: placement.organizationID, kind: kind, name: request.productName,
                                      renewsAt: now, createdAt: now, renewalWarranty: request.renewalWarranty,
                                      mysqlServerPrefix: kind.hasMySQLPrefixOption ? Self.newServerPrefix() : nil)
                product.statusRaw = Product.Status.pending.rawValue
                product.activatedAt = nil
                product.$catalogItem.id = item.id
                product.periodMonths = request.period.months
                product.$billingAddress.id = placement.billingAddressID
                if kind == .kSuite {   // the plan is the suite's own from now on: an upgrade changes it (`SuiteUpgrades`)
                    product.suiteUsers = item.suiteUsers
                    product.suiteStorageGB = item.suiteStorageGB
                }
                try await product.create(on: db)
                if kind == .kSuite { try await BundledProducts.create(for: product, on: db) }
                // A hosting ordered as "my-company.ch" comes with that site, as `kontor add-product` provisions one; a
                // domain another hosting already serves is left for the provider to sort out, not refused here. Nor does
                // it come with a site on a domain another organization holds ("walker.studio", "shop.walker.studio"):
                // that took the domain's site from its holder, paid or not (security probe).
                if kind == .webHosting, !phpVersions.isEmpty, case .success(let domain) = SiteDomainName.parse(request.productName),
                   try await HostingSite.query(on: db).filter(\.$domainName == domain.value).count() == 0,
                   try await !Self.domainIsHeld(under: domain.value, byAnotherThan: placement.organizationID, on: db) {
                    try await HostingProvisioning(db: db).add(.init(sites: [domain.value]), to: product, offered: phpVersions, now: now)
                }
                let order = ProductOrder()
                order.$organization.id = placement.organizationID
                order.$product.id = try product.requireID()
                order.$catalogItem.id = item.id
                order.itemName = item.name
                order.periodMonths = request.period.months
                order.currencyCode = request.price.amount.currency.code
                order.unitMinor = request.price.amount.minorUnits
                order.billingAddressID = placement.billingAddressID
                order.renewalWarranty = request.renewalWarranty
                order.orderedByUserID = placement.userID
                order.idempotencyKey = key
                order.requestHash = placement.fingerprint
                order.statusRaw = ProductOrder.Status.awaitingPayment.rawValue
                order.createdAt = now
                try await order.create(on: db)
                let invoice = try await issuer.issue(.init(
                    organizationID: placement.organizationID, currency: request.price.amount.currency,
                    lines: [.init(description: description, quantity: 1, unitPrice: request.price.amount, vatRate: vatRate, productID: product.id)],
                    billingAddressID: placement.billingAddressID, language: language), now: now, on: db)
                order.invoiceID = try invoice.requireID()
                try await order.save(on: db)
                // Paid at issue from the balance (the organization's choice), free, or allowed to pay later: starts now.
                if invoice.paidAt != nil || organization.payLater { try await ProductActivation.activate(order, now: now, on: db) }
                return Placed(order: order, isReplay: false)
            } }
        } catch where ConcurrentChange(error) == .conflict {
            // Another server committed the same key first (the unique index), or a Premium Support at the same moment.
            if let existing = try await order(key: key, in: placement.organizationID, on: db) { return try replay(existing, placement) }
            if kind == .premiumSupport { throw ValidationFailure([FieldError(field: "item", messageKey: "error.products.one_per_organization")]) }
            throw error
        }
    }

    /// A domain is registered once: any organization's domain product of that name (as orders normalise it, lower
    /// case) that is not deleted — running, or ordered and waiting for payment — holds it.
    static func domainIsHeld(_ name: String, on db: any Database) async throws -> Bool {
        try await heldDomains(on: db).filter(\.$name == name).count() > 0
    }

    /// Domain products that hold their name: not deleted.
    private static func heldDomains(on db: any Database) -> QueryBuilder<Product> {
        Product.query(on: db).filter(\.$kindRaw == ProductKind.domain.rawValue).filter(\.$statusRaw != ProductState.deleted.rawValue)
    }

    /// Orders an organization may have waiting for payment at once (organizations allowed to pay later have none waiting
    /// long: theirs start at once). Ten covers a customer moving a portfolio of domains in; beyond, pay or cancel first.
    static let maximumUnpaidOrders = 10

    /// Whether an organization other than `organizationID` holds `host` or a domain it lies under ("walker.studio" for
    /// "shop.walker.studio"): as a domain product that is not deleted, or as a site its hosting serves. A customer who
    /// registered the domain elsewhere and hosts it here holds it as much as one who registered it with us; only domain
    /// products counted, and any other customer got a site, or a certificate, on `shop.` of a domain another's hosting
    /// serves (security probe round 8).
    static func domainIsHeld(under host: String, byAnotherThan organizationID: UUID, on db: any Database) async throws -> Bool {
        let labels = host.lowercased().split(separator: ".")
        guard labels.count >= 2 else { return false }
        let names = (0...(labels.count - 2)).map { labels[$0...].joined(separator: ".") }
        if try await heldDomains(on: db).filter(\.$name ~~ names).filter(\.$organization.$id != organizationID).count() > 0 { return true }
        // A site serves its own name and every name under it; a `www.` site serves its domain as well.
        return try await servingSites(byAnotherThan: organizationID, on: db) { sql in
            SQLQueryString("s.domain_name IN \(SQLGroupExpression((names + names.map { "www." + $0 }).map { SQLBind($0) as any SQLExpression }))")
        }
    }

    /// Whether another organization's hosting serves `domain` or a name under it ("shop.walker.studio" for
    /// "walker.studio"): that organization holds the domain, registered elsewhere, and nobody else may register it here.
    static func sitesServed(on domain: String, byAnotherThan organizationID: UUID, on db: any Database) async throws -> Bool {
        let domain = domain.lowercased()
        return try await servingSites(byAnotherThan: organizationID, on: db) { _ in
            SQLQueryString("(s.domain_name = \(bind: domain) OR s.domain_name LIKE \(bind: "%." + domain))")
        }
    }

    /// Whether a site matching `condition` (on `hosting_sites s`) belongs to a hosting of another organization that is
    /// not deleted.
    private static func servingSites(byAnotherThan organizationID: UUID, on db: any Database,
                                     _ condition: (any SQLDatabase) -> SQLQueryString) async throws -> Bool {
        let sql = db as! any SQLDatabase
        return try await sql.raw("""
            SELECT 1 AS found FROM hosting_sites s JOIN products p ON p.id = s.product_id
            WHERE \(condition(sql)) AND p.organization_id <> \(bind: organizationID) AND p.status <> \(bind: ProductState.deleted.rawValue)
            LIMIT 1
            """).first() != nil
    }

    /// Whether a certificate for `name` ("shop.walker.studio", "*.walker.studio") belongs to another organization: the
    /// name lies under a domain another organization holds with us, or another organization's certificate (not deleted)
    /// already has it. Any customer could order a certificate for any other's domain before, started at once when paid
    /// from the balance (security probe round 6), as hostings could before the same check.
    static func certificateNameIsTaken(_ name: String, byAnotherThan organizationID: UUID, on db: any Database) async throws -> Bool {
        let name = name.lowercased()
        let host = name.hasPrefix("*.") ? String(name.dropFirst(2)) : name
        if try await domainIsHeld(under: host, byAnotherThan: organizationID, on: db) { return true }
        return try await Product.query(on: db).filter(\.$kindRaw == ProductKind.sslCertificate.rawValue)
            .filter(\.$statusRaw != ProductState.deleted.rawValue).filter(\.$name == name)
            .filter(\.$organization.$id != organizationID).count() > 0
    }

    /// The advisory lock of one domain name: the first eight bytes of its SHA-256, with a prefix no other lock shares.
    static func domainLockKey(_ name: String) -> Int64 {
        let digest = Array(SHA256.hash(data: Data(("kontor-domain:" + name).utf8)))
        return digest.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    /// An order form's key (`IdempotencyKey`).
    static func validKey(_ key: String?) throws -> String {
        try IdempotencyKey.validated(key, field: "idempotencyKey", messageKey: "error.order.idempotency_key")
    }

    private func order(key: String, in organizationID: UUID, on db: any Database) async throws -> ProductOrder? {
        try await ProductOrder.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$idempotencyKey == key).first()
    }

    /// The first order again, for the very same request only: the same key with any other field (item, period,
    /// currency, name, billing address, Renewal Warranty) is a mistake, not a retry, and answering it with the first
    /// order would hide that what was asked for is not what was ordered (422 on the key, as the staff API answers).
    private func replay(_ order: ProductOrder, _ placement: Placement) throws -> Placed {
        guard Self.isSameRequest(order, placement) else {
            throw ValidationFailure([FieldError(field: "idempotencyKey", messageKey: "error.order.idempotency_key_other_request")])
        }
        return Placed(order: order, isReplay: true)
    }

    /// Compared by fingerprint; an order placed before fingerprints (M067) by the fields it keeps, its name aside.
    private static func isSameRequest(_ order: ProductOrder, _ placement: Placement) -> Bool {
        if let stored = order.requestHash { return stored == placement.fingerprint }
        let samePeriod = placement.request.period.flatMap(BillingPeriod.init)?.months == order.periodMonths
        let sameCurrency = placement.request.currency?.trimmingCharacters(in: .whitespaces).uppercased() == order.currencyCode
        return placement.itemID == order.$catalogItem.id && samePeriod && sameCurrency
            && placement.request.renewalWarranty == order.renewalWarranty && placement.billingAddressID == order.billingAddressID
    }

    private func orderableItem(_ id: UUID?, _ errors: inout [FieldError]) async throws -> CatalogItem? {
        guard let id else {
            errors.append(FieldError(field: "item", messageKey: "error.required"))
            return nil
        }
        guard let item = try await CatalogItem.query(on: db).filter(\.$id == id).filter(\.$isOrderable == true).with(\.$prices).first(),
              item.kind != nil else {
            errors.append(FieldError(field: "item", messageKey: "error.order.item"))
            return nil
        }
        return item
    }

    private func holdsPremiumSupport(_ organizationID: UUID) async throws -> Bool {
        try await Product.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$kindRaw == ProductKind.premiumSupport.rawValue).filter(\.$statusRaw != ProductState.deleted.rawValue).count() > 0
    }

    /// Until the provider's provisioning places the hosting on a server, a prefix of its own: `w` and five
    /// letters or digits, as MySQL accepts unquoted.
    static func newServerPrefix() -> MySQLServerPrefix {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return MySQLServerPrefix("w" + String((0..<5).map { _ in alphabet.randomElement()! }))!
    }
}

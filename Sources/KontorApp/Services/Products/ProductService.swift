import Fluent
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// An organization's products and their settings, for the customer's pages, the API and support staff working
/// under a grant. Who may call it is decided by the caller (a managing membership, or a grant that may change
/// settings); this service keeps the products' own rules.
struct ProductService {
    let db: any Database

    /// The organization's products, hosting first, then by name.
    func products(of organizationID: UUID) async throws -> [Product] {
        try await Product.query(on: db).filter(\.$organization.$id == organizationID).all().sorted(by: Self.listOrder)
    }

    /// The same list as plain rows, for pages that only show it (the products list, the console): no Fluent model
    /// per product, which a profile of the products page found to be most of its database work.
    func rows(of organizationID: UUID) async throws -> [ProductRow] {
        try await OfOrganization.rows(on: db, where: organizationID).map(ProductRow.init).sorted(by: Self.listOrder)
    }

    private enum OfOrganization: PreparedSelect {
        static let name = "products_of_organization"
        // Columns named, not `*`: a prepared `*` fails once another server's migration adds a column.
        static let select = "SELECT " + Product.keys.map { "\"\($0.description)\"" }.joined(separator: ", ") + " FROM \"\(Product.schema)\""
        static let column = "\"organization_id\""
    }

    /// The products a person reading them out takes as the organization's (staff look-up, grant page): every one but
    /// the deleted, which are kept only for the record.
    func currentProducts(of organizationID: UUID) async throws -> [Product] {
        try await products(of: organizationID).filter { $0.status != .deleted }
    }

    /// Several organizations' products in one query, each list in `products(of:)` order.
    func productsByOrganization(_ organizationIDs: [UUID]) async throws -> [UUID: [Product]] {
        guard !organizationIDs.isEmpty else { return [:] }
        let products = try await Product.query(on: db).filter(\.$organization.$id ~~ organizationIDs).all().sorted(by: Self.listOrder)
        return Dictionary(grouping: products, by: \.$organization.id)
    }

    /// The product of `organizationID` with this id; another organization's product is a 404 like an unknown one.
    func product(_ id: UUID, in organizationID: UUID) async throws -> Product {
        guard let product = try await Product.query(on: db).filter(\.$id == id).filter(\.$organization.$id == organizationID).first() else {
            throw AppError.notFound
        }
        return product
    }

    /// Switches Renewal Warranty for one product; returns whether anything changed.
    @discardableResult
    func setRenewalWarranty(_ product: Product, enabled: Bool) async throws -> Bool {
        try await change(product, offered: product.offersRenewalWarranty, refusal: Self.renewalWarrantyUnavailable,
                         isOn: product.renewalWarranty, to: enabled) { $0.renewalWarranty = enabled }
    }

    /// Switches Renewal Warranty for several products of one organization at once, in one transaction.
    /// Products that do not offer it are reported, not changed; an id outside the organization is a 404.
    func setRenewalWarranty(_ ids: [UUID], enabled: Bool, in organizationID: UUID) async throws -> RenewalWarrantyChange<UUID> {
        guard !ids.isEmpty else { throw ValidationFailure([FieldError(field: "products", messageKey: "error.products.none_selected")]) }
        let wanted = Set(ids)
        let products = try await Product.query(on: db).filter(\.$id ~~ wanted).filter(\.$organization.$id == organizationID).all()
        guard products.count == wanted.count else { throw AppError.notFound }
        let change = RenewalWarrantyChange(products.map { .init(id: $0.id!, offered: $0.offersRenewalWarranty, enabled: $0.renewalWarranty) }, enable: enabled)
        if !change.toChange.isEmpty {
            // Filtered by the organization again: a product moved to another one meanwhile is not changed from here.
            try await Product.query(on: db).filter(\.$id ~~ change.toChange).filter(\.$organization.$id == organizationID)
                .set(\.$renewalWarranty, to: enabled).update()
        }
        return change
    }

    /// One switch of one product: refused by field when the product does not offer it, written only when it changes.
    private func change(_ product: Product, offered: Bool, refusal: FieldError, isOn: Bool, to enabled: Bool,
                        apply: (Product) -> Void) async throws -> Bool {
        guard offered else { throw ValidationFailure([refusal]) }
        guard isOn != enabled else { return false }
        apply(product)
        let productID = try product.requireID(), organizationID = product.$organization.id
        try await db.transaction { db in
            // Under the organization's lock, as a move takes it: a product moved away since it was read is not
            // changed by the organization it left.
            try await db.lockForUpdate(Organization.self, id: organizationID)
            _ = try await ProductService(db: db).product(productID, in: organizationID)
            try await product.save(on: db)
        }
        return true
    }

    static let renewalWarrantyUnavailable = FieldError(field: "renewal_warranty", messageKey: "error.products.renewal_warranty_unavailable")
    static let onePerOrganization = ValidationFailure([FieldError(field: "kind", messageKey: "error.products.one_per_organization")])

    /// What the provider's provisioning hands over for a new product (`kontor add-product`): checked whole, so a
    /// product is created complete or not at all.
    struct NewProduct {
        var kind: String?
        var name: String?
        var renewsOn: String?
        var serverPrefix: String?
        /// Web hosting: its sites come from an older offer, so their MySQL prefix option starts on. Without sites given,
        /// a hosting named like a domain gets one site of that name.
        var mysqlPrefix = false
        var renewalWarranty = false
        /// Web hosting: its sites, databases and database users.
        var hosting = HostingProvisioning.Items()
        /// kSuite: its plan (users × storage in GB), required for a kSuite and refused for anything else.
        var suiteUsers: String? = nil
        var suiteStorageGB: String? = nil
    }

    /// `audit` is written in the same transaction (staff provisioning from the console).
    func provision(_ new: NewProduct, in organizationID: UUID, now: Date, phpVersions: [PHPVersion],
                   audit: @escaping @Sendable (any Database, Product) async throws -> Void = { _, _ in }) async throws -> Product {
        var errors: [FieldError] = []
        let kind = new.kind.flatMap(ProductKind.init(rawValue:))
        if kind == nil { errors.append(FieldError(field: "kind", messageKey: new.kind == nil ? "error.required" : "error.products.kind")) }
        var name = (new.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(FieldError(field: "name", messageKey: "error.required")) }
        else if name.count > 200 { errors.append(FieldError(field: "name", messageKey: "error.too_long")) }
        // Names checked as an order checks them: a domain or a certificate's host is a real host name, stored lowercased.
        else if kind == .domain {
            switch SiteDomainName.parse(name, field: "name") {
            case .success(let domain): name = domain.value
            case .failure(let error): errors.append(error)
            }
        } else if kind == .sslCertificate {
            if DomainName.isValidHost(name.lowercased()) { name = name.lowercased() }
            else { errors.append(FieldError(field: "name", messageKey: "error.order.host_name")) }
        } else if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.append(FieldError(field: "name", messageKey: "error.catalog.name"))
        } else if let invisible = TextCharacters.invisibleCharacterError(in: name, field: "name") {
            // Printed on its renewal invoices, which refuse it: a product named so could never renew.
            errors.append(invisible)
        }
        if kind == .domain, errors.allSatisfy({ $0.field != "name" }), try await OrderService.domainIsHeld(name, on: db) {
            errors.append(FieldError(field: "name", messageKey: "error.products.domain_taken"))
        }
        let renewsAt = new.renewsOn.flatMap(Self.day)
        if renewsAt == nil { errors.append(FieldError(field: "renews", messageKey: new.renewsOn == nil ? "error.required" : "error.products.date")) }
        // The renewal run would suspend a product whose date is past the same day, without a notice.
        else if let renewsAt, renewsAt < Self.startOfUTCDay(now) { errors.append(FieldError(field: "renews", messageKey: "error.products.renews_past")) }
        var prefix: MySQLServerPrefix?
        if kind == .webHosting {
            prefix = new.serverPrefix.flatMap(MySQLServerPrefix.init)
            if prefix == nil { errors.append(FieldError(field: "server_prefix", messageKey: "error.products.server_prefix")) }
        } else if new.serverPrefix != nil || new.mysqlPrefix {
            errors.append(FieldError(field: "server_prefix", messageKey: "error.products.mysql_prefix_unavailable"))
        } else if !new.hosting.isEmpty {
            errors.append(FieldError(field: "sites", messageKey: "error.sites.not_web_hosting"))
        }
        if new.renewalWarranty, kind?.offersRenewalWarranty == false { errors.append(Self.renewalWarrantyUnavailable) }
        var plan: SuitePlan?
        if kind == .kSuite {
            let users = CatalogItemSpec.number(new.suiteUsers, field: "suite_users", in: CatalogItemSpec.suiteUsersRange, &errors)
            let storage = CatalogItemSpec.number(new.suiteStorageGB, field: "suite_storage_gb", in: CatalogItemSpec.suiteStorageRange, &errors)
            if let users, let storage { plan = SuitePlan(users: users, storageGB: storage) }
        } else if kind != nil {
            for (field, value) in [("suite_users", new.suiteUsers), ("suite_storage_gb", new.suiteStorageGB)] where !(value ?? "").isEmpty {
                errors.append(FieldError(field: field, messageKey: "error.catalog.not_for_kind"))
            }
        }
        guard errors.isEmpty, let kind, let renewsAt else { throw ValidationFailure(errors) }
        guard let organization = try await Organization.find(organizationID, on: db) else { throw AppError.notFound }
        if kind.isOnePerOrganization, try await premiumSupport(of: organizationID) != nil {
            throw Self.onePerOrganization
        }
        let product = Product(organizationID: organizationID, kind: kind, name: name, renewsAt: renewsAt, createdAt: now,
                              renewalWarranty: new.renewalWarranty, mysqlServerPrefix: prefix)
        product.suiteUsers = plan?.users
        product.suiteStorageGB = plan?.storageGB
        var hosting = new.hosting
        if kind == .webHosting, hosting.sites.isEmpty, hosting.migratedSites.isEmpty, case .success = SiteDomainName.parse(name) {
            if new.mysqlPrefix { hosting.migratedSites = [name] } else { hosting.sites = [name] }
        } else if new.mysqlPrefix {
            (hosting.sites, hosting.migratedSites) = ([], hosting.sites + hosting.migratedSites)
        }
        let items = hosting
        if kind == .webHosting { _ = try HostingProvisioning(db: db).check(items, for: product, offered: phpVersions) }
        let domainName = name
        do {
            try await db.transaction { db in
                // The name's own lock and check again, as an order takes them: staff and a customer registering one
                // domain at the same moment make one domain.
                if kind == .domain {
                    try await db.lockAdvisory(OrderService.domainLockKey(domainName))
                    if try await OrderService.domainIsHeld(domainName, on: db) {
                        throw ValidationFailure([FieldError(field: "name", messageKey: "error.products.domain_taken")])
                    }
                }
                try await product.create(on: db)
                if kind == .webHosting { try await HostingProvisioning(db: db).add(items, to: product, offered: phpVersions, now: now) }
                if kind == .kSuite { try await BundledProducts.create(for: product, on: db) }   // its mail service, as an order has
                if kind == .premiumSupport { try await Self.assignVIPCode(organization, on: db) }
                try await audit(db, product)
            }
        } catch where kind.isOnePerOrganization {
            // The unique index refused a second one added at the same moment.
            if try await premiumSupport(of: organizationID) != nil {
                throw Self.onePerOrganization
            }
            throw error
        }
        return product
    }

    private func premiumSupport(of organizationID: UUID) async throws -> Product? {
        try await Product.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$kindRaw == ProductKind.premiumSupport.rawValue)
            .filter(\.$statusRaw != ProductState.deleted.rawValue).first()
    }

    /// Premium Support as staff switch it on from the look-up: the product for a year, with the VIP code.
    /// Switching it on twice, or twice at once, leaves one product. `audit` is written in the same transaction.
    func startPremiumSupport(_ organization: Organization, name: String, now: Date,
                             audit: @escaping @Sendable (any Database) async throws -> Void = { _ in }) async throws {
        let id = try organization.requireID()
        guard try await premiumSupport(of: id) == nil else {
            return try await db.transaction { db in
                try await Self.assignVIPCode(organization, on: db)
                try await audit(db)
            }
        }
        let oneYear = Calendar(identifier: .gregorian).date(byAdding: .year, value: 1, to: now) ?? now
        do {
            try await db.transaction { db in
                try await Product(organizationID: id, kind: .premiumSupport, name: name, renewsAt: oneYear, createdAt: now).create(on: db)
                try await Self.assignVIPCode(organization, on: db)
                try await audit(db)
            }
        } catch {
            // The unique index refused a second product started at the same moment: the other one stands.
            guard try await premiumSupport(of: id) != nil else { throw error }
        }
    }

    /// Ends Premium Support: the product is deleted (kept, as every deleted product, for its invoices and the
    /// records), and the VIP code goes with it. `audit` is written in the same transaction.
    func endPremiumSupport(_ organization: Organization, now: Date,
                           audit: @escaping @Sendable (any Database) async throws -> Void = { _ in }) async throws {
        let id = try organization.requireID()
        try await db.transaction { db in
            try await Product.query(on: db).filter(\.$organization.$id == id).filter(\.$kindRaw == ProductKind.premiumSupport.rawValue)
                .filter(\.$statusRaw != ProductState.deleted.rawValue)
                .set(\.$statusRaw, to: ProductState.deleted.rawValue).set(\.$stateChangedAt, to: now).update()
            try await Self.removeVIPCode(of: id, on: db)
            organization.vipCode = nil
            try await audit(db)
        }
    }

    /// Premium Support ended, deleted or moved away: the organization's VIP code goes with it.
    static func removeVIPCode(of organizationID: UUID, on db: any Database) async throws {
        try await Organization.query(on: db).filter(\.$id == organizationID).set(\.$vipCode, to: nil).update()
    }

    /// A VIP code no other organization has, unless the organization already has one.
    static func assignVIPCode(_ organization: Organization, on db: any Database) async throws {
        guard organization.vipCode == nil else { return }
        var random = SystemRandomNumberGenerator()
        var code = VIPCode.generate(using: &random)
        while try await Organization.query(on: db).filter(\.$vipCode == code.value).first() != nil { code = VIPCode.generate(using: &random) }
        organization.vipCode = code.value
        try await organization.save(on: db)
    }

    /// `2027-06-30` as midnight UTC.
    static func day(_ text: String) -> Date? {
        // Day arithmetic, not a date formatter: the renewal run reads 100,000 expiries, and building an
        // ISO8601DateFormatter for each was a third of it. Only a real day reads back as itself.
        guard let number = CivilDay.number(text), CivilDay.text(number) == text else { return nil }
        return Date(timeIntervalSince1970: Double(number) * 86_400)
    }

    /// Midnight UTC of the instant's day: how every expiry is stored.
    static func startOfUTCDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// The `YYYY-MM-DD` of an instant in UTC, the day `day(_:)` reads back.
    static func utcDay(of date: Date) -> String {
        CivilDay.text(Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    static func listOrder(_ a: some ProductFacts, _ b: some ProductFacts) -> Bool {
        let (ka, kb) = (a.kind?.listOrder ?? .max, b.kind?.listOrder ?? .max)
        return ka != kb ? ka < kb : a.name.localizedStandardCompare(b.name) == .orderedAscending
    }
}

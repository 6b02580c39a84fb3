import Fluent
import Foundation
import KontorDomain
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
        guard product.offersRenewalWarranty else {
            throw ValidationFailure([FieldError(field: "renewal_warranty", messageKey: "error.products.renewal_warranty_unavailable")])
        }
        guard product.renewalWarranty != enabled else { return false }
        product.renewalWarranty = enabled
        try await product.save(on: db)
        return true
    }

    /// Switches Renewal Warranty for several products of one organization at once, in one transaction.
    /// Products that do not offer it are reported, not changed; an id outside the organization is a 404.
    func setRenewalWarranty(_ ids: [UUID], enabled: Bool, in organizationID: UUID) async throws -> RenewalWarrantyChange<UUID> {
        guard !ids.isEmpty else { throw ValidationFailure([FieldError(field: "products", messageKey: "error.products.none_selected")]) }
        let wanted = Set(ids)
        let products = try await Product.query(on: db).filter(\.$id ~~ wanted).filter(\.$organization.$id == organizationID).all()
        guard products.count == wanted.count else { throw AppError.notFound }
        let change = RenewalWarrantyChange(products.map { .init(id: $0.id!, kind: $0.kind ?? .nasSynology, enabled: $0.renewalWarranty) }, enable: enabled)
        if !change.toChange.isEmpty {
            try await Product.query(on: db).filter(\.$id ~~ change.toChange).set(\.$renewalWarranty, to: enabled).update()
        }
        return change
    }

    /// Switches a site's MySQL prefix option; returns whether anything changed.
    @discardableResult
    func setMySQLPrefix(_ product: Product, enabled: Bool) async throws -> Bool {
        guard product.hasMySQLPrefixOption else {
            throw ValidationFailure([FieldError(field: "mysql_prefix", messageKey: "error.products.mysql_prefix_unavailable")])
        }
        guard product.mysqlPrefixEnabled != enabled else { return false }
        product.mysqlPrefixEnabled = enabled
        try await product.save(on: db)
        return true
    }

    /// Each organization's products, for the staff look-up's summary.
    func productsByOrganization(_ organizationIDs: [UUID]) async throws -> [UUID: [Product]] {
        guard !organizationIDs.isEmpty else { return [:] }
        let products = try await Product.query(on: db).filter(\.$organization.$id ~~ organizationIDs).all().sorted(by: Self.listOrder)
        return Dictionary(grouping: products, by: \.$organization.id)
    }

    static func listOrder(_ a: Product, _ b: Product) -> Bool {
        let (ka, kb) = (a.kind?.listOrder ?? .max, b.kind?.listOrder ?? .max)
        return ka != kb ? ka < kb : a.name.localizedStandardCompare(b.name) == .orderedAscending
    }
}

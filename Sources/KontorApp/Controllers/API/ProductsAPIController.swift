import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/organizations/{orgID}/products`: the organization's products, and switching Renewal Warranty and the
/// billing address as on the product page (a site's MySQL prefix option is in `SitesAPIController`). Every member reads; legal representatives and administrators
/// change. Behind `OrganizationScope`, so another organization's products are a 404.
struct ProductsAPIController {
    func register(organization scoped: any RoutesBuilder) {
        scoped.get(.api(.organizationProducts(SiteRoute.anyID)), use: list)
        scoped.get(.api(.organizationProduct(SiteRoute.anyID, product: SiteRoute.anyID)), use: show)
        scoped.on(.PATCH, .api(.organizationProduct(SiteRoute.anyID, product: SiteRoute.anyID)), use: change)
    }

    func list(_ request: Request) async throws -> APIModels.List<APIModels.Product> {
        .init(items: try await ProductService(db: request.db).products(of: try request.membership().$organization.id).map(APIModels.product))
    }

    func show(_ request: Request) async throws -> APIModels.Product {
        APIModels.product(try await ProductService(db: request.db).product(try request.id("productID"), in: try request.membership().$organization.id))
    }

    /// Applies the fields present, all or none.
    func change(_ request: Request) async throws -> APIModels.Product {
        let membership = try request.managingMembership()
        let body = try request.content.decode(APIModels.ProductChanges.self)
        let product = try await ProductService(db: request.db).product(try request.id("productID"), in: membership.$organization.id)
        do {
            try await request.db.transaction { db in
                // The organization first, as every writer of its products takes it (the renewal run, address removal).
                try await db.lockForUpdate(Organization.self, id: membership.$organization.id)
                let service = ProductService(db: db)
                if let enabled = body.renewalWarranty { try await service.setRenewalWarranty(product, enabled: enabled) }
                if body.mysqlPrefix != nil { throw ValidationFailure([FieldError(field: "mysql_prefix", messageKey: "error.products.mysql_prefix_moved")]) }
                if body.changesBillingAddress { try await BillingAddressService(db: db).assign(body.billingAddressID, to: product) }
            }
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["renewal_warranty": "renewalWarranty", "mysql_prefix": "mysqlPrefix", "billing_address": "billingAddressID"])
        }
        return APIModels.product(product)
    }
}

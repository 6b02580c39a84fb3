import Fluent
import Foundation
import KontorDomain
import Vapor

/// A product seen by support staff under a live grant: one the grant covers (any product of the organization, or
/// the one product the access was given for). With "may change settings" staff switch Renewal Warranty as the
/// customer would, and open a web hosting's sites (`StaffGrantSitesController`); each view and each change is logged
/// and shown to the customer.
struct StaffGrantProductsController {
    struct ProductPage: Encodable {
        let layout: LayoutModel
        let organization: String
        let grantPath: String
        let expiresAt: Date
        let canChange: Bool
        let product: ProductView
        /// False for a product with nothing to switch (a NAS): no empty form.
        let hasSettings: Bool
        let settingsAction: String
        let sites: [SiteLink]
    }
    struct SiteLink: Encodable {
        let domain: String
        let path: String
    }
    struct SettingsForm: Content {
        var renewal_warranty: String?
    }

    func register(_ support: any RoutesBuilder) {
        support.get(.staffGrantProduct(SiteRoute.anyID, product: SiteRoute.anyID), use: show)
        support.post(.staffGrantProductSettings(SiteRoute.anyID, product: SiteRoute.anyID), use: changeSettings)
    }

    func show(_ request: Request) async throws -> View {
        let (grant, product) = try await Self.coveredProduct(request)
        try await StaffGrantsController.log(request, grant, GrantAction(action: "viewed_product", product: product.name))
        let grantID = try grant.requireID(), productID = try product.requireID()
        return try await request.view.render("Staff/GrantProduct", ProductPage(
            layout: await request.layout(title: product.name), organization: grant.organization.name,
            grantPath: SiteRoute.staffGrant(grantID).path, expiresAt: grant.expiresAt, canChange: grant.canChange,
            product: ProductView(product, path: SiteRoute.staffGrantProduct(grantID, product: productID).path, request),
            hasSettings: product.offersRenewalWarranty,
            settingsAction: SiteRoute.staffGrantProductSettings(grantID, product: productID).path,
            sites: try await SiteService(db: request.db).sites(of: productID).map {
                SiteLink(domain: $0.domainName, path: SiteRoute.staffGrantSite(grantID, site: $0.id!).path)
            }))
    }

    /// Saves the switches of the settings form; only what changed is written and logged.
    func changeSettings(_ request: Request) async throws -> Response {
        let (grant, product) = try await Self.coveredProduct(request)
        guard grant.canChange else { throw AppError.forbidden }
        let form = try request.content.decode(SettingsForm.self)
        let warranty = FormSwitch.isTicked(form.renewal_warranty)
        try await request.db.transaction { db in
            let service = ProductService(db: db)
            if product.offersRenewalWarranty, try await service.setRenewalWarranty(product, enabled: warranty) {
                try await StaffGrantsController.log(request, grant, GrantAction(action: warranty ? "renewal_warranty_on" : "renewal_warranty_off", product: product.name), on: db)
            }
        }
        return request.redirect(to: .staffGrantProduct(try grant.requireID(), product: try product.requireID()), notice: "settings_saved")
    }

    /// The live grant and the product it covers; anything it does not cover is a 404 and an audited refusal.
    private static func coveredProduct(_ request: Request) async throws -> (SupportGrant, Product) {
        let grant = try await StaffGrantsController.liveGrant(request)
        guard let id = try? request.id("productID"), let product = try await Product.find(id, on: request.db), product.status != .deleted, grant.covers(product) else {
            try await request.record(.accessDenied, staff: try request.staff().staff.id, organization: grant.$organization.id,
                                     detail: "product not covered by support grant")
            throw AppError.notFound
        }
        return (grant, product)
    }
}

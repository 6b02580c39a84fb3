import Fluent
import Foundation
import KontorDomain
import Vapor

/// A web hosting's site page (seed guide "Prefijo MySQL": "Parámetros avanzados", tab "PHP / Apache"). Every member
/// reads it; legal representatives, administrators and users given access to the hosting change it, each change in
/// the security log.
struct SitesController {
    func register(_ scoped: any RoutesBuilder) {
        scoped.get(.site(SiteRoute.anyID, site: SiteRoute.anyID), use: show)
        scoped.post(.siteSettings(SiteRoute.anyID, site: SiteRoute.anyID)) { try await handling($0).saveSettings($0) }
        scoped.post(.siteVariables(SiteRoute.anyID, site: SiteRoute.anyID)) { try await handling($0).addVariable($0) }
        scoped.post(.siteVariable(SiteRoute.anyID, site: SiteRoute.anyID, variable: SiteRoute.anyID)) { try await handling($0).changeVariable($0) }
        scoped.post(.siteVariableDelete(SiteRoute.anyID, site: SiteRoute.anyID, variable: SiteRoute.anyID)) { try await handling($0).deleteVariable($0) }
    }

    func show(_ request: Request) async throws -> Response {
        try await handling(request).render(request)
    }

    private func handling(_ request: Request) async throws -> SiteHandling {
        let organizationID = try request.membership().$organization.id
        let site = try await SiteService(db: request.db).site(try request.id("siteID"), in: organizationID)
        let siteID = try site.requireID(), productID = site.$product.id
        return SiteHandling(
            site: site, canChange: try await request.mayManage(site.product),
            actions: .init(page: SiteRoute.site(organizationID, site: siteID).path, settings: SiteRoute.siteSettings(organizationID, site: siteID).path,
                           addVariable: SiteRoute.siteVariables(organizationID, site: siteID).path,
                           variable: { SiteRoute.siteVariable(organizationID, site: siteID, variable: $0).path },
                           deleteVariable: { SiteRoute.siteVariableDelete(organizationID, site: siteID, variable: $0).path }),
            breadcrumbs: [.init(value: SiteRoute.organizationProducts(organizationID).path, label: request.t("products.title"), selected: false),
                          .init(value: SiteRoute.organizationProduct(organizationID, product: productID).path, label: site.product.name, selected: false)],
            page: .site(organizationID, site: siteID),
            audit: { db, action in try await request.recordProductChange(action, on: db) })
    }
}

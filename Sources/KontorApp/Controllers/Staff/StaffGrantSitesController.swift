import Fluent
import Foundation
import KontorDomain
import Vapor

/// A site seen by support staff under a live grant that covers its hosting (the whole organization, or that
/// product): the customer's site page, read-only unless the customer allowed changes. Each view and each change is
/// logged and shown to the customer under "What support did".
struct StaffGrantSitesController {
    func register(_ support: any RoutesBuilder) {
        support.get(.staffGrantSite(SiteRoute.anyID, site: SiteRoute.anyID), use: show)
        support.post(.staffGrantSiteSettings(SiteRoute.anyID, site: SiteRoute.anyID)) { try await Self.handling($0).saveSettings($0) }
        support.post(.staffGrantSiteVariables(SiteRoute.anyID, site: SiteRoute.anyID)) { try await Self.handling($0).addVariable($0) }
        support.post(.staffGrantSiteVariable(SiteRoute.anyID, site: SiteRoute.anyID, variable: SiteRoute.anyID)) { try await Self.handling($0).changeVariable($0) }
        support.post(.staffGrantSiteVariableDelete(SiteRoute.anyID, site: SiteRoute.anyID, variable: SiteRoute.anyID)) {
            try await Self.handling($0).deleteVariable($0)
        }
    }

    func show(_ request: Request) async throws -> Response {
        let handling = try await Self.handling(request)
        try await handling.audit(request.db, GrantAction(action: "viewed_site", product: handling.site.domainName))
        return try await handling.render(request)
    }

    private static func handling(_ request: Request) async throws -> SiteHandling {
        let grant = try await StaffGrantsController.liveGrant(request)
        guard let id = try? request.id("siteID"), let site = try await HostingSite.query(on: request.db).filter(\.$id == id).with(\.$product).first(),
              grant.covers(site.product) else {
            try await request.record(.accessDenied, staff: try request.staff().staff.id, organization: grant.$organization.id,
                                     detail: "site not covered by support grant")
            throw AppError.notFound
        }
        let grantID = try grant.requireID(), siteID = try site.requireID()
        return SiteHandling(
            site: site, canChange: grant.canChange,
            actions: .init(page: SiteRoute.staffGrantSite(grantID, site: siteID).path, settings: SiteRoute.staffGrantSiteSettings(grantID, site: siteID).path,
                           addVariable: SiteRoute.staffGrantSiteVariables(grantID, site: siteID).path,
                           variable: { SiteRoute.staffGrantSiteVariable(grantID, site: siteID, variable: $0).path },
                           deleteVariable: { SiteRoute.staffGrantSiteVariableDelete(grantID, site: siteID, variable: $0).path }),
            breadcrumbs: [.init(value: SiteRoute.staffGrant(grantID).path, label: grant.organization.name, selected: false),
                          .init(value: SiteRoute.staffGrantProduct(grantID, product: site.$product.id).path, label: site.product.name, selected: false)],
            page: .staffGrantSite(grantID, site: siteID),
            audit: { db, action in try await StaffGrantsController.log(request, grant, action, on: db) }, refusal: .forbidden)
    }
}

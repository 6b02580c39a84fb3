import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/organizations/{orgID}/sites`: the organization's sites, their PHP settings and MySQL prefix option, and
/// their environment variables (a secret's value is write-only). Every member reads; legal representatives,
/// administrators and users given access to the hosting change, each change in the security log. Behind
/// `OrganizationScope`, so another organization's sites are a 404.
struct SitesAPIController {
    func register(organization scoped: any RoutesBuilder) {
        scoped.get(.api(.organizationSites(SiteRoute.anyID)), use: list)
        scoped.get(.api(.organizationSite(SiteRoute.anyID, site: SiteRoute.anyID)), use: show)
        scoped.on(.PATCH, .api(.organizationSite(SiteRoute.anyID, site: SiteRoute.anyID)), use: change)
        scoped.get(.api(.organizationSiteVariables(SiteRoute.anyID, site: SiteRoute.anyID)), use: variables)
        scoped.post(.api(.organizationSiteVariables(SiteRoute.anyID, site: SiteRoute.anyID)), use: addVariable)
        scoped.get(.api(.organizationSiteVariable(SiteRoute.anyID, site: SiteRoute.anyID, variable: SiteRoute.anyID)), use: variable)
        scoped.on(.PATCH, .api(.organizationSiteVariable(SiteRoute.anyID, site: SiteRoute.anyID, variable: SiteRoute.anyID)), use: changeVariable)
        scoped.on(.DELETE, .api(.organizationSiteVariable(SiteRoute.anyID, site: SiteRoute.anyID, variable: SiteRoute.anyID)), use: deleteVariable)
    }

    func list(_ request: Request) async throws -> APIModels.List<APIModels.Site> {
        let service = SiteService(db: request.db)
        var items: [APIModels.Site] = []
        for site in try await service.sites(ofOrganization: try request.membership().$organization.id) {
            items.append(APIModels.site(site, names: try await service.mysqlNames(of: site.$product.id), offered: request.kontor.config.phpVersions))
        }
        return .init(items: items)
    }

    func show(_ request: Request) async throws -> APIModels.Site {
        try await representation(request, try await site(request))
    }

    /// Applies the fields present, all or none. Switching the MySQL prefix off needs no confirmation here: the site
    /// the call returns lists the names scripts must use from now on (`mysqlNames[].withOptionOff`).
    func change(_ request: Request) async throws -> APIModels.Site {
        let site = try await managedSite(request)
        let body = try request.content.decode(APIModels.SiteChanges.self)
        do {
            _ = try await SiteService(db: request.db).changeSettings(site, phpVersion: body.phpVersion, mysqlPrefix: body.mysqlPrefix,
                                                                     offered: request.kontor.config.phpVersions) { db, changes in
                for change in changes {
                    try await request.recordProductChange(GrantAction(action: change.action, to: change.value, product: site.domainName), on: db)
                }
            }
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["php_version": "phpVersion", "mysql_prefix": "mysqlPrefix"])
        }
        return try await representation(request, site)
    }

    func variables(_ request: Request) async throws -> APIModels.List<APIModels.EnvironmentVariable> {
        let site = try await site(request)
        return .init(items: try await store(request).list(of: try site.requireID()).map(APIModels.environmentVariable))
    }

    func variable(_ request: Request) async throws -> APIModels.EnvironmentVariable {
        let site = try await site(request)
        return APIModels.environmentVariable(try await store(request).variable(try request.id("variableID"), of: try site.requireID()))
    }

    func addVariable(_ request: Request) async throws -> Response {
        let site = try await managedSite(request)
        let body = try request.content.decode(APIModels.NewEnvironmentVariable.self)
        let added = try await renamed {
            try await store(request).add(to: try site.requireID(), name: body.name, value: body.value, isSecret: body.isSecret ?? false, now: request.now) { db, variable in
                try await request.recordProductChange(GrantAction(action: "variable_added", to: variable.name, product: site.domainName), on: db)
            }
        }
        return try await APIModels.environmentVariable(added).encodeResponse(status: .created, for: request)
    }

    /// `value` absent keeps a secret's value; `version`, when given, must be the current one (else 409).
    func changeVariable(_ request: Request) async throws -> APIModels.EnvironmentVariable {
        let site = try await managedSite(request)
        let body = try request.content.decode(APIModels.EnvironmentVariableChanges.self)
        let id = try request.id("variableID")
        let changed = try await renamed {
            try await store(request).change(id, of: try site.requireID(), value: body.value, isSecret: body.isSecret, expectedVersion: body.version,
                                            now: request.now) { db, variable in
                try await request.recordProductChange(GrantAction(action: "variable_changed", to: variable.name, product: site.domainName), on: db)
            }
        }
        return APIModels.environmentVariable(changed)
    }

    /// 204 also when it is already gone (another client, a retry): deleting is idempotent.
    func deleteVariable(_ request: Request) async throws -> HTTPStatus {
        let site = try await managedSite(request)
        try await store(request).delete(try request.id("variableID"), of: try site.requireID()) { db, variable in
            try await request.recordProductChange(GrantAction(action: "variable_deleted", to: variable.name, product: site.domainName), on: db)
        }
        return .noContent
    }

    private func site(_ request: Request) async throws -> HostingSite {
        try await SiteService(db: request.db).site(try request.id("siteID"), in: try request.membership().$organization.id)
    }

    private func managedSite(_ request: Request) async throws -> HostingSite {
        let site = try await site(request)
        guard try await request.mayManage(site.product) else { throw AppError.membershipRefused(.notPermitted) }
        return site
    }

    private func representation(_ request: Request, _ site: HostingSite) async throws -> APIModels.Site {
        APIModels.site(site, names: try await SiteService(db: request.db).mysqlNames(of: site.$product.id), offered: request.kontor.config.phpVersions)
    }

    private func store(_ request: Request) -> SiteVariables { SiteVariables(db: request.db, secretKey: request.kontor.config.secretKey) }

    private func renamed<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let failure as ValidationFailure {
            throw failure.renamingFields(["secret": "isSecret"])
        }
    }
}

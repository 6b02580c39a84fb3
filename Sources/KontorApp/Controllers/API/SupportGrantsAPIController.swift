import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/organizations/{orgID}/support-grants`: temporary access for the provider's support staff, as on the
/// organization's settings page. Every member sees the grants and what staff did; legal representatives and
/// administrators grant and end them. Behind `OrganizationScope`, so another organization's grants are a 404.
struct SupportGrantsAPIController {
    func register(organization scoped: any RoutesBuilder) {
        scoped.get(.api(.organizationSupportGrants(SiteRoute.anyID)), use: list)
        scoped.post(.api(.organizationSupportGrants(SiteRoute.anyID)), use: grant)
        scoped.on(.DELETE, .api(.organizationSupportGrant(SiteRoute.anyID, grant: SiteRoute.anyID)), use: revoke)
    }

    /// Live and past grants, the newest first, each with the staff actions taken under it.
    func list(_ request: Request) async throws -> APIModels.List<APIModels.SupportGrant> {
        let organizationID = try request.membership().$organization.id
        let service = SupportAccessService(request: request)
        let actions = Dictionary(grouping: try await service.staffActions(in: organizationID), by: \.grantID)
        return .init(items: try await service.allGrants(of: organizationID).map { model($0, actions: actions[$0.id] ?? [], request) })
    }

    func grant(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.SupportGrantRequest.self)
        let grant: SupportGrant
        do {
            grant = try await SupportAccessService(request: request)
                .grant(hours: body.hours, canChange: body.mayChange ?? false, product: body.productID?.uuidString, by: try request.membership())
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["product": "productID"])
        }
        try await grant.$grantedBy.load(on: request.db)
        return try await model(grant, actions: [], request).encodeResponse(status: .created, for: request)
    }

    /// Ends the grant at once; ending one that already ended is fine.
    func revoke(_ request: Request) async throws -> HTTPStatus {
        try await SupportAccessService(request: request).revoke(try request.id("grantID"), by: try request.membership())
        return .noContent
    }

    private func model(_ grant: SupportGrant, actions: [SupportAccessService.StaffAction], _ request: Request) -> APIModels.SupportGrant {
        let status = grant.revokedAt != nil ? "revoked" : grant.isLive(at: request.now) ? "live" : "expired"
        return .init(
            id: grant.id!, status: status, mayChange: grant.canChange,
            product: grant.$product.value.flatMap { $0 }.map { .init(id: $0.id!, name: $0.name) }, createdAt: grant.createdAt, expiresAt: grant.expiresAt,
            revokedAt: grant.revokedAt, grantedBy: grant.$grantedBy.value.map { .init(userID: $0.id!, name: $0.name) },
            actions: actions.map { .init(createdAt: $0.at, staffName: $0.staffName, action: $0.action, description: $0.description) })
    }
}

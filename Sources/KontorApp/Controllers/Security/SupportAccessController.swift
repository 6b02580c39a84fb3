import Fluent
import Foundation
import KontorDomain
import Vapor

/// Customers grant the provider's support temporary access to their organization, and end it at once.
/// Shown on the organization's settings page with the staff actions taken under each grant.
struct SupportAccessController {
    struct GrantForm: Content {
        var hours: Int?
        var can_change: String?
    }

    func register(_ organization: any RoutesBuilder) {
        organization.post(.grantSupportAccess(SiteRoute.anyID), use: grant)
        organization.post(.revokeSupportAccess(SiteRoute.anyID, grant: SiteRoute.anyID), use: revoke)
    }

    func grant(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        let form = try request.content.decode(GrantForm.self)
        let canChange = form.can_change == "on" || form.can_change == "true"
        try await SupportAccessService(request: request).grant(hours: form.hours, canChange: canChange, by: membership)
        return request.redirect(to: .organizationSettings(membership.$organization.id), notice: "support_access_granted")
    }

    /// Ends a grant; the very next staff request under it is refused.
    func revoke(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        try await SupportAccessService(request: request).revoke(try request.id("grantID"), by: membership)
        return request.redirect(to: .organizationSettings(membership.$organization.id), notice: "support_access_revoked")
    }
}

/// What the settings page shows about support access: live grants, and what staff did under any grant.
struct SupportAccessSummary: Encodable {
    struct Grant: Encodable {
        let expiresAt: Date
        let canChange: Bool
        let revokeAction: String
    }
    struct Action: Encodable {
        let at: Date
        let staffName: String
        let detail: String
    }
    let grants: [Grant]
    let actions: [Action]
    let grantAction: String
    let durations: [Int]

    static func load(for organizationID: UUID, _ request: Request) async throws -> SupportAccessSummary {
        let service = SupportAccessService(request: request)
        return SupportAccessSummary(
            grants: try await service.liveGrants(of: organizationID).map {
                .init(expiresAt: $0.expiresAt, canChange: $0.canChange, revokeAction: SiteRoute.revokeSupportAccess(organizationID, grant: $0.id!).path)
            },
            actions: try await service.staffActions(in: organizationID, limit: 50).map { .init(at: $0.at, staffName: $0.staffName, detail: $0.description) },
            grantAction: SiteRoute.grantSupportAccess(organizationID).path, durations: SupportGrant.durations)
    }
}

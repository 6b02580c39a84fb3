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
        let membership = try request.managingMembership()
        let form = try request.content.decode(GrantForm.self)
        guard let hours = form.hours, SupportGrant.durations.contains(hours) else {
            throw ValidationFailure([FieldError(field: "hours", messageKey: "error.support_access.duration")])
        }
        let canChange = form.can_change == "on" || form.can_change == "true"
        let grant = SupportGrant(organizationID: membership.$organization.id, grantedBy: membership.$user.id, canChange: canChange, hours: hours, now: request.now)
        try await grant.create(on: request.db)
        try await request.record(.supportAccessGranted, user: membership.$user.id, organization: membership.$organization.id,
                                 detail: "\(hours) h, \(canChange ? "may change settings" : "read-only")")
        return request.redirect(to: .organizationSettings(membership.$organization.id), notice: "support_access_granted")
    }

    /// Ends a grant; the very next staff request under it is refused.
    func revoke(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        guard let grant = try await SupportGrant.query(on: request.db).filter(\.$id == request.id("grantID"))
            .filter(\.$organization.$id == membership.$organization.id).first() else { throw AppError.notFound }
        if grant.revokedAt == nil {
            grant.revokedAt = request.now
            try await grant.save(on: request.db)
            try await request.record(.supportAccessRevoked, user: membership.$user.id, organization: membership.$organization.id)
        }
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
        let grants = try await SupportGrant.query(on: request.db).filter(\.$organization.$id == organizationID)
            .filter(\.$revokedAt == nil).filter(\.$expiresAt > request.now).sort(\.$expiresAt).all()
        let events = try await SecurityEvent.query(on: request.db).filter(\.$organizationID == organizationID)
            .filter(\.$kind == SecurityEventKind.staffActionUnderGrant.rawValue).sort(\.$createdAt, .descending).limit(50).all()
        let staffIDs = Set(events.compactMap(\.staffMemberID))
        let names = Dictionary(uniqueKeysWithValues: try await StaffMember.query(on: request.db).filter(\.$id ~~ staffIDs).all().map { ($0.id!, $0.name) })
        return SupportAccessSummary(
            grants: grants.map { .init(expiresAt: $0.expiresAt, canChange: $0.canChange, revokeAction: SiteRoute.revokeSupportAccess(organizationID, grant: $0.id!).path) },
            actions: events.map { .init(at: $0.createdAt, staffName: $0.staffMemberID.flatMap { names[$0] } ?? "—",
                                        detail: GrantAction.describe($0.detail, request)) },
            grantAction: SiteRoute.grantSupportAccess(organizationID).path, durations: SupportGrant.durations)
    }
}

import Fluent
import SQLKit
import Foundation
import KontorDomain
import Vapor

/// Temporary support access, the customer's side: granting it (legal representatives and administrators only),
/// ending it at once, and what support staff did under each grant. Used by the organization's settings page
/// and by `/api/v1/organizations/{orgID}/support-grants`.
struct SupportAccessService {
    let request: Request
    var db: any Database { request.db }
    var now: Date { request.now }

    /// One thing staff did under a grant, said in the reader's language.
    struct StaffAction: Sendable {
        let at: Date
        let staffName: String
        /// The grant it was done under; nil for an entry Kontor cannot read.
        let grantID: UUID?
        /// `viewed`, `renamed`, …; nil for an entry Kontor cannot read.
        let action: String?
        let description: String
    }

    /// Gives support access to `membership`'s organization — or, when `product` names one of its products by id,
    /// to that product only — for one of `SupportGrant.durations` hours, read-only unless `canChange`; it replaces the
    /// member's own live access of the same scope. An empty
    /// `product` is the whole organization; text that is no id, or a product of another organization, is refused
    /// by field as if it did not exist.
    func grant(hours: Int?, canChange: Bool, product choice: String? = nil, by membership: Membership) async throws -> SupportGrant {
        guard membership.role.canManageOrganization else { throw AppError.membershipRefused(.notPermitted) }
        var errors: [FieldError] = []
        if hours.map(SupportGrant.durations.contains) != true { errors.append(FieldError(field: "hours", messageKey: "error.support_access.duration")) }
        let wanted = choice.flatMap { $0.isEmpty ? nil : $0 }
        let product: Product? = if let id = wanted.flatMap(UUID.init(uuidString:)) {
            try await Product.query(on: db).filter(\.$id == id).filter(\.$organization.$id == membership.$organization.id).first()
        } else { nil }
        if wanted != nil, product == nil { errors.append(FieldError(field: "product", messageKey: "error.support_access.product")) }
        guard errors.isEmpty, let hours else { throw ValidationFailure(errors) }
        let grant = SupportGrant(organizationID: membership.$organization.id, productID: product?.id, grantedBy: membership.$user.id,
                                 canChange: canChange, hours: hours, now: now)
        let organizationID = membership.$organization.id
        try await db.transaction { db in
            // Under the organization's lock, which demoting or removing a member also takes (and then ends that
            // member's grants): a grant made while its giver is being demoted would otherwise outlive the demotion.
            try await db.lockForUpdate(Organization.self, id: organizationID)
            guard let giver = try await Membership.find(user: membership.$user.id, organization: organizationID, on: db),
                  giver.role.canManageOrganization else { throw AppError.membershipRefused(.notPermitted) }
            // One live access per giver and scope (the organization, or one product): a member's new grant replaces
            // their own. A double click made two, and ending one left support inside through the other. Other
            // members' grants stay: each ends with its giver's say in the organization.
            let live = try await SupportGrant.query(on: db).filter(\.$organization.$id == organizationID)
                .filter(\.$grantedBy.$id == membership.$user.id).filter(\.$product.$id == product?.id)
                .filter(\.$revokedAt == nil).filter(\.$expiresAt > now).all()
            for earlier in live {
                earlier.revokedAt = now
                try await earlier.save(on: db)
            }
            try await grant.create(on: db)
            try await request.record(.supportAccessGranted, user: membership.$user.id, organization: organizationID,
                                     detail: "\(hours) h, \(canChange ? "may change settings" : "read-only")\(product.map { ", product \($0.name)" } ?? "")"
                                        + (live.isEmpty ? "" : ", replacing the live one"), on: db)
        }
        grant.$product.value = product
        return grant
    }

    /// Ends a grant of `membership`'s organization; the very next staff request under it is refused.
    /// A grant of another organization is a 404; ending a grant that already ended changes nothing.
    @discardableResult
    func revoke(_ grantID: UUID, by membership: Membership) async throws -> SupportGrant {
        guard membership.role.canManageOrganization else { throw AppError.membershipRefused(.notPermitted) }
        guard let grant = try await SupportGrant.query(on: db).filter(\.$id == grantID)
            .filter(\.$organization.$id == membership.$organization.id).first() else { throw AppError.notFound }
        if grant.revokedAt == nil {
            // Only the request that ends it logs it: the same grant revoked from two tabs, or twenty times at once, was
            // logged each time.
            try await db.transaction { db in
                let sql = db as! any SQLDatabase
                let ended = try await sql.update(SupportGrant.schema).set("revoked_at", to: now).where("id", .equal, grantID)
                    .where("revoked_at", .is, SQLLiteral.null).returning("id").all()
                guard !ended.isEmpty else { return }
                try await request.record(.supportAccessRevoked, user: membership.$user.id, organization: membership.$organization.id, on: db)
            }
        }
        return try await SupportGrant.find(grantID, on: db) ?? grant
    }

    /// The grants support can use right now, the soonest to end first.
    func liveGrants(of organizationID: UUID) async throws -> [SupportGrant] {
        try await SupportGrant.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$revokedAt == nil).filter(\.$expiresAt > now).with(\.$product).sort(\.$expiresAt).all()
    }

    /// Every grant, live or past, the newest first, with who gave it.
    func allGrants(of organizationID: UUID) async throws -> [SupportGrant] {
        try await SupportGrant.query(on: db).filter(\.$organization.$id == organizationID).with(\.$grantedBy).with(\.$product)
            .sort(\.$createdAt, .descending).all()
    }

    /// What staff did in the organization under any grant, the newest first.
    func staffActions(in organizationID: UUID, limit: Int? = nil) async throws -> [StaffAction] {
        let query = SecurityEvent.query(on: db).filter(\.$organizationID == organizationID)
            .filter(\.$kind == SecurityEventKind.staffActionUnderGrant.rawValue).sort(\.$createdAt, .descending).sort(\.$id, .descending)
        if let limit { query.limit(limit) }
        let events = try await query.all()
        let staffIDs = Set(events.compactMap(\.staffMemberID))
        let names = Dictionary(uniqueKeysWithValues: try await StaffMember.query(on: db).filter(\.$id ~~ staffIDs).all().map { ($0.id!, $0.name) })
        return events.map { event in
            let entry = GrantAction.read(event.detail)
            return StaffAction(at: event.createdAt, staffName: event.staffMemberID.flatMap { names[$0] } ?? "—",
                               grantID: entry?.grant.flatMap(UUID.init(uuidString:)), action: entry?.action,
                               description: GrantAction.describe(event.detail, request))
        }
    }
}

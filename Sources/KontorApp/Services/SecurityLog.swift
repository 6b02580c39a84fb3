import Fluent
import FluentSQL
import Foundation
import KontorDomain
import SQLKit
import Vapor

/// Writes the security log (ASVS 16.3): who, what, when, from where.
enum SecurityEventKind: String {
    case signIn = "sign_in", signInFailed = "sign_in_failed", signInThrottled = "sign_in_throttled", signOut = "sign_out"
    case signUp = "sign_up", emailVerified = "email_verified", passwordChanged = "password_changed"
    case profileChanged = "profile_changed", supportCodeRegenerated = "support_code_regenerated"
    case sessionEnded = "session_ended", otherSessionsEnded = "other_sessions_ended", apiTokenCreated = "api_token_created", apiTokenRevoked = "api_token_revoked"
    /// Every personal token revoked at once by a password reset or change, or an approved identity check; detail: how many.
    case apiTokensRevoked = "api_tokens_revoked"
    case accessDenied = "access_denied", organizationLeft = "organization_left", memberRemoved = "member_removed"
    case organizationCreated = "organization_created"
    case roleChanged = "role_changed", invitationSent = "invitation_sent", invitationAccepted = "invitation_accepted"
    case passwordAccepted = "password_accepted"
    case twoFactorEnabled = "two_factor_enabled", twoFactorDisabled = "two_factor_disabled"
    case secondFactorPassed = "second_factor_passed", secondFactorFailed = "second_factor_failed"
    /// Wrong codes in a row reached the limit, or a code came after it and was not checked (`SecondFactorLockout`).
    case secondFactorLocked = "second_factor_locked"
    case recoveryEmailRequested = "recovery_email_requested", recoveryEmailChanged = "recovery_email_changed"
    case signInEmailRequested = "sign_in_email_requested", signInEmailChanged = "sign_in_email_changed"
    case accountClosed = "account_closed"
    case passwordResetRequested = "password_reset_requested", passwordReset = "password_reset"
    case backupCodeUsed = "backup_code_used", backupCodesRegenerated = "backup_codes_regenerated"
    case supportAccessGranted = "support_access_granted", supportAccessRevoked = "support_access_revoked"
    case staffActionUnderGrant = "staff_action_under_grant"
    case staffLookup = "staff_lookup", premiumSupportChanged = "premium_support_changed"
    case staffSignIn = "staff_sign_in", staffSignInFailed = "staff_sign_in_failed", staffCreated = "staff_created"
    case staffSignInThrottled = "staff_sign_in_throttled"
    case phoneAdded = "phone_added", phoneRemoved = "phone_removed", smsCodeSent = "sms_code_sent"
    case signInAttemptEnded = "sign_in_attempt_ended"
    case identityRequestSubmitted = "identity_request_submitted", identityRequestApproved = "identity_request_approved"
    case identityRequestRejected = "identity_request_rejected", identityDocumentViewed = "identity_document_viewed"
    case identityRequestClosed = "identity_request_closed"
    case staffTwoFactorEnabled = "staff_two_factor_enabled", staffSecondFactorFailed = "staff_second_factor_failed"
    case staffTwoFactorReset = "staff_two_factor_reset"
    /// Administrators changing who is staff and with which power; detail: the member's address and the roles.
    case staffRoleChanged = "staff_role_changed", staffDeactivated = "staff_deactivated", staffReactivated = "staff_reactivated"
    case staffPasswordChanged = "staff_password_changed"
    case staffAPITokenCreated = "staff_api_token_created", staffAPITokenRevoked = "staff_api_token_revoked"
    case signInUnlocked = "sign_in_unlocked"
    /// A customer changed a product's settings: a site's PHP settings, its environment variables, who may manage it.
    case productSettingChanged = "product_setting_changed"
    /// A legal representative of both moved a product from one organization to the other (recorded in each).
    case productMoved = "product_moved"
    /// A billing address stopped sending invoices to a member who left or was removed; detail: the address it had.
    case invoiceEmailCleared = "invoice_email_cleared"
    /// An order cancelled before anything was paid on it: its invoice credited in full, its product deleted.
    case orderCancelled = "order_cancelled"
    case catalogChanged = "catalog_changed", productProvisioned = "product_provisioned", payLaterChanged = "pay_later_changed"
    /// A payment no customer could be told from, marked to be paid back; the refund recorded as executed; a mark undone.
    case paymentMarkedForRefund = "payment_marked_for_refund", paymentRefunded = "payment_refunded"
    case paymentRefundUndone = "payment_refund_undone", paymentClosed = "payment_closed"
}

extension SecurityEvent {
    /// The longest detail stored; a longer one is cut.
    static let detailLimit = 500

    /// Writes one event. `ipAddress` and `userAgent` say where it came from: the request's, or for work no request
    /// started (the reminder run) empty and the job's name.
    static func record(_ kind: SecurityEventKind, user: UUID? = nil, staff: UUID? = nil, organization: UUID? = nil, detail: String = "",
                       ipAddress: String, userAgent: String, at now: Date, on db: any Database) async throws {
        let event = SecurityEvent()
        event.userID = user
        event.staffMemberID = staff
        event.organizationID = organization
        event.kind = kind.rawValue
        event.ipAddress = ipAddress
        event.userAgent = userAgent
        event.detail = String(detail.prefix(detailLimit))
        event.createdAt = now
        try await event.create(on: db)
    }
}

extension Request {
    func record(_ kind: SecurityEventKind, user: UUID? = nil, staff: UUID? = nil, organization: UUID? = nil,
                detail: String = "", on database: (any Database)? = nil) async throws {
        try await SecurityEvent.record(kind, user: user, staff: staff, organization: organization, detail: detail,
                                       ipAddress: clientAddress, userAgent: userAgentSummary, at: now, on: database ?? db)
    }
}

/// Reads one user's security log, newest first, a page at a time: the security-log page and
/// `GET /api/v1/me/security-events`. It holds the user's own events and, for each organization the user manages
/// today (legal representative or administrator), what the provider's staff did to that organization with no one
/// person as its subject: VIP-code look-ups, Premium Support and paying later switched, products added. Read by the
/// current membership, so a manager who leaves stops seeing them and a new one sees the organization's history.
struct SecurityLog {
    static let maximumPageSize = 100
    /// Staff actions recorded against an organization only (`organization_id`, no `user_id`) that its managers read.
    static let organizationKinds: [SecurityEventKind] = [.staffLookup, .premiumSupportChanged, .payLaterChanged, .productProvisioned, .invoiceEmailCleared]
    let request: Request

    /// Up to `limit` of the user's events, newest first; with `before`, only those older than that event,
    /// which must be one the user sees. Events of the same instant are ordered by id, so paging never
    /// skips or repeats one; the cursor is compared in SQL, not re-sent as a rounded timestamp.
    func events(of userID: UUID, limit: Int, before cursor: UUID? = nil) async throws -> [SecurityEvent] {
        let managed = try await managedOrganizations(of: userID)
        var query = visible(to: userID, managing: managed)
        if let cursor {
            guard try await visible(to: userID, managing: managed).filter(\.$id == cursor).first() != nil else {
                throw ValidationFailure([FieldError(field: "before", messageKey: "error.security_events.before_unknown")])
            }
            query = CursorPage.rows(query, after: cursor, by: ["created_at", "id"])
        }
        return try await query.sort(\.$createdAt, .descending).sort(\.$id, .descending).limit(limit).all()
    }

    /// The organizations `userID` manages now.
    private func managedOrganizations(of userID: UUID) async throws -> [UUID] {
        let roles = OrganizationRole.allCases.filter(\.canManageOrganization).map(\.rawValue)
        return try await Membership.query(on: request.db).filter(\.$user.$id == userID).filter(\.$roleValue ~~ roles).all(\.$organization.$id)
    }

    private func visible(to userID: UUID, managing organizations: [UUID]) -> QueryBuilder<SecurityEvent> {
        SecurityEvent.query(on: request.db).group(.or) { either in
            either.filter(\.$userID == userID)
            if !organizations.isEmpty {
                either.group(.and) { organization in
                    organization.filter(\.$userID == nil).filter(\.$organizationID ~~ organizations)
                        .filter(\.$kind ~~ Self.organizationKinds.map(\.rawValue))
                }
            }
        }
    }

    /// Where an event came from, as its customer reads it: the address and browser of their own requests. What the
    /// provider's staff did (under a support access, deciding an identity check) shows neither: the provider's network
    /// and workstations are not the customer's to know (security probe round 6).
    static func origin(of event: SecurityEvent) -> (ipAddress: String, userAgent: String) {
        event.staffMemberID == nil ? (event.ipAddress, event.userAgent) : ("", "")
    }

    /// The names of the organizations `events` belong to, for `describe`.
    func organizationNames(of events: [SecurityEvent]) async throws -> [UUID: String] {
        let ids = Set(events.filter { $0.userID == nil }.compactMap(\.organizationID))
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await Organization.query(on: request.db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) })
    }

    /// What happened, in the reader's language; a kind without a sentence in the catalog is shown as stored.
    /// An organization's event names the organization (from `organizations`, see `organizationNames`).
    func describe(_ event: SecurityEvent, organizations: [UUID: String] = [:]) -> String {
        if event.userID == nil, let id = event.organizationID, let kind = SecurityEventKind(rawValue: event.kind),
           Self.organizationKinds.contains(kind) {
            return describe(organizationEvent: event, kind: kind, organization: organizations[id] ?? "—")
        }
        let key = "security.event.\(event.kind)"
        let sentence = request.kontor.localizer.has(key) ? request.t(key) : event.kind
        if [SecurityEventKind.staffActionUnderGrant.rawValue, SecurityEventKind.productSettingChanged.rawValue, SecurityEventKind.productMoved.rawValue].contains(event.kind),
           GrantAction.read(event.detail) != nil {
            return sentence + ": " + GrantAction.describe(event.detail, request)
        }
        return sentence
    }

    private func describe(organizationEvent event: SecurityEvent, kind: SecurityEventKind, organization: String) -> String {
        let switched = event.detail == "on" ? "on" : "off"
        switch kind {
        case .premiumSupportChanged: return request.t("security.event.organization.premium_support_\(switched)", ["organization": organization])
        case .payLaterChanged: return request.t("security.event.organization.pay_later_\(switched)", ["organization": organization])
        case .productProvisioned:
            let name = ProvisionedProductEntry.read(event.detail)?.product ?? ""
            return request.t("security.event.organization.product_provisioned", ["organization": organization, "product": name])
        case .invoiceEmailCleared:
            return request.t("security.event.organization.invoice_email_cleared", ["organization": organization, "email": event.detail])
        default: return request.t("security.event.organization.staff_lookup", ["organization": organization])
        }
    }
}

/// A product staff added to an organization, as its security event's detail: JSON, so a product's name is read back
/// whole whatever it contains (a kSuite may be called `Büro “Zürich”`).
struct ProvisionedProductEntry: Codable, Equatable {
    var kind: String
    var product: String
    var staff: String

    /// The JSON, within `SecurityEvent.detailLimit` (cut JSON would not read back): a name long enough, or with enough
    /// characters JSON escapes, to overflow it is shortened instead.
    var detail: String {
        func encoded(_ entry: Self) -> String { String(decoding: (try? JSONEncoder().encode(entry)) ?? Data(), as: UTF8.self) }
        let whole = encoded(self)
        guard whole.count > SecurityEvent.detailLimit else { return whole }
        return encoded(Self(kind: String(kind.prefix(40)), product: String(product.prefix(100)) + "…", staff: String(staff.prefix(60))))
    }

    /// The entry stored in `detail`; events written before 6 December 2026 read `domain “example.ch” by <staff>`, whose
    /// name is between the first “ and the last ” before " by ".
    static func read(_ detail: String) -> ProvisionedProductEntry? {
        if let entry = try? JSONDecoder().decode(Self.self, from: Data(detail.utf8)) { return entry }
        guard let open = detail.firstIndex(of: "“"), let close = detail.range(of: "” by ", options: .backwards),
              open < close.lowerBound else { return nil }
        return ProvisionedProductEntry(kind: String(detail[..<open]).trimmingCharacters(in: .whitespaces),
                                       product: String(detail[detail.index(after: open)..<close.lowerBound]),
                                       staff: String(detail[close.upperBound...]))
    }
}

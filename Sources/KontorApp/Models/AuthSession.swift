import Fluent
import Foundation

/// A server-side session. Only the SHA-256 of its token is stored (ASVS 7.2.3).
final class AuthSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    enum Channel: String { case browser, api }

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @OptionalParent(key: "user_id") var user: User?
    @OptionalParent(key: "staff_member_id") var staffMember: StaffMember?
    @OptionalField(key: "current_organization_id") var currentOrganizationID: UUID?
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "channel") var channel: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "ip_address") var ipAddress: String
    @Field(key: "user_agent") var userAgent: String
    /// The password was right but the second factor has not been given yet: the session grants nothing
    /// except the second-factor pages.
    @Field(key: "second_factor_pending") var isSecondFactorPending: Bool
    /// When this session passed a second factor; switching 2FA off needs such a session.
    @OptionalField(key: "second_factor_at") var secondFactorAt: Date?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $tokenHash, $user, $staffMember, $currentOrganizationID, $csrfToken, $channel, $createdAt, $lastSeenAt, $expiresAt,
            $ipAddress, $userAgent, $isSecondFactorPending, $secondFactorAt
        ]
    }

    init() {}
}

import Fluent
import Foundation
import KontorDomain

/// An invitation by e-mail to join an organization: single use, expiring; only the token's hash is stored.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"
    static let lifetime: TimeInterval = 7 * 24 * 3600

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "email") var email: String
    @Field(key: "role") var roleValue: String
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "invited_by_user_id") var invitedBy: User
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $organization, $email, $roleValue, $tokenHash, $invitedBy, $createdAt, $expiresAt, $acceptedAt, $revokedAt
        ]
    }

    init() {}

    var role: OrganizationRole { OrganizationRole(rawValue: roleValue) ?? .user }

    func isUsable(at now: Date) -> Bool { acceptedAt == nil && revokedAt == nil && expiresAt > now }
}

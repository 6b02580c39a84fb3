import Fluent
import Foundation

/// A staff API token for the provider's own systems, made in the staff console. Shown once; only its keyed hash is
/// kept. It acts with its staff member's current role and dies with the member's account.
final class StaffAPIToken: Model, @unchecked Sendable {
    static let schema = "staff_api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "staff_member_id") var staffMember: StaffMember
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters, shown in lists so staff recognise the token.
    @Field(key: "token_prefix") var tokenPrefix: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "expires_at") var expiresAt: Date?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $staffMember, $name, $tokenHash, $tokenPrefix, $createdAt, $lastUsedAt, $expiresAt] }

    init() {}
}

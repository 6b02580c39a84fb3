import Fluent
import Foundation

/// A staff API token for the provider's own systems, made in the staff console. Shown once; only its keyed hash is
/// kept. Its scope is the role its member had when it was made: it acts with the lesser of that scope and the member's
/// current role, so a promotion never widens it (`RequireStaffToken`), and it dies with the member's account.
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
    /// The role the member had when the token was made (`M073GiveStaffTokensAScope`).
    @Field(key: "scope") var scopeValue: String

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $staffMember, $name, $tokenHash, $tokenPrefix, $createdAt, $lastUsedAt, $expiresAt, $scopeValue] }

    init() {}

    /// The scope as a role; an unknown value reads as support, which reaches nothing on the staff API.
    var scope: StaffRole { StaffRole(rawValue: scopeValue) ?? .support }
}

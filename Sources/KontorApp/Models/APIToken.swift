import Fluent
import Foundation

/// A personal API token a user made for scripts. Shown once; only its hash is kept.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters, shown in lists so the user recognises the token.
    @Field(key: "token_prefix") var tokenPrefix: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "expires_at") var expiresAt: Date?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $user, $name, $tokenHash, $tokenPrefix, $createdAt, $lastUsedAt, $expiresAt] }

    init() {}
}

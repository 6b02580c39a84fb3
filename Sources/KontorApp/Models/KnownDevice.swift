import Fluent
import Foundation

/// A browser the user signed in from before. Attempts from it are not blocked by the per-account limit,
/// so an attacker guessing from elsewhere cannot lock the owner out (OWASP "device cookies").
final class KnownDevice: Model, @unchecked Sendable {
    static let schema = "known_devices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $user, $tokenHash, $createdAt] }

    init() {}
}

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

    /// How long a browser stays known without signing in again (its cookie's lifetime).
    static let lifetime: TimeInterval = 365 * 24 * 3600
    /// The most browsers one account keeps known: the oldest goes when another is added.
    static let maximumPerUser = 20

    /// Forgets the user's browsers, but the one `keeping` (this request's cookie) names: a new password shuts out
    /// whoever held the old one, and a browser they signed in from must not spare them the guessing delay.
    static func forget(of userID: UUID, keeping token: String? = nil, on db: any Database) async throws {
        var query = KnownDevice.query(on: db).filter(\.$user.$id == userID)
        if let token { query = query.filter(\.$tokenHash != SecretToken.hash(token)) }
        try await query.delete()
    }
}

import Fluent
import Foundation

/// What a second factor is.
enum SecondFactorKind: String, Codable, Sendable {
    case authenticatorApp = "totp"
    /// Codes by SMS to a verified phone; `secret_sealed` holds the sealed E.164 number.
    case sms
}

/// A user's second factor. The TOTP secret is sealed with AES-GCM under a key derived from the configured
/// secret key, so a copy of the database alone does not reveal it.
final class SecondFactor: Model, @unchecked Sendable {
    static let schema = "second_factors"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kindValue: String
    @Field(key: "secret_sealed") var secretSealed: String
    /// The last TOTP time step accepted: only a later one is accepted again (ASVS 6.5.1, no replay).
    @OptionalField(key: "last_used_step") var lastUsedStep: Int64?
    @Field(key: "created_at") var createdAt: Date
    /// Nil while the user has not yet typed a first code from the app.
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// For an authenticator app not yet confirmed: the session it is being set up in (M085); nil for SMS.
    @OptionalField(key: "enrolment_session_id") var enrolmentSessionID: UUID?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $user, $kindValue, $secretSealed, $lastUsedStep, $createdAt, $confirmedAt, $enrolmentSessionID] }

    init() {}

    init(userID: UUID, kind: SecondFactorKind, secretSealed: String, now: Date) {
        $user.id = userID
        kindValue = kind.rawValue
        self.secretSealed = secretSealed
        createdAt = now
    }

    var isConfirmed: Bool { confirmedAt != nil }
}

/// One single-use backup code; only its keyed hash is stored.
final class BackupCode: Model, @unchecked Sendable {
    static let schema = "backup_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $user, $codeHash, $usedAt, $createdAt] }

    init() {}

    init(userID: UUID, codeHash: String, now: Date) {
        $user.id = userID
        self.codeHash = codeHash
        createdAt = now
    }
}

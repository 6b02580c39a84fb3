import Fluent
import Foundation

/// A single-use link sent by e-mail (address confirmation, recovery address, password reset, sign-in unlock). Only the token's hash is stored.
final class EmailToken: Model, @unchecked Sendable {
    static let schema = "email_tokens"

    enum Purpose: String {
        case verifyEmail = "verify_email", confirmRecoveryEmail = "recovery_email", resetPassword = "reset_password"
        /// A new sign-in address, confirmed from its own mailbox (`SignInEmailChange`).
        case changeSignInEmail = "sign_in_email"
        /// Makes the browser that opens it a known device, which the per-account guessing delay never slows.
        case unlockSignIn = "unlock_sign_in"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "purpose") var purpose: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    /// For a sign-up confirmation: the name, language and password hash of *that* sign-up, applied only when
    /// its link is opened, so someone who pre-registers another person's address can never set their password.
    @OptionalField(key: "pending_name") var pendingName: String?
    @OptionalField(key: "pending_language") var pendingLanguage: String?
    @OptionalField(key: "pending_password_hash") var pendingPasswordHash: String?
    /// For a recovery- or sign-in-address change: the new address, set only when its link is confirmed.
    @OptionalField(key: "pending_email") var pendingEmail: String?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $user, $purpose, $tokenHash, $createdAt, $expiresAt, $usedAt, $pendingName, $pendingLanguage, $pendingPasswordHash,
            $pendingEmail
        ]
    }

    init() {}
}

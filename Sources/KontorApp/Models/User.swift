import Fluent
import Foundation

/// A customer who signs in to the console.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "language") var language: String
    /// The zone times are shown in (`TimeZoneChoice`); nil for the provider's.
    @OptionalField(key: "time_zone") var timeZone: String?
    @Field(key: "support_code") var supportCode: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    /// The organization she switched to last: the next sign-in lands there while she is still a member.
    @OptionalField(key: "last_organization_id") var lastOrganizationID: UUID?
    /// Where password-reset links go; a second address, so losing the sign-in mailbox does not lose the account.
    @OptionalField(key: "recovery_email") var recoveryEmail: String?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $name, $email, $emailVerifiedAt, $passwordHash, $language, $timeZone, $supportCode, $createdAt, $disabledAt,
            $lastOrganizationID, $recoveryEmail
        ]
    }

    init() {}

    init(id: UUID? = nil, name: String, email: String, passwordHash: String, language: String, supportCode: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.email = email
        self.passwordHash = passwordHash
        self.language = language
        self.supportCode = supportCode
        self.createdAt = createdAt
    }

    var isEmailVerified: Bool { emailVerifiedAt != nil }
}

extension User {
    /// The user with this (normalised) sign-in address.
    static func find(email: String, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$email == email).first()
    }
}

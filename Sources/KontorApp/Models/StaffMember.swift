import Fluent
import Foundation

/// What a member of the provider's staff may do in the staff console.
enum StaffRole: String, CaseIterable, Codable, Sendable {
    case administrator, support, billing, editor

    /// Whether this role may do everything `other` may: an administrator may do what every role does, any other role
    /// only what it does itself. A staff API token whose scope the member's new role does not cover ends.
    func covers(_ other: StaffRole) -> Bool { self == .administrator || self == other }
}

/// A member of the provider's own staff, separate from customer accounts.
final class StaffMember: Model, @unchecked Sendable {
    static let schema = "staff_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var roleValue: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    /// The authenticator-app secret, sealed; set at the first sign-in, which cannot finish without confirming it.
    @OptionalField(key: "totp_secret_sealed") var totpSecretSealed: String?
    @OptionalField(key: "totp_confirmed_at") var totpConfirmedAt: Date?
    /// The last TOTP time step accepted (no replay).
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    /// The password was chosen by an administrator (who made the account): every staff page leads to `/staff/password`,
    /// and the staff API refuses, until the member has chosen their own (`M074RequireOwnStaffPassword`).
    @Field(key: "must_change_password") var mustChangePassword: Bool

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $name, $email, $passwordHash, $roleValue, $createdAt, $disabledAt, $totpSecretSealed, $totpConfirmedAt,
            $totpLastStep, $mustChangePassword
        ]
    }

    init() {}

    init(name: String, email: String, passwordHash: String, role: StaffRole, createdAt: Date, mustChangePassword: Bool = false) {
        self.name = name
        self.mustChangePassword = mustChangePassword
        self.email = email
        self.passwordHash = passwordHash
        self.roleValue = role.rawValue
        self.createdAt = createdAt
    }

    var role: StaffRole { StaffRole(rawValue: roleValue) ?? .support }
    var isActive: Bool { disabledAt == nil }
}

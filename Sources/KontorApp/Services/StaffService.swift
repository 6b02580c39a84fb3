import Fluent
import KontorDomain
import Vapor

/// Staff accounts: created by administrators (the first one by `kontor create-admin`), signed in separately.
struct StaffService {
    let database: any Database
    let hasher: PasswordHasher
    let policy: PasswordPolicy
    let now: Date

    /// Creates a staff member after validating every field.
    @discardableResult
    func create(name rawName: String?, email rawEmail: String?, password: String?, role rawRole: String?) async throws -> StaffMember {
        var errors: [FieldError] = []
        let name = DisplayName.parse(rawName)
        let email = EmailAddress.parse(rawEmail)
        if case .failure(let error) = name { errors.append(error) }
        if case .failure(let error) = email { errors.append(error) }
        let role = StaffRole(rawValue: rawRole ?? "")
        if role == nil { errors.append(FieldError(field: "role", messageKey: "error.role.unknown")) }
        if let error = policy.check(password, contextWords: ["kontor", rawEmail ?? "", rawName ?? ""]) { errors.append(error) }
        try ValidationFailure.check(errors)
        let address = try email.get().value
        if try await StaffMember.query(on: database).filter(\.$email == address).first() != nil {
            throw ValidationFailure([FieldError(field: "email", messageKey: "error.email.taken")])
        }
        let member = StaffMember(name: try name.get().value, email: address, passwordHash: try await hasher.hash(password!),
                                 role: role!, createdAt: now)
        try await member.create(on: database)
        return member
    }
}

extension Request {
    var staffService: StaffService {
        StaffService(database: db, hasher: kontor.hasher, policy: kontor.passwordPolicy, now: now)
    }
}

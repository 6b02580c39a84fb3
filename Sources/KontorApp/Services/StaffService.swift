import Fluent
import KontorDomain
import Vapor

/// Staff accounts: created by administrators (the first one by `kontor create-admin`), signed in separately.
struct StaffService {
    let database: any Database
    let hasher: PasswordHasher
    let policy: PasswordPolicy
    let now: Date

    /// Creates a staff member after validating every field. `mustChangePassword` when someone other than the member
    /// chose the password (an administrator on the members page): the member's first sign-in leads to choosing their own.
    @discardableResult
    func create(name rawName: String?, email rawEmail: String?, password: String?, role rawRole: String?,
                mustChangePassword: Bool = false) async throws -> StaffMember {
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
                                 role: role!, createdAt: now, mustChangePassword: mustChangePassword)
        try await member.create(on: database)
        return member
    }

    /// Gives a member another role; a demotion that would leave no active administrator is refused (409). The member's
    /// staff API tokens whose scope the new role does not cover (`StaffRole.covers`) end with it: they were made to do
    /// what the member may no longer do. The others keep their scope, so a promotion widens no token. `audit` writes
    /// the staff audit trail with the role before and the tokens ended, in the same transaction and under the
    /// member's row lock (which making a token takes too); giving the role a member has changes nothing and writes nothing.
    func changeRole(of id: UUID, to role: StaffRole,
                    audit: @escaping @Sendable (any Database, StaffMember, _ old: StaffRole, _ endedTokens: [StaffAPIToken]) async throws -> Void)
        async throws {
        try await database.transaction { db in
            let member = try await Self.lockedAmongAdministrators(id, on: db)
            let old = member.role
            guard old != role else { return }
            if role != .administrator { try await Self.guardLastAdministrator(member, on: db) }
            member.roleValue = role.rawValue
            try await member.save(on: db)
            let ended = try await StaffAPIToken.query(on: db).filter(\.$staffMember.$id == id).sort(\.$createdAt).all()
                .filter { !role.covers($0.scope) }
            if !ended.isEmpty { try await StaffAPIToken.query(on: db).filter(\.$id ~~ ended.compactMap(\.id)).delete() }
            try await audit(db, member, old, ended)
        }
    }

    /// Disables a member, ends their sessions and deletes their staff API tokens (a token must not come back to life
    /// with a reactivation); the last active administrator cannot be (409). Audited once: an inactive member is left as is.
    func deactivate(_ id: UUID, audit: @escaping @Sendable (any Database, StaffMember) async throws -> Void) async throws {
        try await database.transaction { db in
            let member = try await Self.lockedAmongAdministrators(id, on: db)
            guard member.isActive else { return }
            try await Self.guardLastAdministrator(member, on: db)
            member.disabledAt = now
            try await member.save(on: db)
            try await AuthSession.query(on: db).filter(\.$staffMember.$id == id).delete()
            try await StaffAPIToken.query(on: db).filter(\.$staffMember.$id == id).delete()
            try await audit(db, member)
        }
    }

    /// Lets a deactivated member sign in again, with the password and authenticator app they had; audited once.
    func reactivate(_ id: UUID, audit: @escaping @Sendable (any Database, StaffMember) async throws -> Void) async throws {
        try await database.transaction { db in
            try await db.lockForUpdate(StaffMember.self, id: id)
            guard let member = try await StaffMember.find(id, on: db) else { throw AppError.notFound }
            guard !member.isActive else { return }
            member.disabledAt = nil
            try await member.save(on: db)
            try await audit(db, member)
        }
    }

    /// Sets a member's own new password (the controller checked the current one against `member.passwordHash`, ASVS
    /// 6.2.3) under the same policy as customers', and ends every other staff session of theirs but `session`: the way
    /// out for a member whose password someone else knows, such as the administrator who chose it: choosing one clears
    /// `mustChangePassword` (the policy refuses the current one again). Staff API tokens stay: they are keys of the
    /// provider's systems, made behind the authenticator code, and are revoked on their own page.
    /// Several changes at once take turns under the member's row lock and one wins: a change from a session another
    /// change ended is 401, one checked against a password changed meanwhile (a second click) is 409.
    func changePassword(of member: StaffMember, to new: String?, replacing current: String?, providerName: String, keepingSession session: UUID,
                        audit: @escaping @Sendable (any Database) async throws -> Void) async throws {
        if let error = policy.check(new, replacing: current, contextWords: [providerName, "kontor", member.email, member.name], field: "new_password") {
            throw ValidationFailure([error])
        }
        let hash = try await hasher.hash(new!)
        let id = try member.requireID()
        let checkedHash = member.passwordHash
        try await database.transaction { db in
            try await db.lockForUpdate(StaffMember.self, id: id)
            guard let locked = try await StaffMember.find(id, on: db), locked.isActive,
                  try await AuthSession.query(on: db).filter(\.$id == session).filter(\.$staffMember.$id == id).count() > 0 else {
                throw AppError.unauthenticated
            }
            guard locked.passwordHash == checkedHash else { throw AppError.conflict(messageKey: "error.password.changed_meanwhile") }
            locked.passwordHash = hash
            locked.mustChangePassword = false
            try await locked.save(on: db)
            try await AuthSession.query(on: db).filter(\.$staffMember.$id == id).filter(\.$id != session).delete()
            try await audit(db)
        }
    }

    /// For a member who lost the authenticator app: the next sign-in sets up a new one, and their sessions and staff
    /// API tokens end (each was made behind the lost factor). Under the member's row lock, which making a token takes
    /// too (`StaffTokens.create`): a token is made either before the reset, which deletes it, or not at all.
    func resetTwoFactor(of id: UUID, audit: @escaping @Sendable (any Database, StaffMember) async throws -> Void) async throws {
        try await database.transaction { db in
            try await db.lockForUpdate(StaffMember.self, id: id)
            guard let member = try await StaffMember.find(id, on: db) else { throw AppError.notFound }
            member.totpSecretSealed = nil
            member.totpConfirmedAt = nil
            member.totpLastStep = nil
            try await member.save(on: db)
            try await AuthSession.query(on: db).filter(\.$staffMember.$id == id).delete()
            try await StaffAPIToken.query(on: db).filter(\.$staffMember.$id == id).delete()
            // A run of wrong codes ends with the app it was guessed against.
            try await RateLimiter(database: db, now: { now }).reset(StaffTwoFactorController.runKey(id))
            try await audit(db, member)
        }
    }

    /// The staff console always keeps one active administrator: counted in the transaction that would take one away,
    /// under the rows of every active administrator, so two administrators demoting or deactivating each other at
    /// once take turns and the second is refused, instead of both counting two and leaving none.
    private static func lockedAmongAdministrators(_ id: UUID, on db: any Database) async throws -> StaffMember {
        let administrators = try await activeAdministrators(on: db).all(\.$id)
        try await db.lockForUpdate(StaffMember.self, ids: administrators + [id])
        guard let member = try await StaffMember.find(id, on: db) else { throw AppError.notFound }
        return member
    }

    private static func guardLastAdministrator(_ member: StaffMember, on db: any Database) async throws {
        guard member.role == .administrator, member.isActive else { return }
        if try await activeAdministrators(on: db).count() <= 1 { throw AppError.conflict(messageKey: "error.staff.last_administrator") }
    }

    private static func activeAdministrators(on db: any Database) -> QueryBuilder<StaffMember> {
        StaffMember.query(on: db).filter(\.$roleValue == StaffRole.administrator.rawValue).filter(\.$disabledAt == nil)
    }
}

extension Request {
    var staffService: StaffService {
        StaffService(database: db, hasher: kontor.hasher, policy: kontor.passwordPolicy, now: now)
    }
}

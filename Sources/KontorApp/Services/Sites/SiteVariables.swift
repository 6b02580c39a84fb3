import Fluent
import Foundation
import KontorDomain

/// A site's environment variables (`EnvironmentVariableRules`). Every write takes the site's row lock inside its
/// transaction, so the count limit holds and a name exists once even when two servers write at the same moment;
/// an edit names the version it started from and is refused (409) when someone changed the variable meanwhile.
/// A secret's value is sealed and never read back for anyone: only `deployableValue` opens it, for the hosting.
struct SiteVariables {
    static let sealingPurpose = "kontor site environment variables v1"
    let db: any Database
    let sealing: SecretSealing

    init(db: any Database, secretKey: [UInt8]) {
        self.db = db
        sealing = SecretSealing(secretKey: secretKey, purpose: Self.sealingPurpose)
    }

    func list(of siteID: UUID) async throws -> [SiteEnvironmentVariable] {
        try await SiteEnvironmentVariable.query(on: db).filter(\.$site.$id == siteID).sort(\.$name).all()
    }

    func variable(_ id: UUID, of siteID: UUID) async throws -> SiteEnvironmentVariable {
        guard let variable = try await SiteEnvironmentVariable.query(on: db).filter(\.$id == id).filter(\.$site.$id == siteID).first() else {
            throw AppError.notFound
        }
        return variable
    }

    /// Adds a variable; a name the site already has is a 409, the 51st variable a field error.
    func add(to siteID: UUID, name rawName: String?, value rawValue: String?, isSecret: Bool, now: Date,
             audit: @escaping @Sendable (any Database, SiteEnvironmentVariable) async throws -> Void) async throws -> SiteEnvironmentVariable {
        let name = EnvironmentVariableRules.checkName(rawName)
        let value = EnvironmentVariableRules.checkValue(rawValue)
        try ValidationFailure.check([name, value].compactMap { if case .failure(let error) = $0 { error } else { nil } })
        let variable = SiteEnvironmentVariable(siteID: siteID, name: try name.get(), now: now)
        try store(try value.get(), isSecret: isSecret, in: variable)
        do {
            try await db.transaction { db in
                try await db.lockForUpdate(HostingSite.self, id: siteID)
                let existing = try await SiteEnvironmentVariable.query(on: db).filter(\.$site.$id == siteID).all()
                if existing.contains(where: { $0.name == variable.name }) { throw Self.nameTaken(variable.name) }
                try EnvironmentVariableRules.checkRoom(count: existing.count).validated()
                try await variable.create(on: db)
                try await audit(db, variable)
            }
        } catch let error where ConcurrentChange(error) == .conflict {
            // The unique index saw a twin the lock could not (a writer outside these rules): the same answer.
            throw Self.nameTaken(variable.name)
        }
        return variable
    }

    /// Replaces the value and/or the secrecy. `value` nil keeps a secret's value as it is; a secret made public needs
    /// a new value, so switching the box off never reveals it. `expectedVersion` nil applies whatever the version.
    func change(_ id: UUID, of siteID: UUID, value rawValue: String?, isSecret: Bool?, expectedVersion: Int?, now: Date,
                audit: @escaping @Sendable (any Database, SiteEnvironmentVariable) async throws -> Void) async throws -> SiteEnvironmentVariable {
        let value = try rawValue.map { try EnvironmentVariableRules.checkValue($0).validated() }
        return try await db.transaction { db in
            try await db.lockForUpdate(HostingSite.self, id: siteID)
            let variable = try await SiteVariables(db: db, sealing: sealing).variable(id, of: siteID)
            if let expectedVersion, expectedVersion != variable.version {
                throw AppError.conflict(messageKey: "error.env.changed_meanwhile", arguments: ["name": variable.name])
            }
            let secret = isSecret ?? variable.isSecret
            if let value {
                try store(value, isSecret: secret, in: variable)
            } else if secret != variable.isSecret {
                guard secret else { throw ValidationFailure([FieldError(field: "value", messageKey: "error.env.secret_needs_value")]) }
                try store(variable.value ?? "", isSecret: true, in: variable)
            } else {
                // Left as it was, public or secret: nothing to write. A public variable had answered 422 "required" for
                // `{}` or a version-only change, where openapi.yaml says a field left out keeps its value (security
                // probe round 8).
                return variable
            }
            variable.version += 1
            variable.updatedAt = now
            try await variable.save(on: db)
            try await audit(db, variable)
            return variable
        }
    }

    /// Deletes the variable; one already gone is not an error (a second click, another server), and returns nil.
    @discardableResult
    func delete(_ id: UUID, of siteID: UUID, audit: @escaping @Sendable (any Database, SiteEnvironmentVariable) async throws -> Void) async throws -> SiteEnvironmentVariable? {
        try await db.transaction { db in
            try await db.lockForUpdate(HostingSite.self, id: siteID)
            guard let variable = try await SiteEnvironmentVariable.query(on: db).filter(\.$id == id).filter(\.$site.$id == siteID).first() else { return nil }
            try await variable.delete(on: db)
            try await audit(db, variable)
            return variable
        }
    }

    /// The value the hosting's PHP-FPM pool is written with. Never for a page or the API.
    func deployableValue(of variable: SiteEnvironmentVariable) throws -> String {
        guard variable.isSecret else { return variable.value ?? "" }
        return String(decoding: try sealing.open(variable.sealedValue ?? ""), as: UTF8.self)
    }

    private init(db: any Database, sealing: SecretSealing) {
        self.db = db
        self.sealing = sealing
    }

    private func store(_ value: String, isSecret: Bool, in variable: SiteEnvironmentVariable) throws {
        variable.isSecret = isSecret
        variable.value = isSecret ? nil : value
        variable.sealedValue = isSecret ? try sealing.seal(Array(value.utf8)) : nil
    }

    static func nameTaken(_ name: String) -> AppError { .conflict(messageKey: "error.env.name_taken", arguments: ["name": name]) }
}

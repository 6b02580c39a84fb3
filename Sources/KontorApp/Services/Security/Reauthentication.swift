import Foundation
import KontorDomain
import Vapor

extension Request {
    /// Checks the current password a signed-in person types to confirm a sensitive change (2FA, phone, recovery
    /// address, password, identity check). Counted per account like sign-in, so a stolen session cannot be used
    /// to guess the password through these forms; a right password resets the count. Throws `rateLimited`.
    func verifyCurrentPassword(_ password: String?, of user: User) async throws -> Bool {
        let right = try await verifyPassword(password, against: user.passwordHash, throttleKey: "reauthenticate:" + (try user.requireID()).uuidString) {
            try await self.record(.signInThrottled, user: user.id, detail: "password check")
        }
        if right { reauthenticated.insert(.customer) }
        return right
    }

    /// The password check itself, counted under `throttleKey`; `throttled` records the refusal when the count is out.
    private func verifyPassword(_ password: String?, against hash: String, throttleKey key: String,
                                throttled: () async throws -> Void) async throws -> Bool {
        if case .limited(let retry) = try await rateLimiter.hit(key, limit: ThrottlePolicy.passwordChecksPerAccount) {
            try await throttled()
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        guard try await kontor.hasher.verify(password ?? "", against: hash) else { return false }
        try await rateLimiter.reset(key)
        return true
    }

    /// The field error for a wrong current password, or nil when it is right; for forms that report it with others.
    func currentPasswordError(_ password: String?, of user: User, field: String = "password") async throws -> FieldError? {
        try await verifyCurrentPassword(password, of: user) ? nil : FieldError(field: field, messageKey: "error.password.current_wrong")
    }

    /// Throws the validation error for a wrong current password.
    func requireCurrentPassword(_ password: String?, of user: User, field: String = "password") async throws {
        if let error = try await currentPasswordError(password, of: user, field: field) { throw ValidationFailure([error]) }
    }
}

extension Request {
    /// `verifyCurrentPassword` for a staff member (making a staff API token, changing the staff password): counted per
    /// member like staff sign-in, so a session left open cannot be used to guess the password; logged when slowed.
    func verifyCurrentStaffPassword(_ password: String?, of staff: StaffMember) async throws -> Bool {
        let right = try await verifyPassword(password, against: staff.passwordHash, throttleKey: "staff-reauthenticate:" + (try staff.requireID()).uuidString) {
            try await self.record(.staffSignInThrottled, staff: staff.id, detail: "password check")
        }
        if right { reauthenticated.insert(.staff) }
        return right
    }

    /// The field error for a wrong current staff password, or nil when it is right.
    func currentStaffPasswordError(_ password: String?, of staff: StaffMember, field: String = "password") async throws -> FieldError? {
        try await verifyCurrentStaffPassword(password, of: staff) ? nil : FieldError(field: field, messageKey: "error.password.current_wrong")
    }
}

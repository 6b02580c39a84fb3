import Vapor

/// A signed-in customer: through a browser session, an API session token, or a personal API token.
struct CustomerIdentity: Authenticatable {
    let user: User
    let session: AuthSession?
    let apiToken: APIToken?

    var userID: UUID { user.id! }

    /// Changes to the methods that protect the account need a session: a personal API token never gave a second
    /// factor, so it can neither add, remove nor mint one (403 `not_with_personal_token`). `messageKey` says what the
    /// token cannot do; its last part stays the API's code.
    func requireSession(_ messageKey: String = "error.two_factor.not_with_personal_token") throws {
        if apiToken != nil { throw AppError.refused(messageKey: messageKey) }
    }
}

/// A signed-in member of the provider's staff.
struct StaffIdentity: Authenticatable {
    let staff: StaffMember
    let session: AuthSession
}

/// Someone who gave the right password and still owes the second factor.
struct PendingSecondFactor: Sendable {
    let user: User
    let session: AuthSession
}

/// A member of staff who gave the right password and still owes the authenticator code (or its setup).
struct PendingStaffSecondFactor: Sendable {
    let staff: StaffMember
    let session: AuthSession
}

extension Request {
    private struct PendingStaffSecondFactorKey: StorageKey { typealias Value = PendingStaffSecondFactor }

    /// The half-finished staff sign-in of this browser, if any.
    var pendingStaffSecondFactor: PendingStaffSecondFactor? {
        get { storage[PendingStaffSecondFactorKey.self] }
        set { storage[PendingStaffSecondFactorKey.self] = newValue }
    }

    private struct PendingSecondFactorKey: StorageKey { typealias Value = PendingSecondFactor }

    /// The half-finished sign-in of this browser, if any.
    var pendingSecondFactor: PendingSecondFactor? {
        get { storage[PendingSecondFactorKey.self] }
        set { storage[PendingSecondFactorKey.self] = newValue }
    }

    /// The signed-in customer; throws `unauthenticated` for routes behind `RequireCustomer`.
    func customer() throws -> CustomerIdentity {
        guard let identity = auth.get(CustomerIdentity.self) else { throw AppError.unauthenticated }
        return identity
    }

    func staff() throws -> StaffIdentity {
        guard let identity = auth.get(StaffIdentity.self) else { throw AppError.unauthenticated }
        return identity
    }

    /// Whether the request is for the JSON API (answers JSON errors, uses bearer tokens, no CSRF form field).
    var isAPI: Bool { path.hasPrefix("/api/") }

    /// Whether errors are answered as JSON: the API, or a client that asks for JSON and not for HTML.
    var answersInJSON: Bool {
        isAPI || headers.accept.mediaTypes.contains(.json) && !headers.accept.mediaTypes.contains(.html)
    }
}

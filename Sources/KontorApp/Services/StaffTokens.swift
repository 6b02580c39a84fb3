import Crypto
import Fluent
import Foundation
import KontorDomain
import Vapor

/// Staff API tokens: made in the staff console by a member whose session passed the authenticator code, shown once,
/// revocable. Only an HMAC of the token under a key derived from the secret key is stored: a database dump reveals
/// nothing, and someone who can write to the database cannot plant a token of their own without that key.
struct StaffTokens {
    static let prefix = "kst_"
    /// The longest a token may live: the provider's systems renew it at least every two years.
    static let maximumLifetimeDays = 730
    /// Days a token works when its maker does not choose a last day, as for customers' personal tokens.
    static let defaultLifetimeDays = 90
    let database: any Database
    let secretKey: [UInt8]
    let config: BillingConfiguration
    let now: Date

    /// The stored form of `token`: hex HMAC-SHA256 under a key of its own (HKDF from the secret key).
    func hash(_ token: String) -> String {
        KeyedHash(secretKey: secretKey, purpose: "kontor staff api token").hex(token)
    }

    func list(of staffID: UUID) async throws -> [StaffAPIToken] {
        try await StaffAPIToken.query(on: database).filter(\.$staffMember.$id == staffID).sort(\.$createdAt, .descending).all()
    }

    /// Every other member's tokens with their member, for administrators (a leaked token is revoked by whoever sees it first).
    func listOthers(than staffID: UUID) async throws -> [StaffAPIToken] {
        try await StaffAPIToken.query(on: database).filter(\.$staffMember.$id != staffID).with(\.$staffMember)
            .sort(\.$createdAt, .descending).all()
    }

    /// The last day a token works when its maker leaves the day empty.
    var defaultLastDay: String { config.day(config.day(of: now), plus: Self.defaultLifetimeDays) }

    /// A new token for `staffID`, valid through the day `expiresOn` (YYYY-MM-DD, the provider's calendar; empty means
    /// `defaultLifetimeDays` from today: every token ends), asked for from the session `sessionID`. `passwordError` is
    /// the re-authentication's verdict (`Request.currentStaffPasswordError`), reported with the other fields. Made under the member's row lock, as resetting the authenticator takes
    /// it (`StaffService.resetTwoFactor`), and only while that session still exists: a reset that ended the session
    /// meanwhile leaves no token behind (401). `audit` writes the trail in the same transaction.
    func create(for staffID: UUID, session sessionID: UUID, name rawName: String?, expiresOn rawDay: String?, passwordError: FieldError?,
                audit: @escaping @Sendable (any Database, StaffAPIToken) async throws -> Void) async throws -> (token: String, record: StaffAPIToken) {
        var errors: [FieldError] = []
        let name = DisplayName.parse(rawName)
        if case .failure(let error) = name { errors.append(error) }
        let expiresAt = expiry(rawDay, errors: &errors)
        if let passwordError { errors.append(passwordError) }
        try ValidationFailure.check(errors)
        let token = SecretToken.generate(prefix: Self.prefix)
        let record = StaffAPIToken()
        record.$staffMember.id = staffID
        record.name = try name.get().value
        record.tokenHash = hash(token)
        record.tokenPrefix = String(token.prefix(Self.prefix.count + 6))
        record.createdAt = now
        record.expiresAt = expiresAt
        try await database.transaction { db in
            try await db.lockForUpdate(StaffMember.self, id: staffID)
            guard try await AuthSession.query(on: db).filter(\.$id == sessionID).filter(\.$staffMember.$id == staffID).count() > 0,
                  let member = try await StaffMember.find(staffID, on: db), member.isActive, member.totpConfirmedAt != nil else {
                throw AppError.unauthenticated
            }
            // Its scope is the role read under the lock a role change takes too: never one given after this moment.
            record.scopeValue = member.roleValue
            try await record.create(on: db)
            try await audit(db, record)
        }
        return (token, record)
    }

    /// Deletes the token `id` of the member `staffID`, or of any member when `staffID` is nil (an administrator), with
    /// its member loaded; nil when there is no such token. Under the token's row lock, so of two revocations at once
    /// only one finds it; `audit` (the trail, the owner's mail) runs for that one, in the same transaction.
    func revoke(_ id: UUID, of staffID: UUID?,
                audit: @escaping @Sendable (any Database, StaffAPIToken) async throws -> Void) async throws -> StaffAPIToken? {
        try await database.transaction { db in
            try await db.lockForUpdate(StaffAPIToken.self, id: id)
            let query = StaffAPIToken.query(on: db).filter(\.$id == id).with(\.$staffMember)
            if let staffID { query.filter(\.$staffMember.$id == staffID) }
            guard let token = try await query.first() else { return nil }
            try await token.delete(on: db)
            try await audit(db, token)
            return token
        }
    }

    /// The live token and its active member for a bearer `token`; nil for anything unknown, expired or disabled.
    func authenticate(_ token: String) async throws -> (token: StaffAPIToken, staff: StaffMember)? {
        guard token.hasPrefix(Self.prefix),
              let record = try await StaffAPIToken.query(on: database).filter(\.$tokenHash == hash(token)).with(\.$staffMember).first(),
              record.expiresAt.map({ $0 > now }) ?? true, record.staffMember.isActive else { return nil }
        // Recorded at most once a minute: enough to see an unused token, without a write per request.
        if record.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsedAt = now
            try await record.save(on: database)
        }
        return (record, record.staffMember)
    }

    /// The instant after the last day the token works (midnight at the end of that day, the provider's time zone).
    private func expiry(_ raw: String?, errors: inout [FieldError]) -> Date? {
        let typed = (raw ?? "").trimmingCharacters(in: .whitespaces)
        let day = typed.isEmpty ? defaultLastDay : typed
        let today = config.day(of: now)
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard day.count == 10, parts.count == 3, config.day(day, plus: 0) == day,
              config.days(from: today, to: day) >= 0, config.days(from: today, to: day) <= Self.maximumLifetimeDays else {
            errors.append(FieldError(field: "expires_on", messageKey: "staff.tokens.expiry_invalid"))
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = config.timeZone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2] + 1))
    }
}

extension Request {
    var staffTokens: StaffTokens {
        StaffTokens(database: db, secretKey: kontor.config.secretKey, config: kontor.config.billing, now: now)
    }
}

import Fluent
import KontorDomain
import SQLKit
import Vapor

/// Personal API tokens: made by the user, shown once, revocable at any time.
struct PersonalTokens {
    static let prefix = "kt_"
    let request: Request

    func list() async throws -> [APIToken] {
        try await APIToken.query(on: request.db).filter(\.$user.$id == request.customer().userID).sort(\.$createdAt, .descending).all()
    }

    /// Days a token works when its maker does not say (GitHub's personal tokens default to 30; scripts run longer).
    static let defaultLifetimeDays = 90
    /// The longest a token may work: a forgotten token must end some day.
    static let maximumLifetimeDays = 366

    /// A new token, from a session only: a token that could mint tokens would let its holder outlive any revocation.
    /// It works for `lifetimeDays` (default 90). `password` must be the current one, on the page and in the API alike
    /// (`checkPassword`), so a borrowed browser or API session cannot leave a lasting key behind (security probe round 7:
    /// the API made a 366-day token from a session alone). The owner is e-mailed.
    func create(name rawName: String?, lifetimeDays: Int? = nil, password: String? = nil, checkPassword: Bool = false) async throws
        -> (token: String, record: APIToken) {
        let identity = try request.customer()
        try identity.requireSession("error.tokens.not_with_personal_token")
        var errors: [FieldError] = []
        let name = DisplayName.parse(rawName)
        if case .failure(let error) = name { errors.append(error) }
        let days = lifetimeDays ?? Self.defaultLifetimeDays
        if !(1...Self.maximumLifetimeDays).contains(days) { errors.append(FieldError(field: "expiresInDays", messageKey: "error.tokens.lifetime")) }
        if checkPassword, let wrong = try await request.currentPasswordError(password, of: identity.user) { errors.append(wrong) }
        try ValidationFailure.check(errors)
        let validName = try name.get()
        let token = SecretToken.generate(prefix: Self.prefix)
        let record = APIToken()
        record.$user.id = identity.userID
        record.name = validName.value
        record.tokenHash = SecretToken.hash(token)
        record.tokenPrefix = String(token.prefix(9))
        record.createdAt = request.now
        record.expiresAt = request.now.addingTimeInterval(Double(days) * 86_400)
        try await request.db.transaction { db in
            try await record.create(on: db)
            try await request.record(.apiTokenCreated, user: record.$user.id, detail: validName.value, on: db)
            try await request.mail(identity.user, subjectKey: "mail.token_created.subject",
                                   paragraphs: ["mail.token_created.body", "mail.security.not_you"], arguments: ["token": validName.value], on: db)
        }
        return (token, record)
    }

    func revoke(_ id: UUID) async throws {
        let userID = try request.customer().userID
        // Under the token's row lock: of two clicks (or two servers) exactly one finds and deletes it, so the
        // revocation is audited once and the other click is told the token is gone.
        let revoked = try await request.db.transaction { db -> APIToken? in
            try await db.lockForUpdate(APIToken.self, id: id)
            guard let token = try await APIToken.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first() else {
                return nil
            }
            try await token.delete(on: db)
            return token
        }
        guard let revoked else { throw AppError.notFound }
        try await request.record(.apiTokenRevoked, user: userID, detail: revoked.name)
    }

    /// Revokes every personal token of a user but `keep` (the one a change was made with) in one statement, and says
    /// how many: where a password is reset or changed, or an identity check approved, whoever held a token is out too.
    @discardableResult
    static func revokeAll(of userID: UUID, except keep: UUID? = nil, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let others: SQLQueryString = keep.map { "AND id <> \(bind: $0)" } ?? ""
        return try await sql.raw("DELETE FROM \(ident: APIToken.schema) WHERE user_id = \(bind: userID) \(others) RETURNING id").all().count
    }
}

extension Request {
    /// `PersonalTokens.revokeAll`, logged as `api_tokens_revoked` with how many when there were any (as ending sessions
    /// is logged with how many); `staff` is the reviewer who approved an identity check.
    func revokePersonalTokens(of userID: UUID, except keep: UUID? = nil, staff: UUID? = nil, on db: any Database) async throws {
        let revoked = try await PersonalTokens.revokeAll(of: userID, except: keep, on: db)
        if revoked > 0 { try await record(.apiTokensRevoked, user: userID, staff: staff, detail: String(revoked), on: db) }
    }
}

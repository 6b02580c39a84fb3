import Fluent
import KontorDomain
import Vapor

/// Personal API tokens: made by the user, shown once, revocable at any time.
struct PersonalTokens {
    static let prefix = "kt_"
    let request: Request

    func list() async throws -> [APIToken] {
        try await APIToken.query(on: request.db).filter(\.$user.$id == request.customer().userID).sort(\.$createdAt, .descending).all()
    }

    func create(name rawName: String?) async throws -> (token: String, record: APIToken) {
        let name = try DisplayName.parse(rawName).validated()
        let token = SecretToken.generate(prefix: Self.prefix)
        let record = APIToken()
        record.$user.id = try request.customer().userID
        record.name = name.value
        record.tokenHash = SecretToken.hash(token)
        record.tokenPrefix = String(token.prefix(9))
        record.createdAt = request.now
        try await record.create(on: request.db)
        try await request.record(.apiTokenCreated, user: record.$user.id, detail: name.value)
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
}

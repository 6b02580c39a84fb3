import Fluent
import KontorDomain
import Vapor

/// `/api/v1` accounts, sessions, profile and personal tokens.
struct AccountsAPIController {
    func register(public routes: any RoutesBuilder, customer: any RoutesBuilder) {
        routes.post(.api(.accounts), use: signUp)
        routes.post(.api(.sessions), use: signIn)
        customer.on(.DELETE, .api(.currentSession), use: signOut)
        customer.get(.api(.me), use: me)
        customer.on(.PATCH, .api(.me), use: updateMe)
        customer.post(.api(.meSupportCode), use: regenerateSupportCode)
        customer.post(.api(.mePassword), use: changePassword)
        customer.get(.api(.meSessions), use: sessions)
        customer.on(.DELETE, .api(.meSession(SiteRoute.anyID)), use: endSession)
        customer.on(.DELETE, .api(.meSessions), use: endOtherSessions)
        customer.get(.api(.meTokens), use: tokens)
        customer.post(.api(.meTokens), use: createToken)
        customer.on(.DELETE, .api(.meToken(SiteRoute.anyID)), use: revokeToken)
    }

    func signUp(_ request: Request) async throws -> Response {
        try await AccountService(request: request).signUp(try request.content.decode(SignUpInput.self))
        return try await APIModels.Accepted(status: "confirmation_sent", message: request.t("check_inbox.body"))
            .encodeResponse(status: .accepted, for: request)
    }

    func signIn(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.SignIn.self)
        // While someone else's guesses slow this account, a right password with the second factor still gets in.
        let passed = OwnerProof()
        let user = try await AccountService(request: request).signIn(
            email: body.email, password: body.password, deviceToken: nil,
            ownerProof: body.otp.map { otp in
                { @Sendable user in await passed.check { try await TwoFactorService(request: request).requireSecondFactor(otp, for: user) } }
            })
        let secondFactor: SecondFactorState
        if let checked = await passed.state { secondFactor = checked } else {
            secondFactor = try await TwoFactorService(request: request).requireSecondFactor(body.otp, for: user)
        }
        return try await Self.openSession(for: user, secondFactor: secondFactor, request)
    }

    /// A new API session for `user` (in the organization they land in, `Membership.landing`), answered as `201 SessionCreated`.
    static func openSession(for user: User, secondFactor: SecondFactorState, _ request: Request) async throws -> Response {
        if secondFactor == .passed { try await SignInFlow.closeIdentityCheck(of: user, request) }
        let (token, session) = try await request.sessionStore.create(
            user: user, channel: .api, organizationID: try await Membership.landing(of: user, on: request.db),
            ipAddress: request.clientAddress, userAgent: request.userAgentSummary, secondFactor: secondFactor)
        return try await APIModels.SessionCreated(token: token, expiresAt: session.expiresAt, user: APIModels.me(user))
            .encodeResponse(status: .created, for: request)
    }

    func signOut(_ request: Request) async throws -> HTTPStatus {
        let identity = try request.customer()
        guard let session = identity.session else { throw AppError.conflict(messageKey: "error.api.not_a_session") }
        try await session.delete(on: request.db)
        try await request.record(.signOut, user: identity.userID)
        return .noContent
    }

    func me(_ request: Request) async throws -> APIModels.Me {
        APIModels.me(try request.customer().user)
    }

    func updateMe(_ request: Request) async throws -> APIModels.Me {
        let body = try request.content.decode(APIModels.ProfileUpdate.self)
        let user = try request.customer().user
        do {
            try await AccountService(request: request).updateProfile(of: user, name: body.name, language: body.language, timeZone: body.timeZone)
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["time_zone": "timeZone"])
        }
        return APIModels.me(user)
    }

    func regenerateSupportCode(_ request: Request) async throws -> APIModels.Me {
        let user = try request.customer().user
        try await AccountService(request: request).regenerateSupportCode(of: user)
        return APIModels.me(user)
    }

    func changePassword(_ request: Request) async throws -> HTTPStatus {
        let body = try request.content.decode(APIModels.PasswordChange.self)
        let identity = try request.customer()
        do {
            try await AccountService(request: request).changePassword(
                of: identity.user, current: body.currentPassword, new: body.newPassword, keepingSession: identity.session?.id,
                keepingToken: identity.apiToken?.id)
        } catch let failure as ValidationFailure {
            // The service names the profile form's fields; the API's body has these.
            throw failure.renamingFields(["current_password": "currentPassword", "new_password": "newPassword"])
        }
        return .noContent
    }

    func sessions(_ request: Request) async throws -> APIModels.List<APIModels.Session> {
        let identity = try request.customer()
        let sessions = try await AuthSession.query(on: request.db).filter(\.$user.$id == identity.userID).sort(\.$lastSeenAt, .descending).all()
        return .init(items: sessions.map {
            .init(id: $0.id!, channel: $0.channel, ipAddress: $0.ipAddress, userAgent: $0.userAgent, createdAt: $0.createdAt,
                  lastSeenAt: $0.lastSeenAt, isCurrent: $0.id == identity.session?.id)
        })
    }

    func endSession(_ request: Request) async throws -> HTTPStatus {
        let identity = try request.customer()
        guard let session = try await AuthSession.query(on: request.db).filter(\.$id == (try request.id("sessionID")))
                .filter(\.$user.$id == identity.userID).first() else { throw AppError.notFound }
        try await session.delete(on: request.db)
        try await request.record(.sessionEnded, user: identity.userID)
        return .noContent
    }

    /// Every session but the caller's ends (all of them for a caller with a personal token, which is no session).
    func endOtherSessions(_ request: Request) async throws -> APIModels.SessionsEnded {
        .init(ended: try await request.endOtherSessions())
    }

    func tokens(_ request: Request) async throws -> APIModels.List<APIModels.Token> {
        .init(items: try await PersonalTokens(request: request).list().map {
            .init(id: $0.id!, name: $0.name, prefix: $0.tokenPrefix, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt, expiresAt: $0.expiresAt, token: nil)
        })
    }

    func createToken(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.TokenRequest.self)
        let (token, record) = try await PersonalTokens(request: request).create(name: body.name, lifetimeDays: body.expiresInDays,
                                                                                password: body.password, checkPassword: true)
        return try await APIModels.Token(id: record.id!, name: record.name, prefix: record.tokenPrefix, createdAt: record.createdAt,
                                         lastUsedAt: nil, expiresAt: record.expiresAt, token: token).encodeResponse(status: .created, for: request)
    }

    func revokeToken(_ request: Request) async throws -> HTTPStatus {
        try await PersonalTokens(request: request).revoke(try request.id("tokenID"))
        return .noContent
    }
}

extension Content {
    func encodeResponse(status: HTTPStatus, for request: Request) async throws -> Response {
        let response = try await encodeResponse(for: request)
        response.status = status
        return response
    }
}

/// Remembers a second factor checked inside sign-in, so it is not checked twice (a TOTP code is accepted once).
private actor OwnerProof {
    private(set) var state: SecondFactorState?

    func check(_ verify: @Sendable () async throws -> SecondFactorState) async -> Bool {
        guard let result = try? await verify(), result == .passed else { return false }
        state = result
        return true
    }
}

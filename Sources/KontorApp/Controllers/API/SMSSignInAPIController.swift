import Fluent
import Foundation
import KontorDomain
import Vapor

/// Signing in through the API with a code by SMS, in two calls, as the pages do in two steps:
/// `POST /sessions/sms-code` checks the password (with the same throttles and answers as `POST /sessions`) and
/// texts a code bound to a new pending attempt; `POST /sessions/sms` with that attempt's token and the code opens
/// a session. The attempt token opens nothing else; five wrong codes end the attempt.
struct SMSSignInAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.post(.api(.sessionSMSCode), use: sendCode)
        routes.post(.api(.sessionSMS), use: signIn)
    }

    func sendCode(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.SignIn.self)
        let user = try await AccountService(request: request).signIn(email: body.email, password: body.password, deviceToken: nil)
        let phones = PhoneFactorService(request: request)
        guard try await phones.verifiedPhone(of: user.requireID()) != nil else { throw AppError.conflict(messageKey: "error.sms.no_phone") }
        let (token, attempt) = try await request.sessionStore.create(
            user: user, channel: .api, organizationID: nil, ipAddress: request.clientAddress, userAgent: request.userAgentSummary,
            secondFactor: .pending)
        do {
            let number = try await phones.sendSignInCode(for: user, session: attempt)
            return try await APIModels.SMSAttempt(attemptToken: token, phone: number.masked, expiresAt: request.now.addingTimeInterval(SMSCodePolicy.lifetime))
                .encodeResponse(status: .accepted, for: request)
        } catch {
            try await attempt.delete(on: request.db)
            throw error
        }
    }

    func signIn(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.SMSSignIn.self)
        guard let token = body.attemptToken, !token.isEmpty,
              let attempt = try await request.sessionStore.find(token: token), attempt.isSecondFactorPending,
              attempt.channel == AuthSession.Channel.api.rawValue, let user = try await attempt.$user.get(on: request.db), user.disabledAt == nil
        else { throw ValidationFailure([FieldError(field: "attemptToken", messageKey: "error.sms.attempt_unknown")]) }
        let outcome = try await TwoFactorService(request: request)
            .attemptOutcome(body.code ?? "", method: .sms(attempt), for: try user.requireID(), channel: "api")
        switch outcome {
        case .passed:
            try await attempt.delete(on: request.db)
            let memberships = try await Membership.all(of: user.requireID(), on: request.db)
            let (sessionToken, session) = try await request.sessionStore.create(
                user: user, channel: .api, organizationID: memberships.first?.$organization.id,
                ipAddress: request.clientAddress, userAgent: request.userAgentSummary, secondFactor: .passed)
            return try await APIModels.SessionCreated(token: sessionToken, expiresAt: session.expiresAt, user: APIModels.me(user))
                .encodeResponse(status: .created, for: request)
        case .wrong: throw ValidationFailure([FieldError(field: "code", messageKey: "error.sms.code_wrong")])
        case .codeExpired: throw ValidationFailure([FieldError(field: "code", messageKey: "error.sms.code_expired")])
        case .attemptEnded: throw AppError.conflict(messageKey: "error.sms.attempt_ended")
        }
    }
}

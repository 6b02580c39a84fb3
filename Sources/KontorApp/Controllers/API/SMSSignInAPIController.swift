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
        let (token, attempt) = try await request.sessionStore.create(
            user: user, channel: .api, organizationID: nil, ipAddress: request.clientAddress, userAgent: request.userAgentSummary,
            secondFactor: .pending)
        do {
            let number = try await PhoneFactorService(request: request).sendSignInCode(for: user, session: attempt)
            return try await APIModels.SMSAttempt(attemptToken: token, phone: number.masked, expiresAt: request.now.addingTimeInterval(SMSCodePolicy.lifetime))
                .encodeResponse(status: .accepted, for: request)
        } catch {
            // No attempt is left behind when no code went out.
            try await attempt.delete(on: request.db)
            throw (error as? AppError) == .notFound ? AppError.conflict(messageKey: "error.sms.no_phone") : error
        }
    }

    func signIn(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.SMSSignIn.self)
        var missing: [FieldError] = []
        if (body.attemptToken ?? "").isEmpty { missing.append(FieldError(field: "attemptToken", messageKey: "error.required")) }
        // An absent code is not a wrong try: it costs none of the five.
        if (body.code ?? "").trimmingWhitespace().isEmpty { missing.append(FieldError(field: "code", messageKey: "error.required")) }
        try ValidationFailure.check(missing)
        guard let token = body.attemptToken, let attempt = try await request.sessionStore.find(token: token), attempt.isSecondFactorPending,
              attempt.channel == AuthSession.Channel.api.rawValue, let user = try await attempt.$user.get(on: request.db), user.disabledAt == nil
        else { throw ValidationFailure([FieldError(field: "attemptToken", messageKey: "error.sms.attempt_unknown")]) }
        let outcome = try await TwoFactorService(request: request)
            .attemptOutcome(body.code ?? "", method: .sms(attempt), for: try user.requireID(), channel: "api")
        switch outcome {
        case .passed:
            try await attempt.delete(on: request.db)
            return try await AccountsAPIController.openSession(for: user, secondFactor: .passed, request)
        case .wrong: throw ValidationFailure([FieldError(field: "code", messageKey: "error.sms.code_wrong")])
        case .codeExpired: throw ValidationFailure([FieldError(field: "code", messageKey: "error.sms.code_expired")])
        case .attemptEnded: throw AppError.conflict(messageKey: "error.sms.attempt_ended")
        case .alreadyUsed: throw AppError.conflict(messageKey: "error.sms.code_already_used")
        }
    }
}

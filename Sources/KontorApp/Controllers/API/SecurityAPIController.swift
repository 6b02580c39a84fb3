import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1` account security: two-factor status, backup codes and switching 2FA off, the sign-in and recovery addresses,
/// "forgot password", and the user's own security log. Thin wrappers over the services the pages use.
struct SecurityAPIController {
    static let defaultEventsPageSize = 50

    func register(public routes: any RoutesBuilder, customer: any RoutesBuilder) {
        routes.post(.api(.passwordResets), use: requestPasswordReset)
        customer.get(.api(.meTwoFactor), use: twoFactor)
        customer.post(.api(.meBackupCodes), use: regenerateBackupCodes)
        customer.post(.api(.meTwoFactorDisable), use: disableTwoFactor)
        customer.on(.PUT, .api(.meRecoveryEmail), use: changeRecoveryEmail)
        customer.on(.PUT, .api(.meEmail), use: changeSignInEmail)
        customer.get(.api(.meSecurityEvents), use: securityEvents)
        customer.get(.api(.meClosure), use: closureStatus)
        customer.post(.api(.meClosure), use: closeAccount)
    }

    /// What stops closing the account, organization by organization.
    func closureStatus(_ request: Request) async throws -> APIModels.AccountClosureStatus {
        let identity = try request.customer()
        let closure = AccountClosure(request: request)
        let obstacles = try await closure.obstacles(for: identity.userID).map { obstacle in
            APIModels.AccountClosureStatus.Obstacle(
                organizationId: obstacle.organizationID, organizationName: obstacle.organizationName,
                reasons: obstacle.refusals.map { $0.rawValue.replacingOccurrences(of: "account_closure.refused.", with: "") },
                messages: obstacle.refusals.map { request.t($0.rawValue) })
        }
        let needsSecondFactor = try await closure.needsSecondFactor(identity)
        return .init(obstacles: obstacles, needsSecondFactor: needsSecondFactor,
                     canClose: obstacles.isEmpty && !needsSecondFactor && identity.apiToken == nil)
    }

    /// Closes the caller's account: every session and token ends with it, so this is the last answer it gets.
    func closeAccount(_ request: Request) async throws -> HTTPStatus {
        let body = try request.content.decode(APIModels.AccountClosureRequest.self)
        try await AccountClosure(request: request).close(by: try request.customer(), password: body.password, confirmed: body.confirm == true)
        return .noContent
    }

    func twoFactor(_ request: Request) async throws -> APIModels.TwoFactorStatus {
        let identity = try request.customer()
        let service = TwoFactorService(request: request)
        let status = try await service.status(for: identity.userID)
        return .init(enabled: status.isEnabled, methods: status.methods, remainingBackupCodes: status.remainingBackupCodes,
                     canDisable: status.isEnabled && service.mayDisable(identity))
    }

    /// The new codes are in this answer only; the old ones stop working.
    func regenerateBackupCodes(_ request: Request) async throws -> APIModels.BackupCodes {
        let body = try request.content.decode(APIModels.PasswordConfirmation.self)
        let codes = try await TwoFactorService(request: request).regenerateBackupCodes(by: try request.customer(), password: body.password)
        return .init(codes: codes)
    }

    func disableTwoFactor(_ request: Request) async throws -> HTTPStatus {
        let body = try request.content.decode(APIModels.PasswordConfirmation.self)
        try await TwoFactorService(request: request).disable(by: try request.customer(), password: body.password)
        return .noContent
    }

    /// Nothing changes until the link mailed to the new address is opened.
    func changeRecoveryEmail(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.RecoveryEmailChange.self)
        try await RecoveryService(request: request)
            .requestRecoveryEmailChange(by: try request.customer(), to: body.email, password: body.password, addressField: "email")
        return try await APIModels.Accepted(status: "confirmation_sent", message: request.t("notice.recovery_email_sent"))
            .encodeResponse(status: .accepted, for: request)
    }

    /// Nothing changes until the new address confirms the link mailed to it; the same answer whether or not another
    /// account has the address.
    func changeSignInEmail(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.RecoveryEmailChange.self)
        // The sign-in address is where password resets go: moving it with a token and the password would hand the
        // account to whoever holds both, so it needs a session that passed the second factor, like the 2FA changes.
        let identity = try request.customer()
        try identity.requireSession("error.sign_in_email.not_with_personal_token")
        try await SignInEmailChange(request: request).start(for: identity.user, to: body.email, password: body.password, addressField: "email")
        return try await APIModels.Accepted(status: "confirmation_sent", message: request.t("notice.sign_in_email_sent"))
            .encodeResponse(status: .accepted, for: request)
    }

    /// The same answer whether or not the address has an account.
    func requestPasswordReset(_ request: Request) async throws -> Response {
        let body = try request.content.decode(APIModels.PasswordResetRequest.self)
        try await RecoveryService(request: request).requestPasswordReset(email: body.email)
        return try await APIModels.Accepted(status: "reset_link_sent", message: request.t("recovery.forgot.sent"))
            .encodeResponse(status: .accepted, for: request)
    }

    /// `?limit=1…100` (default 50) and `?before=<id>` from the previous page's `nextBefore`.
    func securityEvents(_ request: Request) async throws -> APIModels.SecurityLogPage {
        var errors: [FieldError] = []
        var limit = Self.defaultEventsPageSize
        if let text = try request.optionalQuery("limit") {
            if let value = Int(text), (1...SecurityLog.maximumPageSize).contains(value) { limit = value }
            else { errors.append(FieldError(field: "limit", messageKey: "error.security_events.limit_range")) }
        }
        var before: UUID?
        if let text = try request.optionalQuery("before") {
            before = UUID(uuidString: text)
            if before == nil { errors.append(FieldError(field: "before", messageKey: "error.security_events.before_unknown")) }
        }
        try ValidationFailure.check(errors)

        let log = SecurityLog(request: request)
        let events = try await log.events(of: try request.customer().userID, limit: limit + 1, before: before)
        let page = events.prefix(limit)
        let organizations = try await log.organizationNames(of: Array(page))
        return .init(
            items: page.map { .init(id: $0.id!, createdAt: $0.createdAt, kind: $0.kind, description: log.describe($0, organizations: organizations), ipAddress: SecurityLog.origin(of: $0).ipAddress,
                                 device: SecurityLog.origin(of: $0).userAgent) },
            nextBefore: events.count > limit ? page.last?.id : nil)
    }
}

import Fluent
import Foundation
import KontorDomain
import KontorQR
import Vapor

/// "Security" in the profile: two-factor authentication with an authenticator app, backup codes, and the
/// user's own security log.
struct SecurityController {
    struct OverviewPage: Encodable {
        let layout: LayoutModel
        let isEnabled: Bool
        let remainingBackupCodes: Int
        let canDisable: Bool
        let enablePath: String
        let backupCodesAction: String
        let disableAction: String
        let eventsPath: String
        let maskedPhone: String?
        let phonePath: String
        let recoveryEmail: String?
        /// An address asked for but not confirmed yet, with the day its link stops working.
        let pendingRecoveryEmail: String?
        let pendingRecoveryUntil: Date?
        let recoveryAction: String
        let form: FormState
    }
    struct EnrolmentPage: Encodable {
        let layout: LayoutModel
        let qrSVG: String
        let secret: String
        let uri: String
        let action: String
        let form: FormState
        /// A customer confirms with the current password; staff set it up right after typing theirs.
        let asksPassword = true
    }
    struct BackupCodesPage: Encodable {
        let layout: LayoutModel
        let codes: [String]
        let downloadHref: String
        let securityPath: String
    }
    struct PasswordForm: Content {
        var password: String?
        var code: String?
    }

    func register(_ customers: any RoutesBuilder) {
        customers.get(.security, use: overview)
        customers.get(.securityAuthenticator, use: enrolment)
        customers.post(.securityAuthenticator, use: confirm)
        customers.post(.securityBackupCodes, use: regenerate)
        customers.post(.securityDisableTwoFactor, use: disable)
        customers.get(.securityEvents, use: SecurityLogController().events)
    }

    func overview(_ request: Request) async throws -> View {
        try await renderOverview(request, form: FormState())
    }

    func renderOverview(_ request: Request, form: FormState) async throws -> View {
        let identity = try request.customer()
        let service = TwoFactorService(request: request)
        let status = try await service.status(for: identity.userID)
        // The newest live link wins (a newer request kills older ones), so that is the address waiting.
        let pending = try await EmailToken.query(on: request.db).filter(\.$user.$id == identity.userID)
            .filter(\.$purpose == EmailToken.Purpose.confirmRecoveryEmail.rawValue).filter(\.$usedAt == nil)
            .filter(\.$expiresAt > request.now).sort(\.$createdAt, .descending).first()
        return try await request.view.render("Security/Overview", OverviewPage(
            layout: await request.layout(title: request.t("security.title")),
            isEnabled: status.isEnabled, remainingBackupCodes: status.remainingBackupCodes,
            canDisable: service.mayDisable(identity),
            enablePath: SiteRoute.securityAuthenticator.path, backupCodesAction: SiteRoute.securityBackupCodes.path,
            disableAction: SiteRoute.securityDisableTwoFactor.path, eventsPath: SiteRoute.securityEvents.path,
            maskedPhone: try await PhoneFactorService(request: request).verifiedPhone(of: identity.userID)?.masked,
            phonePath: SiteRoute.securityPhone.path,
            recoveryEmail: identity.user.recoveryEmail, pendingRecoveryEmail: pending?.pendingEmail, pendingRecoveryUntil: pending?.expiresAt,
            recoveryAction: SiteRoute.securityRecoveryEmail.path, form: form))
    }

    func enrolment(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        if try await TwoFactorService(request: request).isEnabled(for: identity.userID) { return request.redirect(to: .security) }
        return try await renderEnrolment(request, form: FormState()).encodeResponse(for: request)
    }

    private func renderEnrolment(_ request: Request, form: FormState) async throws -> View {
        let identity = try request.customer()
        let secret = try TwoFactorService(request: request).offeredSecret(to: identity)
        let uri = OTPAuthURI(issuer: request.kontor.config.providerName, account: identity.user.email, secret: secret).string
        let svg = try QRCode(encoding: uri).svg(moduleSize: 5, title: request.t("security.enrol.qr_title"))
        return try await request.view.render("Security/Enrolment", EnrolmentPage(
            layout: await request.layout(title: request.t("security.enrol.title")), qrSVG: svg,
            secret: TOTPSecret.base32(secret), uri: uri, action: SiteRoute.securityAuthenticator.path, form: form))
    }

    func confirm(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let service = TwoFactorService(request: request)
        if try await service.isEnabled(for: identity.userID) { return request.redirect(to: .security) }
        let form = try request.content.decode(PasswordForm.self)
        let (factor, _) = try await service.enrolment(by: identity)
        do {
            let codes = try await service.confirm(factor, code: form.code, password: form.password, by: identity)
            return try await renderCodes(request, codes).encodeResponse(for: request)
        } catch let failure as ValidationFailure {
            return try await renderEnrolment(request, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch AppError.conflict(TwoFactorService.codesReplacedKey, _) {
            // Sent twice: the other copy switched it on and showed its codes.
            return request.redirect(to: .security, notice: "backup_codes_replaced_meanwhile")
        }
    }

    func regenerate(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let form = try request.content.decode(PasswordForm.self)
        do {
            let codes = try await TwoFactorService(request: request).regenerateBackupCodes(by: identity, password: form.password)
            return try await renderCodes(request, codes).encodeResponse(for: request)
        } catch let failure as ValidationFailure {
            return try await renderOverview(request, form: FormState(failure: failure, values: ["form": "codes"], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch AppError.conflict(TwoFactorService.notEnabledKey, _) {
            return request.redirect(to: .security)
        } catch AppError.conflict(TwoFactorService.codesReplacedKey, _) {
            return request.redirect(to: .security, notice: "backup_codes_replaced_meanwhile")
        }
    }

    func disable(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let form = try request.content.decode(PasswordForm.self)
        do {
            try await TwoFactorService(request: request).disable(by: identity, password: form.password)
            return request.redirect(to: .security, notice: "two_factor_disabled")
        } catch let failure as ValidationFailure {
            return try await renderOverview(request, form: FormState(failure: failure, values: ["form": "disable"], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func renderCodes(_ request: Request, _ codes: [String]) async throws -> View {
        let sheet = request.t("security.codes.sheet_heading", ["provider": request.kontor.config.providerName]) + "\n\n" + codes.joined(separator: "\n") + "\n"
        let href = "data:text/plain;charset=utf-8," + (sheet.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try await request.view.render("Security/BackupCodes", BackupCodesPage(
            layout: await request.layout(title: request.t("security.codes.title")), codes: codes, downloadHref: href,
            securityPath: SiteRoute.security.path))
    }
}

import Fluent
import Foundation
import KontorDomain
import KontorQR
import SQLKit
import Vapor

/// Two-factor authentication is required for every staff account (security.md): after the password, a member
/// of staff sets up an authenticator app (first sign-in) or types its code. Until then the staff session opens
/// nothing but these two pages.
struct StaffTwoFactorController {
    static let sealingPurpose = "kontor staff second factor v1"

    struct SetupPage: Encodable {
        let layout: LayoutModel
        let qrSVG: String
        let secret: String
        let uri: String
        let action: String
        let explainKey: String?
        let form: FormState
    }
    struct ChallengePage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let action: String
    }
    struct CodeForm: Content { var code: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.get(.staffTwoFactorSetup, use: setup)
        routes.post(.staffTwoFactorSetup, use: confirmSetup)
        routes.get(.staffSignInSecondFactor, use: challenge)
        routes.post(.staffSignInSecondFactor, use: submitChallenge)
    }

    private func sealing(_ request: Request) -> SecretSealing {
        SecretSealing(secretKey: request.kontor.config.secretKey, purpose: Self.sealingPurpose)
    }

    func setup(_ request: Request) async throws -> Response {
        guard let pending = request.pendingStaffSecondFactor else { return request.redirect(to: .staffSignIn) }
        if pending.staff.totpConfirmedAt != nil { return request.redirect(to: .staffSignInSecondFactor) }
        return try await renderSetup(request, pending.staff, form: FormState()).encodeResponse(for: request)
    }

    func confirmSetup(_ request: Request) async throws -> Response {
        guard let pending = request.pendingStaffSecondFactor else { return request.redirect(to: .staffSignIn) }
        let staff = pending.staff
        guard staff.totpConfirmedAt == nil, let sealed = staff.totpSecretSealed else { return request.redirect(to: .staffSignInSecondFactor) }
        try await throttle(request, staff)
        let code = try request.content.decode(CodeForm.self).code ?? ""
        guard let step = TOTPVerifier().verify(code: code, secret: try sealing(request).open(sealed), at: request.now, lastAcceptedStep: nil) else {
            try await request.record(.staffSecondFactorFailed, staff: staff.id, detail: "setup")
            let failure = ValidationFailure([FieldError(field: "code", messageKey: "error.two_factor.code_wrong")])
            return try await renderSetup(request, staff, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        staff.totpConfirmedAt = request.now
        staff.totpLastStep = Int64(step)
        try await staff.save(on: request.db)
        try await request.rateLimiter.reset(Self.throttleKey(staff))
        try await request.record(.staffTwoFactorEnabled, staff: staff.id)
        return try await StaffController.startSession(for: staff, request, secondFactor: .passed)
    }

    func challenge(_ request: Request) async throws -> Response {
        guard let pending = request.pendingStaffSecondFactor else { return request.redirect(to: .staffSignIn) }
        if pending.staff.totpConfirmedAt == nil { return request.redirect(to: .staffTwoFactorSetup) }
        return try await renderChallenge(request, form: FormState()).encodeResponse(for: request)
    }

    func submitChallenge(_ request: Request) async throws -> Response {
        guard let pending = request.pendingStaffSecondFactor else { return request.redirect(to: .staffSignIn) }
        let staff = pending.staff
        guard staff.totpConfirmedAt != nil, let sealed = staff.totpSecretSealed, let id = staff.id,
              let sql = request.db as? any SQLDatabase else { return request.redirect(to: .staffTwoFactorSetup) }
        try await throttle(request, staff)
        // At most 100 wrong codes in a row, as for customers (`SecondFactorLockout`); an administrator's reset of the
        // member's app ends the run (`StaffService.resetTwoFactor`).
        guard try await SecondFactorLockout.turn(Self.runKey(id), request) != .locked else {
            let limit = ThrottlePolicy.secondFactorConsecutiveFailures.limit
            try await request.record(.staffSecondFactorFailed, staff: id, detail: "sign-in, code not checked: \(limit) wrong codes in a row")
            return try await renderChallenge(request, form: FormState(message: request.t("error.staff.two_factor_locked"), values: [:]))
                .encodeResponse(status: .forbidden, for: request)
        }
        let code = try request.content.decode(CodeForm.self).code ?? ""
        var accepted = false
        if let step = TOTPVerifier().verify(code: code, secret: try sealing(request).open(sealed), at: request.now, lastAcceptedStep: nil) {
            accepted = try await TOTPStepClaim.claim(step, for: id, in: .staffMember, on: sql)
        }
        guard accepted else {
            try await request.record(.staffSecondFactorFailed, staff: staff.id, detail: "sign-in")
            let failure = ValidationFailure([FieldError(field: "code", messageKey: "error.two_factor.code_wrong")])
            return try await renderChallenge(request, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unauthorized, for: request)
        }
        try await request.rateLimiter.reset(Self.throttleKey(staff))
        try await request.rateLimiter.reset(Self.runKey(id))
        return try await StaffController.startSession(for: staff, request, secondFactor: .passed)
    }

    /// The member's wrong sign-in codes in a row (`ThrottlePolicy.secondFactorConsecutiveFailures`).
    static func runKey(_ id: UUID) -> String { "staff-second-factor-run:" + id.uuidString }

    private static func throttleKey(_ staff: StaffMember) -> String { "staff-second-factor:" + (staff.id?.uuidString ?? "") }

    private func throttle(_ request: Request, _ staff: StaffMember) async throws {
        if case .limited(let retry) = try await request.rateLimiter.hit(Self.throttleKey(staff), limit: ThrottlePolicy.secondFactorPerAccount) {
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
    }

    private func renderSetup(_ request: Request, _ staff: StaffMember, form: FormState) async throws -> View {
        let secret: [UInt8]
        if let sealed = staff.totpSecretSealed {
            secret = try sealing(request).open(sealed)
        } else {
            var random = SystemRandomNumberGenerator()
            secret = TOTPSecret.generate(using: &random)
            staff.totpSecretSealed = try sealing(request).seal(secret)
            try await staff.save(on: request.db)
        }
        let uri = OTPAuthURI(issuer: request.kontor.config.providerName + " staff", account: staff.email, secret: secret).string
        return try await request.view.render("Security/Enrolment", SetupPage(
            layout: await request.layout(title: request.t("security.enrol.title")),
            qrSVG: try QRCode(encoding: uri).svg(moduleSize: 5, title: request.t("security.enrol.qr_title")),
            secret: TOTPSecret.base32(secret), uri: uri, action: SiteRoute.staffTwoFactorSetup.path,
            explainKey: "staff.two_factor.required", form: form))
    }

    private func renderChallenge(_ request: Request, form: FormState) async throws -> View {
        try await request.view.render("Staff/SecondFactor", ChallengePage(
            layout: await request.layout(title: request.t("two_factor.challenge.title")), form: form,
            action: SiteRoute.staffSignInSecondFactor.path))
    }
}

import Fluent
import KontorDomain
import Vapor

/// "Security" → phone: adding a phone number for SMS codes (proved by a first code), and removing it.
struct PhoneFactorController {
    struct PhonePage: Encodable {
        let layout: LayoutModel
        let form: FormState
        /// Nil: no number yet. Otherwise the masked number and whether it still waits for its code.
        let maskedPhone: String?
        let hasPhone: Bool
        let isConfirmed: Bool
        let hasAuthenticatorApp: Bool
        let startAction: String
        let confirmAction: String
        let removeAction: String
        let securityPath: String
    }
    struct PhoneForm: Content {
        var phone: String?
        var password: String?
        var code: String?
    }

    func register(_ customers: any RoutesBuilder) {
        customers.get(.securityPhone, use: show)
        customers.post(.securityPhone, use: start)
        customers.post(.securityPhoneConfirm, use: confirm)
        customers.post(.securityPhoneRemove, use: remove)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, form: FormState())
    }

    func start(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let form = try request.content.decode(PhoneForm.self)
        do {
            switch try await PhoneFactorService(request: request).startVerification(of: form.phone, password: form.password, by: identity) {
            case .codeSent: return request.redirect(to: .securityPhone, notice: "phone_code_sent")
            case .codeJustSent: return request.redirect(to: .securityPhone, notice: "phone_code_just_sent")
            }
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: ["phone": form.phone ?? ""], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch let error as AppError {
            return try await render(request, form: FormState(message: request.t(error.messageKey, error.messageArguments), values: ["phone": form.phone ?? ""]))
                .encodeResponse(status: error.status, for: request)
        }
    }

    func confirm(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let form = try request.content.decode(PhoneForm.self)
        do {
            try await PhoneFactorService(request: request).confirmVerification(code: form.code, by: identity)
            return request.redirect(to: .security, notice: "phone_added")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    func remove(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let form = try request.content.decode(PhoneForm.self)
        do {
            try await PhoneFactorService(request: request).remove(by: identity, password: form.password)
            return request.redirect(to: .security, notice: "phone_removed")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: [:], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func render(_ request: Request, form: FormState) async throws -> View {
        let identity = try request.customer()
        let phone = try await PhoneFactorService(request: request).phone(of: identity.userID)
        return try await request.view.render("Security/Phone", PhonePage(
            layout: await request.layout(title: request.t("security.phone.title")), form: form,
            maskedPhone: phone?.number.masked, hasPhone: phone != nil, isConfirmed: phone?.factor.isConfirmed ?? false,
            hasAuthenticatorApp: try await TwoFactorService(request: request).hasAuthenticatorApp(identity.userID),
            startAction: SiteRoute.securityPhone.path, confirmAction: SiteRoute.securityPhoneConfirm.path,
            removeAction: SiteRoute.securityPhoneRemove.path, securityPath: SiteRoute.security.path))
    }
}

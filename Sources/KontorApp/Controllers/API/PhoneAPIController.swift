import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/me/two-factor/phone`: the phone number for SMS codes, as on the security page. Adding or removing a
/// sign-in method needs the current password and a session: a personal API token, which never gave a second
/// factor, cannot change the methods that protect the account (`PhoneFactorService` refuses it, 403).
struct PhoneAPIController {
    func register(_ customer: any RoutesBuilder) {
        customer.get(.api(.mePhone), use: show)
        customer.on(.PUT, .api(.mePhone), use: change)
        customer.post(.api(.mePhoneConfirmation), use: confirm)
        customer.post(.api(.mePhoneRemoval), use: remove)
    }

    func show(_ request: Request) async throws -> APIModels.Phone {
        let phone = try await PhoneFactorService(request: request).phone(of: try request.customer().userID)
        return .init(phone: phone?.number.masked, confirmed: phone?.factor.isConfirmed ?? false)
    }

    /// Texts a code to the new number; it counts once confirmed.
    func change(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let body = try request.content.decode(APIModels.PhoneChange.self)
        // The same number sent again a moment later (a retry) is answered alike: its code is on the way.
        let number = try await PhoneFactorService(request: request).startVerification(of: body.phone, password: body.password, by: identity).number
        return try await APIModels.Phone(phone: number.masked, confirmed: false).encodeResponse(status: .accepted, for: request)
    }

    func confirm(_ request: Request) async throws -> APIModels.Phone {
        let identity = try request.customer()
        let body = try request.content.decode(APIModels.CodeConfirmation.self)
        try await PhoneFactorService(request: request).confirmVerification(code: body.code, by: identity)
        return try await show(request)
    }

    func remove(_ request: Request) async throws -> HTTPStatus {
        let identity = try request.customer()
        let body = try request.content.decode(APIModels.PasswordConfirmation.self)
        try await PhoneFactorService(request: request).remove(by: identity, password: body.password)
        return .noContent
    }
}

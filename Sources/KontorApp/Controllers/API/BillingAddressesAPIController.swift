import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/api/v1/organizations/{orgID}/billing-addresses`: the organization's billing addresses, as on their page.
/// Every member reads; legal representatives and administrators add, choose the default and remove.
struct BillingAddressesAPIController {
    func register(organization scoped: any RoutesBuilder) {
        scoped.get(.api(.organizationBillingAddresses(SiteRoute.anyID)), use: list)
        scoped.post(.api(.organizationBillingAddresses(SiteRoute.anyID)), use: add)
        scoped.on(.PATCH, .api(.organizationBillingAddress(SiteRoute.anyID, address: SiteRoute.anyID)), use: change)
        scoped.on(.DELETE, .api(.organizationBillingAddress(SiteRoute.anyID, address: SiteRoute.anyID)), use: remove)
    }

    func list(_ request: Request) async throws -> APIModels.List<APIModels.BillingAddress> {
        .init(items: try await BillingAddressService(db: request.db).addresses(of: try request.membership().$organization.id).map(APIModels.billingAddress))
    }

    func add(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let body = try request.content.decode(APIModels.BillingAddressRequest.self)
        let new = BillingAddressService.NewAddress(name: body.name, street: body.street, buildingNumber: body.buildingNumber, postcode: body.postcode,
                                                   town: body.town, country: body.country, invoiceEmail: body.invoiceEmail, vatNumber: body.vatNumber,
                                                   makeDefault: body.isDefault ?? false, addedBy: membership.$user.id)
        let service = BillingAddressService(db: request.db)
        do {
            guard let header = request.headers.first(name: "Idempotency-Key") else {
                let address = try await service.add(new, to: membership.$organization.id, now: request.now)
                return try await APIModels.billingAddress(address).encodeResponse(status: .created, for: request)
            }
            // With a key, a retry gets the address the first call added (`Idempotent-Replayed: true`), not a second one.
            let key = try IdempotencyKey.validated(header, field: "Idempotency-Key", messageKey: "staff.tokens.idempotency_key_invalid")
            let (id, isReplay) = try await service.add(new, to: membership.$organization.id, now: request.now,
                                                       scope: "user:\(try request.customer().userID)", key: key)
            let response = try await APIModels.billingAddress(try await service.address(id, in: membership.$organization.id))
                .encodeResponse(status: .created, for: request)
            if isReplay { response.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
            return response
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(["building_number": "buildingNumber", "invoice_email": "invoiceEmail", "vat_number": "vatNumber"])
        } catch is FormSubmissions.OtherValues {
            throw ValidationFailure([FieldError(field: "Idempotency-Key", messageKey: "error.api.idempotency_key_reused")])
        }
    }

    /// `{"isDefault": true}` makes it the default.
    func change(_ request: Request) async throws -> APIModels.BillingAddress {
        let membership = try request.managingMembership()
        let body = try request.content.decode(APIModels.BillingAddressChange.self)
        let service = BillingAddressService(db: request.db)
        let address = try await service.address(try request.id("addressID"), in: membership.$organization.id)
        if body.isDefault == true { try await service.makeDefault(address) }
        return APIModels.billingAddress(address)
    }

    func remove(_ request: Request) async throws -> HTTPStatus {
        let membership = try request.managingMembership()
        let service = BillingAddressService(db: request.db)
        try await service.remove(try await service.address(try request.id("addressID"), in: membership.$organization.id))
        return .noContent
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

/// The organization's billing addresses: the list (the default first), adding one, choosing the default, removing
/// one no product uses. Every member sees them; legal representatives and administrators change them.
struct BillingAddressesController {
    struct AddressView: Encodable {
        let id: String
        let lines: [String]
        let country: String
        let invoiceEmail: String?
        let vatNumber: String?
        let isDefault: Bool
        let defaultAction: String
        let removeAction: String
    }
    struct CountryChoice: Encodable {
        let code: String
        let name: String
        let selected: Bool
    }
    struct Page: Encodable {
        let layout: LayoutModel
        let addresses: [AddressView]
        let hasAddresses: Bool
        let canManage: Bool
        let action: String
        /// Rendered into the add form so that sending it twice adds one address (`FormSubmissions`).
        let addKey: String
        let form: FormState
        let countries: [CountryChoice]
        let refusal: String?
    }
    struct AddForm: Content {
        var name: String?
        var street: String?
        var building_number: String?
        var postcode: String?
        var town: String?
        var country: String?
        var invoice_email: String?
        var vat_number: String?
        var make_default: String?
        var idempotency_key: String?
    }

    func register(_ scoped: any RoutesBuilder) {
        scoped.get(.billingAddresses(SiteRoute.anyID), use: list)
        scoped.post(.billingAddresses(SiteRoute.anyID), use: add)
        scoped.post(.billingAddressDefault(SiteRoute.anyID, address: SiteRoute.anyID), use: makeDefault)
        scoped.post(.billingAddressRemove(SiteRoute.anyID, address: SiteRoute.anyID), use: remove)
    }

    func list(_ request: Request) async throws -> View {
        try await render(request, form: FormState(), refusal: nil)
    }

    func add(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let form = try request.content.decode(AddForm.self)
        let new = BillingAddressService.NewAddress(name: form.name, street: form.street, buildingNumber: form.building_number, postcode: form.postcode,
                                                   town: form.town, country: form.country, invoiceEmail: form.invoice_email, vatNumber: form.vat_number,
                                                   makeDefault: FormSwitch.isTicked(form.make_default), addedBy: membership.$user.id)
        // A form without its key (a page from before, a hand-made request) adds nothing; it comes back as typed, with one.
        guard let key = try? IdempotencyKey.validated(form.idempotency_key, field: "idempotency_key", messageKey: "error.form_expired") else {
            return try await render(request, form: FormState(values: new.formValues), refusal: request.t("error.form_expired"))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        do {
            // A double click, or the browser resending, finds the first one's key and adds nothing more.
            _ = try await BillingAddressService(db: request.db).add(new, to: membership.$organization.id, now: request.now,
                                                                    scope: "user:\(try request.customer().userID)", key: key)
            return request.redirect(to: .billingAddresses(membership.$organization.id), notice: "billing_address_added")
        } catch let failure as ValidationFailure {
            return try await render(request, form: FormState(failure: failure, values: new.formValues.merging(["idempotency_key": key]) { $1 }, request: request),
                                    refusal: nil)
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch is FormSubmissions.OtherValues {
            // The same form sent again after changing a field: the first address stands; a fresh key adds another on purpose.
            return try await render(request, form: FormState(values: new.formValues), refusal: request.t("error.form_used"))
                .encodeResponse(status: .conflict, for: request)
        }
    }

    func makeDefault(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let service = BillingAddressService(db: request.db)
        try await service.makeDefault(try await service.address(try request.id("addressID"), in: membership.$organization.id))
        return request.redirect(to: .billingAddresses(membership.$organization.id), notice: "billing_address_default")
    }

    /// An address still named by a product, or the default while others exist, is kept and the page says why.
    func remove(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let service = BillingAddressService(db: request.db)
        let address = try await service.address(try request.id("addressID"), in: membership.$organization.id)
        do {
            try await service.remove(address)
            return request.redirect(to: .billingAddresses(membership.$organization.id), notice: "billing_address_removed")
        } catch let error as AppError {
            guard case .conflict = error else { throw error }
            return try await render(request, form: FormState(), refusal: request.t(error.messageKey, error.messageArguments)).encodeResponse(status: error.status, for: request)
        }
    }

    private func render(_ request: Request, form: FormState, refusal: String?) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let addresses = try await BillingAddressService(db: request.db).addresses(of: organizationID)
        let chosen = form.values["country"].flatMap { $0.isEmpty ? nil : $0.uppercased() } ?? request.kontor.config.providerCountry
        return try await request.view.render("Billing/Addresses", Page(
            layout: await request.layout(title: request.t("billing.addresses.title")),
            addresses: try addresses.map { address in
                let id = try address.requireID()
                // The country is named in words below the address, so the envelope's country-code line is left out here.
                return AddressView(id: id.uuidString, lines: address.address.lines(homeCountry: address.country), country: Self.countryName(address.country, request),
                                   invoiceEmail: address.invoiceEmail,
                                   vatNumber: address.vatNumber.map { VATNumber(stored: $0).printed }, isDefault: address.isDefault,
                                   defaultAction: SiteRoute.billingAddressDefault(organizationID, address: id).path,
                                   removeAction: SiteRoute.billingAddressRemove(organizationID, address: id).path)
            },
            hasAddresses: !addresses.isEmpty, canManage: membership.role.canManageOrganization,
            action: SiteRoute.billingAddresses(organizationID).path,
            addKey: form.values["idempotency_key"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString, form: form,
            countries: Self.countries(request).map { .init(code: $0.code, name: $0.name, selected: $0.code == chosen) }, refusal: refusal))
    }

    /// Every country by its name in the reader's language, sorted as that language sorts.
    static func countries(_ request: Request) -> [(code: String, name: String)] {
        let locale = Locale(identifier: request.language.rawValue)
        return PostalAddress.countryCodes.map { (code: $0, name: countryName($0, request)) }
            .sorted { $0.name.compare($1.name, locale: locale) == .orderedAscending }
    }

    static func countryName(_ code: String, _ request: Request) -> String {
        Locale(identifier: request.language.rawValue).localizedString(forRegionCode: code) ?? code
    }
}

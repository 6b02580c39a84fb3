import Fluent
import Foundation
import KontorDomain
import Vapor

/// The organization's products (seed guide "Renewal Warranty"): the list with each renewal date, Renewal Warranty one
/// by one or for several products at once; a web hosting's page lists its sites (`SitesController`).
/// Every member sees them; legal representatives and administrators change them.
struct ProductsController {
    struct ListPage: Encodable {
        let layout: LayoutModel
        let products: [ProductView]
        let hasProducts: Bool
        let canManage: Bool
        let bulkAction: String
        let report: String?
        /// Why the bulk change did nothing (nothing ticked), shown above the table.
        var bulkError: String? = nil
        /// "Order a product", for legal representatives and administrators only.
        var orderPath: String? = nil
        /// The renewals page, where products are managed at once.
        var renewalsPath: String = ""
    }
    struct ProductPage: Encodable {
        struct AddressChoice: Encodable {
            let id: String
            let label: String
            let selected: Bool
        }
        let layout: LayoutModel
        let product: ProductView
        let canManage: Bool
        let listPath: String
        let renewalWarrantyAction: String
        /// A web hosting's sites, databases and users, and who may manage it (`ProductsController+Hosting`).
        var hosting: HostingSection? = nil
        /// Where renewals are invoiced now; nil while the organization has no billing address.
        let billedTo: [String]?
        let billingAddresses: [AddressChoice]
        let usesDefaultAddress: Bool
        let billingAddressAction: String
        let billingAddressesPath: String
        /// On the Premium Support product: the VIP code and the priority contacts it gives (seed guide "code support y
        /// code VIP").
        var premium: PremiumFacts? = nil
        /// A kSuite's plan and seats, a mail service's mailboxes, moving to another organization (`+Suite`).
        var suite: SuiteSection? = nil
        var mail: MailSection? = nil
        var move: MoveSection? = nil
    }
    struct PremiumFacts: Encodable {
        struct Contact: Encodable {
            let label: String
            let value: String
            let href: String
        }
        let vipCode: String?
        let contacts: [Contact]
    }
    struct BillingAddressForm: Content { var billing_address: String? }
    struct SwitchForm: Content { var enabled: String? }
    struct BulkForm: Content {
        var products: [UUID]?
        var enabled: String?
    }

    func register(_ scoped: any RoutesBuilder) {
        scoped.get(.organizationProducts(SiteRoute.anyID), use: list)
        scoped.get(.organizationProduct(SiteRoute.anyID, product: SiteRoute.anyID), use: { try await show($0) })
        scoped.post(.productRenewalWarranty(SiteRoute.anyID, product: SiteRoute.anyID), use: renewalWarranty)
        scoped.post(.productAccess(SiteRoute.anyID, product: SiteRoute.anyID), use: grantAccess)
        scoped.post(.productAccessRevoke(SiteRoute.anyID, product: SiteRoute.anyID, member: SiteRoute.anyID), use: revokeAccess)
        scoped.post(.organizationRenewalWarranty(SiteRoute.anyID), use: bulkRenewalWarranty)
        scoped.post(.productBillingAddress(SiteRoute.anyID, product: SiteRoute.anyID), use: billingAddress)
    }

    func list(_ request: Request) async throws -> View {
        try await renderList(request, report: nil)
    }

    /// The product page; `mailboxRefusal` puts a refused new mailbox back in its form, with the reason under the field.
    func show(_ request: Request, mailboxRefusal: (address: String, error: String)? = nil) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let product = try await ProductService(db: request.db).product(try request.id("productID"), in: organizationID)
        let productID = try product.requireID()
        let billing = BillingAddressService(db: request.db)
        let addresses = try await billing.addresses(of: organizationID)
        let billedTo = try await billing.invoiceAddress(of: product)
        var hosting: HostingSection?
        if product.kind == .webHosting { hosting = try await hostingSection(request, product) }
        let suite = product.kind == .kSuite ? try await suiteSection(request, product) : nil
        var mail = product.kind == .mailService ? try await mailSection(request, product) : nil
        if let mailboxRefusal {
            mail?.typedAddress = mailboxRefusal.address
            mail?.addressError = mailboxRefusal.error
        }
        let move = try await moveSection(request, product)
        var premium: PremiumFacts?
        if product.kind == .premiumSupport {
            let support = request.kontor.config.supportContacts
            var contacts: [PremiumFacts.Contact] = []
            if let phone = support.premiumPhone {
                contacts.append(.init(label: request.t("help.window.premium_phone"), value: phone, href: "tel:" + phone.filter { $0 == "+" || $0.isNumber }))
            }
            if let email = support.premiumEmail { contacts.append(.init(label: request.t("help.window.premium_email"), value: email, href: "mailto:" + email)) }
            let organization = try await membership.$organization.get(on: request.db)
            premium = PremiumFacts(vipCode: organization.vipCode.flatMap(VIPCode.init)?.formatted, contacts: contacts)
        }
        return try await request.view.render("Products/Product", ProductPage(
            layout: await request.layout(title: product.name),
            product: ProductView(product, path: SiteRoute.organizationProduct(organizationID, product: productID).path, request),
            canManage: membership.role.canManageOrganization, listPath: SiteRoute.organizationProducts(organizationID).path,
            renewalWarrantyAction: SiteRoute.productRenewalWarranty(organizationID, product: productID).path,
            hosting: hosting,
            billedTo: billedTo.map(request.lines(of:)),
            billingAddresses: addresses.map { address in
                .init(id: address.id!.uuidString, label: request.lines(of: address).joined(separator: ", "),
                      selected: address.id == product.$billingAddress.id)
            },
            usesDefaultAddress: product.$billingAddress.id == nil,
            billingAddressAction: SiteRoute.productBillingAddress(organizationID, product: productID).path,
            billingAddressesPath: SiteRoute.billingAddresses(organizationID).path, premium: premium,
            suite: suite, mail: mail, move: move))
    }

    /// "Al renovar un producto, seleccione la dirección de facturación deseada": the address this product's
    /// renewals are invoiced to, or the organization's default.
    func billingAddress(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let organizationID = membership.$organization.id
        let raw = try request.content.decode(BillingAddressForm.self).billing_address ?? ""
        guard raw.isEmpty || UUID(uuidString: raw) != nil else {
            throw ValidationFailure([FieldError(field: "billing_address", messageKey: "error.billing.address_unknown")])
        }
        let product = try await ProductService(db: request.db).product(try request.id("productID"), in: organizationID)
        try await BillingAddressService(db: request.db).assign(UUID(uuidString: raw), to: product)
        return request.redirect(to: .organizationProduct(organizationID, product: try product.requireID()), notice: "billing_address_chosen")
    }

    func renewalWarranty(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let organizationID = membership.$organization.id
        let enabled = try FormSwitch.onOff(try request.content.decode(SwitchForm.self).enabled, field: "enabled")
        let service = ProductService(db: request.db)
        let product = try await service.product(try request.id("productID"), in: organizationID)
        try await service.setRenewalWarranty(product, enabled: enabled)
        return request.redirect(to: .organizationProduct(organizationID, product: try product.requireID()),
                                notice: enabled ? "renewal_warranty_on" : "renewal_warranty_off")
    }

    /// "Todos los productos a la vez": the ticked products, switched in one step; the list says what was left out.
    func bulkRenewalWarranty(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let form = try request.content.decode(BulkForm.self)
        let enabled = try FormSwitch.onOff(form.enabled, field: "enabled")
        let change: RenewalWarrantyChange<UUID>
        do {
            change = try await ProductService(db: request.db).setRenewalWarranty(form.products ?? [], enabled: enabled, in: membership.$organization.id)
        } catch let failure as ValidationFailure {
            // On the page where it happened, in a sentence: nothing ticked.
            return try await renderList(request, report: nil, bulkError: failure.errors.first.map { request.t($0.messageKey, $0.arguments) })
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        var report = request.t(enabled ? "products.bulk.switched_on" : "products.bulk.switched_off", ["count": String(change.toChange.count)])
        if !change.unavailable.isEmpty {
            report += " " + request.t("products.bulk.unavailable", ["count": String(change.unavailable.count)])
        }
        return try await renderList(request, report: report).encodeResponse(for: request)
    }

    private func renderList(_ request: Request, report: String?, bulkError: String? = nil) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let products = try await ProductService(db: request.db).rows(of: organizationID)
        return ProductListMarkup(page: ListPage(
            layout: await request.layout(title: request.t("products.title")),
            products: products.map { ProductView($0, path: SiteRoute.organizationProduct(organizationID, product: $0.id).path, request) },
            hasProducts: !products.isEmpty, canManage: membership.role.canManageOrganization,
            bulkAction: SiteRoute.organizationRenewalWarranty(organizationID).path, report: report, bulkError: bulkError,
            orderPath: membership.role.canManageOrganization ? SiteRoute.newOrder(organizationID).path : nil,
            renewalsPath: SiteRoute.renewals(organizationID).path)).render(request)
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

/// Ordering in the console (issue 13 §1): choose an item of the catalog, then its period, currency, billing address
/// and Renewal Warranty; the order issues its invoice, and the order's page offers to pay it from the balance when
/// that covers it. Legal representatives and administrators order; other members get a 403 and see no button.
struct OrdersController {
    struct OrderForm: Content {
        var item: String?
        var period: String?
        var currency: String?
        var name: String?
        var billing_address: String?
        var renewal_warranty: String?
        var idempotency_key: String?
    }

    func register(_ scoped: any RoutesBuilder) {
        scoped.get(.newOrder(SiteRoute.anyID), use: new)
        scoped.post(.orders(SiteRoute.anyID), use: place)
        scoped.get(.order(SiteRoute.anyID, order: SiteRoute.anyID), use: show)
        scoped.post(.orderPayFromBalance(SiteRoute.anyID, order: SiteRoute.anyID), use: payFromBalance)
        scoped.post(.orderCancel(SiteRoute.anyID, order: SiteRoute.anyID), use: cancel)
    }

    /// Without `?item=`, the catalog to choose from (only one kind of product with `?kind=`, as the organization's
    /// settings link to Premium Support); with it, the order form for that item.
    func new(_ request: Request) async throws -> View {
        let membership = try request.orderingMembership()
        let organizationID = membership.$organization.id
        if let raw = try request.optionalQuery("item") {
            guard let id = UUID(uuidString: raw) else { throw AppError.notFound }
            return try await renderForm(request, itemID: id, form: FormState(), key: UUID().uuidString)
        }
        return try await renderCatalog(request, organizationID: organizationID, kind: request.optionalQuery("kind").flatMap { ProductKind(rawValue: $0) },
                                       refusal: nil)
    }

    /// `kind` narrows the catalog to one kind of product, unless none of it is offered: then the whole catalog shows.
    private func renderCatalog(_ request: Request, organizationID: UUID, kind: ProductKind? = nil, refusal: String?) async throws -> View {
        let offers = try await request.catalogOffers()
        let ofKind = offers.filter { $0.item.kind == kind }
        let shown = ofKind.isEmpty ? offers : ofKind
        return try await request.view.render("Orders/Catalog", OrderPages.CatalogPage(
            layout: await request.layout(title: request.t("order.title")),
            offers: shown.map { OrderPages.row($0, organizationID: organizationID, request) }, hasOffers: !shown.isEmpty,
            productsPath: SiteRoute.organizationProducts(organizationID).path, refusal: refusal,
            wholeCatalogPath: shown.count < offers.count ? SiteRoute.newOrder(organizationID).path : nil))
    }

    func place(_ request: Request) async throws -> Response {
        let membership = try request.orderingMembership()
        let organizationID = membership.$organization.id
        let form = try request.content.decode(OrderForm.self)
        guard let itemID = form.item.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let key = form.idempotency_key ?? ""
        let addressID: UUID?
        if let raw = form.billing_address, !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else {
                return try await refuse(request, itemID: itemID, form: form, ValidationFailure([FieldError(field: "billingAddressID", messageKey: "error.billing.address_unknown")]))
            }
            addressID = id
        } else {
            addressID = nil
        }
        do {
            let placed = try await request.orderService.place(.init(
                organizationID: organizationID, itemID: itemID,
                request: .init(period: form.period, currency: form.currency, renewalWarranty: FormSwitch.isTicked(form.renewal_warranty), name: form.name),
                billingAddressID: addressID, idempotencyKey: key, userID: try request.customer().userID), now: request.now)
            return request.redirect(to: .order(organizationID, order: try placed.order.requireID()), notice: "order_placed")
        } catch let failure as ValidationFailure {
            return try await refuse(request, itemID: itemID, form: form, failure)
        }
    }

    func show(_ request: Request) async throws -> View {
        try await renderOrder(request, refusal: nil)
    }

    /// "Pay now from my balance": the invoice paid in full from the prepaid account, which starts the product.
    func payFromBalance(_ request: Request) async throws -> Response {
        let membership = try request.orderingMembership()
        let organizationID = membership.$organization.id
        let order = try await Self.order(request, in: organizationID)
        guard let invoiceID = order.invoiceID else { throw AppError.notFound }
        do {
            _ = try await InvoiceSettling.payFromBalance(invoiceID: invoiceID, organizationID: organizationID, userID: try request.customer().userID,
                                                         now: request.now, on: request.db)
        } catch let error as AppError {
            switch error {
            case .conflict, .refused: return try await renderOrder(request, refusal: request.t(error.messageKey)).encodeResponse(status: error.status, for: request)
            default: throw error
            }
        }
        return request.redirect(to: .order(organizationID, order: try order.requireID()), notice: "order_paid")
    }

    /// "Cancel this order", before anything is paid: the invoice is credited in full and the product deleted. A second
    /// click finds it cancelled and leads to the same page; an order paid (even partly) meanwhile is refused on the page.
    func cancel(_ request: Request) async throws -> Response {
        let membership = try request.orderingMembership()
        let organizationID = membership.$organization.id
        let orderID = try request.id("orderID")
        do {
            try await request.orderService.cancel(orderID, in: organizationID, now: request.now) { db, order in
                try await request.record(.orderCancelled, user: membership.$user.id, organization: organizationID, detail: order.itemName, on: db)
            }
        } catch let error as AppError {
            switch error {
            case .conflict: return try await renderOrder(request, refusal: request.t(error.messageKey)).encodeResponse(status: error.status, for: request)
            default: throw error
            }
        }
        return request.redirect(to: .order(organizationID, order: orderID), notice: "order_cancelled")
    }

    static func order(_ request: Request, in organizationID: UUID) async throws -> ProductOrder {
        guard let order = try await ProductOrder.query(on: request.db).filter(\.$id == request.id("orderID"))
            .filter(\.$organization.$id == organizationID).first() else { throw AppError.notFound }
        return order
    }

    private func refuse(_ request: Request, itemID: UUID, form: OrderForm, _ failure: ValidationFailure) async throws -> Response {
        let renamed = failure.renamingFields(["billingAddressID": "billing_address", "renewalWarranty": "renewal_warranty", "idempotencyKey": "item"])
        let values = ["period": form.period ?? "", "currency": form.currency ?? "", "name": form.name ?? "", "billing_address": form.billing_address ?? "",
                      "renewal_warranty": FormSwitch.isTicked(form.renewal_warranty) ? "on" : ""]
        let key = form.idempotency_key.flatMap { (try? OrderService.validKey($0)) } ?? UUID().uuidString
        let state = FormState(failure: renamed, values: values, request: request)
        do {
            return try await renderForm(request, itemID: itemID, form: state, key: key).encodeResponse(status: .unprocessableEntity, for: request)
        } catch AppError.notFound {
            // The item was withdrawn or lost its price since the form was shown: say so on the catalog, not with a 404.
            let reason = failure.errors.first.map { request.t($0.messageKey, $0.arguments) } ?? request.t("error.order.item")
            return try await renderCatalog(request, organizationID: try request.membership().$organization.id, refusal: reason)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    private func renderForm(_ request: Request, itemID: UUID, form: FormState, key: String) async throws -> View {
        let organizationID = try request.membership().$organization.id
        let offers = try await request.catalogOffers()
        guard let offer = offers.first(where: { $0.item.id == itemID }), let kind = offer.item.kind else { throw AppError.notFound }
        let addresses = try await BillingAddressService(db: request.db).addresses(of: organizationID)
        let chosenPeriod = form.values["period"].flatMap { $0.isEmpty ? nil : $0 } ?? offer.prices.first.map { String($0.period.months) }
        let currencies = Set(offer.prices.map(\.amount.currency.code)).sorted()
        let chosenCurrency = form.values["currency"].flatMap { $0.isEmpty ? nil : $0 } ?? currencies.first
        let chosenAddress = form.values["billing_address"].flatMap { $0.isEmpty ? nil : $0 } ?? addresses.first { $0.isDefault }?.id?.uuidString
        return try await request.view.render("Orders/Form", OrderPages.FormPage(
            layout: await request.layout(title: request.t("order.title")),
            item: OrderPages.row(offer, organizationID: organizationID, request),
            action: SiteRoute.orders(organizationID).path, catalogPath: SiteRoute.newOrder(organizationID).path,
            periods: offer.item.periods.filter { period in offer.prices.contains { $0.period == period } }.map {
                .init(value: String($0.months), label: OrderPages.periodLabel($0.months, request), selected: String($0.months) == chosenPeriod)
            },
            currencies: currencies.map { .init(value: $0, label: $0, selected: $0 == chosenCurrency) },
            addresses: addresses.map { .init(value: $0.id!.uuidString, label: request.lines(of: $0).joined(separator: ", "), selected: $0.id?.uuidString == chosenAddress) },
            hasAddresses: !addresses.isEmpty, billingAddressesPath: SiteRoute.billingAddresses(organizationID).path,
            nameRequired: kind == .domain || kind == .sslCertificate,
            nameHint: kind == .domain ? request.t("order.name_hint.domain", ["extension": offer.item.domainExtension ?? ""])
                : kind == .sslCertificate ? request.t("order.name_hint.ssl") : request.t("order.name_hint.other"),
            offersRenewalWarranty: kind.offersRenewalWarrantyAtOrder, idempotencyKey: key, form: form))
    }

    private func renderOrder(_ request: Request, refusal: String?) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let order = try await Self.order(request, in: organizationID)
        let product = try await order.$product.get(on: request.db)
        let language = request.language
        let invoice = if let id = order.invoiceID { try await Invoice.find(id, on: request.db) } else { Invoice?.none }
        var balance: Money?
        var payAction: String?
        let isCancelled = order.status == .cancelled
        let cancelAction: String? = if membership.role.canManageOrganization, let invoice, OrderService.isCancellable(order, invoice: invoice) {
            SiteRoute.orderCancel(organizationID, order: try order.requireID()).path
        } else {
            nil
        }
        if !isCancelled, let invoice, invoice.openMinor > 0 {
            balance = try await PrepaidLedger.balance(of: organizationID, currency: invoice.currency, on: request.db)
            if membership.role.canManageOrganization, balance!.minorUnits >= invoice.openMinor {
                payAction = SiteRoute.orderPayFromBalance(organizationID, order: try order.requireID()).path
            }
        }
        // A product moved to another organization since is that organization's: no link to it, nothing of its state.
        let moved = product.$organization.id != organizationID
        return try await request.view.render("Orders/Order", OrderPages.OrderPage(
            layout: await request.layout(title: request.t("order.page_title", ["name": product.name])),
            itemName: order.itemName, productName: product.name,
            productPath: moved ? nil : SiteRoute.organizationProduct(organizationID, product: try product.requireID()).path, isMoved: moved,
            period: OrderPages.periodLabel(order.periodMonths, request), price: MoneyFormatting.format(order.unitPrice, language),
            renewalWarranty: order.renewalWarranty, isActive: !product.isPending,
            invoiceNumber: invoice?.number, invoicePath: try invoice.map { SiteRoute.invoice(organizationID, invoice: try $0.requireID()).path },
            invoiceTotal: invoice.map { MoneyFormatting.format(Money(minorUnits: $0.totalMinor, currency: $0.currency), language) },
            invoiceOpen: invoice.map { MoneyFormatting.format(Money(minorUnits: $0.openMinor, currency: $0.currency), language) },
            isPaid: invoice?.paidAt != nil && !isCancelled, balance: balance.map { MoneyFormatting.format($0, language) }, payAction: payAction,
            isCancelled: isCancelled, cancelAction: cancelAction, refusal: refusal))
    }
}

extension Request {
    var orderService: OrderService { application.orderService }

    /// What the catalog offers today, with today's prices: the catalog page, the order form and the organization
    /// settings' Premium Support button read the same list.
    func catalogOffers() async throws -> [CatalogOffer] {
        let config = kontor.config.billing
        return try await CatalogOffer.offers(CatalogService(db: db, config: config), today: config.day(of: now))
    }

    /// Legal representatives and administrators order; anyone else is refused with a 403 that says who may.
    func orderingMembership() throws -> Membership {
        let membership = try membership()
        guard membership.role.canManageOrganization else { throw AppError.refused(messageKey: "error.order.not_permitted") }
        return membership
    }
}

extension Application {
    /// Orders issue their invoices through this server's issuer and queue.
    var orderService: OrderService {
        OrderService(db: db, issuer: invoiceIssuer, localizer: kontor.localizer, defaultLanguage: kontor.config.defaultLanguage,
                     phpVersions: kontor.config.phpVersions)
    }
}

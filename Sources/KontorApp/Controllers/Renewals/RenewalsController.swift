import Fluent
import Foundation
import KontorDomain
import Vapor

/// `/organizations/:orgID/renewals`: the renewals page. Every member sees it; legal representatives and
/// administrators tick products (or all of them with the box at the top of the column) and manage them at once.
struct RenewalsController {
    struct ActionForm: Content {
        var products: [UUID]?
        var action: String?
        var billing_address: String?
        var request_key: String?
        /// Each product's expiry as the page showed it: "renew now" renews from that expiry only, so a second tab
        /// that showed the same one renews nothing more.
        var seen: [String: String]?
    }
    struct SettingsForm: Content { var reminder_days: String? }

    func register(_ scoped: any RoutesBuilder) {
        scoped.get(.renewals(SiteRoute.anyID), use: show)
        scoped.post(.renewals(SiteRoute.anyID), use: act)
        scoped.post(.renewalSettings(SiteRoute.anyID), use: settings)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request) { _ in }
    }

    /// One action on the ticked products; the page says what changed and, product by product, what refused and why.
    func act(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let organizationID = membership.$organization.id
        let form = try request.content.decode(ActionForm.self)
        guard let action = form.action.flatMap(BulkRenewalAction.init(rawValue:)) else {
            return try await render(request) { $0.error = request.t("error.renewals.action") }.encodeResponse(status: .unprocessableEntity, for: request)
        }
        let raw = form.billing_address ?? ""
        guard raw.isEmpty || UUID(uuidString: raw) != nil else {
            return try await render(request) { $0.error = request.t("error.billing.address_unknown") }.encodeResponse(status: .unprocessableEntity, for: request)
        }
        let now = request.kontor.clock.now()
        let service = BulkRenewalService(db: request.db, renewer: request.application.productRenewer,
                                         today: request.kontor.config.billing.day(of: now), now: now)
        let outcome: BulkRenewalService.Outcome
        do {
            outcome = try await service.apply(.init(action: action, productIDs: form.products ?? [], billingAddressID: UUID(uuidString: raw),
                                                    requestKey: action == .renewNow ? form.request_key : nil,
                                                    expectedExpiries: BulkRenewalService.expiries(form.seen)), in: organizationID)
        } catch let failure as ValidationFailure {
            // On the page where it happened, in a sentence: nothing ticked, an unknown address.
            return try await render(request) { $0.error = failure.errors.first.map { request.t($0.messageKey, $0.arguments) } }
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        return try await render(request) { page in
            page.report = Self.report(action, outcome, request)
            page.refusals = outcome.refused.map { Self.refusal($0.0, $0.1, request) }
        }.encodeResponse(for: request)
    }

    func settings(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let raw = try request.content.decode(SettingsForm.self).reminder_days ?? ""
        switch RenewalReminderDays.parse(raw) {
        case .failure(let failure):
            return try await render(request) { $0.settingsError = failure.errors.first.map { request.t($0.messageKey, $0.arguments) } }
                .encodeResponse(status: .unprocessableEntity, for: request)
        case .success(let days):
            try await Organization.query(on: request.db).filter(\.$id == membership.$organization.id)
                .set(\.$renewalReminderDaysRaw, to: days.description).update()
            return request.redirect(to: .renewals(membership.$organization.id), notice: "renewal_reminders_saved")
        }
    }

    static func report(_ action: BulkRenewalAction, _ outcome: BulkRenewalService.Outcome, _ request: Request) -> [String] {
        var lines = [request.t("renewals.done.\(action.rawValue)", ["count": String(outcome.changed.count)])]
        if !outcome.unchanged.isEmpty { lines.append(request.t("renewals.done.unchanged", ["count": String(outcome.unchanged.count)])) }
        return lines
    }

    static func refusal(_ product: Product, _ reason: BulkRenewalRefusal, _ request: Request) -> String {
        request.t("renewals.refused.\(reason.rawValue)", ["product": product.name, "kind": ProductView.kindLabel(product, request),
                                                          "until": DayFormatting.format(product.expiresOn, request.language)])
    }

    private func render(_ request: Request, _ adjust: (inout RenewalsPage) -> Void) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let products = try await ProductService(db: request.db).products(of: organizationID)
        let addresses = try await BillingAddressService(db: request.db).addresses(of: organizationID)
        let organization = try await membership.$organization.get(on: request.db)
        var page = RenewalsPage(
            layout: await request.layout(title: request.t("renewals.title")),
            rows: RenewalsPage.rows(products, addresses: addresses, organizationID: organizationID, request),
            canManage: membership.role.canManageOrganization, action: SiteRoute.renewals(organizationID).path,
            settingsAction: SiteRoute.renewalSettings(organizationID).path, productsPath: SiteRoute.organizationProducts(organizationID).path,
            reminderDays: organization.renewalReminderDays.description,
            addresses: [.init(value: "", label: request.t("renewals.default_address"))]
                + addresses.map { .init(value: $0.id!.uuidString, label: request.lines(of: $0).joined(separator: ", ")) },
            requestKey: UUID().uuidString)
        adjust(&page)
        return try await request.view.render("Renewals/Renewals", page)
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

/// A customer seen by the billing staff (issue 13 §1): found by customer number, with its products; staff provision a
/// product for it (what `kontor add-product` does) and allow it to pay later, so what it orders starts before its
/// invoice is paid. Administrators and the billing role; each change is in the audit trail with who made it.
struct StaffCustomersController {
    struct SearchPage: Encodable {
        struct HitRow: Encodable {
            let href: String
            let name: String
            let customerNumber: String
            let representative: String
            let products: String
        }
        let layout: LayoutModel
        let action: String
        /// What the search box holds: the search, or a `?number=` that found nobody.
        let query: String
        let refusal: String?
        let hits: [HitRow]
        /// Set after a search: "3 customers found", "no customer found", or that only the first 50 are listed.
        let resultLine: String?
    }
    struct ProductRow: Encodable {
        let name: String
        let kind: String
        let isPending: Bool
        let renewsAt: Date
        /// What a caller's product is doing now: the state (`ProductState`), and why when suspended.
        let state: String
        let stateLabel: String
        let suspendedFor: String?
        let automaticRenewal: Bool
    }
    struct MemberRow: Encodable {
        let name: String
        let email: String
        let role: String
        let language: String
    }
    struct CustomerPage: Encodable {
        struct Choice: Encodable {
            let value: String
            let label: String
        }
        let layout: LayoutModel
        let searchPath: String
        let name: String
        let customerNumber: String
        let payLater: Bool
        let payLaterAction: String
        /// Premium Support: the VIP code while the organization has it, and the switch (administrators and billing).
        let vipCode: String?
        let premiumAction: String
        let products: [ProductRow]
        let hasProducts: Bool
        /// Who to call: the members, legal representatives first, with their address and language.
        let members: [MemberRow]
        /// The prepaid balance in each currency the organization has one in ("0.00 CHF" when none).
        let balances: [String]
        /// What is owed: open and overdue, per currency ("none" when nothing).
        let owed: [String]
        /// The newest invoices and credit notes (`recentInvoiceCount`).
        let invoices: [InvoicesController.Row]
        let billingPath: String
        let provisionAction: String
        let provisionKey: String
        let kinds: [Choice]
        let form: FormState
    }
    struct ProvisionForm: Content {
        var kind: String?
        var name: String?
        var renews: String?
        var server_prefix: String?
        var mysql_prefix: String?
        var renewal_warranty: String?
        var suite_users: String?
        var suite_storage_gb: String?
        /// Rendered into the form so that sending it twice provisions once (`FormSubmissions`).
        var idempotency_key: String?
    }
    struct PayLaterForm: Content { var enabled: String? }

    func register(_ billing: any RoutesBuilder) {
        billing.get(.staffCustomers, use: search)
        billing.get(.staffCustomer(SiteRoute.anyID), use: show)
        billing.post(.staffCustomerProducts(SiteRoute.anyID), use: provision)
        billing.post(.staffCustomerPayLater(SiteRoute.anyID), use: payLater)
    }

    /// `?number=1042` opens that customer; an unknown number says so. `?q=` lists the customers whose name, number,
    /// members (name, e-mail) or products match every word (`CustomerSearch`); one hit by number opens it at once.
    func search(_ request: Request) async throws -> Response {
        let number = try request.optionalQuery("number") ?? ""
        if !number.isEmpty {
            if let organization = try await StaffBillingController.organization(customerNumber: number, on: request.db) {
                return request.redirect(to: .staffCustomer(try organization.requireID()))
            }
        }
        let query = String((try request.optionalQuery("q") ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        var hits: [CustomerSearch.Hit] = []
        var resultLine: String?
        if !query.isEmpty {
            hits = try await CustomerSearch(db: request.db).find(query)
            if hits.count == 1, let only = hits.first, String(only.customerNumber ?? -1) == query {
                return request.redirect(to: .staffCustomer(only.organizationID))
            }
            resultLine = hits.isEmpty ? request.t("staff.customers.none_found")
                : hits.count > CustomerSearch.limit ? request.t("staff.customers.first_found", ["count": String(CustomerSearch.limit)])
                : request.t("staff.customers.found", ["count": String(hits.count)])
        }
        let rows = hits.prefix(CustomerSearch.limit).map { hit in
            SearchPage.HitRow(href: SiteRoute.staffCustomer(hit.organizationID).path, name: hit.name,
                              customerNumber: hit.customerNumber.map(String.init) ?? "—",
                              representative: [hit.representative, hit.representativeEmail.map { "<\($0)>" }].compactMap { $0 }.joined(separator: " "),
                              products: String(hit.products))
        }
        return try await request.view.render("Staff/Customers", SearchPage(
            layout: await request.layout(title: request.t("staff.customers.title")), action: SiteRoute.staffCustomers.path,
            query: query.isEmpty ? number : query, refusal: number.isEmpty ? nil : request.t("staff.billing.customer_unknown"), hits: Array(rows), resultLine: resultLine))
            .encodeResponse(status: number.isEmpty ? .ok : .notFound, for: request)
    }

    func show(_ request: Request) async throws -> View {
        try await render(request, try await organization(request), form: FormState())
    }

    func provision(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let organization = try await organization(request)
        let form = try request.content.decode(ProvisionForm.self)
        let new = ProductService.NewProduct(kind: form.kind, name: form.name, renewsOn: form.renews,
                                            serverPrefix: (form.server_prefix ?? "").isEmpty ? nil : form.server_prefix,
                                            mysqlPrefix: FormSwitch.isTicked(form.mysql_prefix), renewalWarranty: FormSwitch.isTicked(form.renewal_warranty),
                                            suiteUsers: form.suite_users, suiteStorageGB: form.suite_storage_gb)
        // Everything typed or ticked comes back with a sentence, so staff correct one field instead of starting over.
        var values = ["kind": form.kind ?? "", "name": form.name ?? "", "renews": form.renews ?? "", "server_prefix": form.server_prefix ?? "",
                      "suite_users": form.suite_users ?? "", "suite_storage_gb": form.suite_storage_gb ?? "",
                      "mysql_prefix": FormSwitch.isTicked(form.mysql_prefix) ? "on" : "",
                      "renewal_warranty": FormSwitch.isTicked(form.renewal_warranty) ? "on" : ""]
        let organizationID = try organization.requireID()
        guard let key = try? IdempotencyKey.validated(form.idempotency_key, field: "idempotency_key", messageKey: "staff.form_expired") else {
            return try await render(request, organization, form: FormState(message: request.t("staff.form_expired"), values: values))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        do {
            let phpVersions = request.kontor.config.phpVersions, now = request.now
            let added = try await FormSubmissions(db: request.db).run(
                scope: "staff:\(try staff.requireID())", key: key, values: values.merging(["organization": organizationID.uuidString]) { a, _ in a },
                now: now) { db in
                try await ProductService(db: db).provision(new, in: organizationID, now: now, phpVersions: phpVersions) { db, product in
                    try await request.record(.productProvisioned, staff: staff.id, organization: organizationID,
                                             detail: ProvisionedProductEntry(kind: product.kindRaw, product: product.name, staff: staff.name).detail, on: db)
                }.requireID()
            }
            if added.isReplay { request.logger.notice("Staff \(staff.email) sent the provisioning form again; nothing more was added") }
            return request.redirect(to: .staffCustomer(organizationID), notice: "product_provisioned")
        } catch let failure as ValidationFailure {
            values["idempotency_key"] = key   // nothing was added: the same form may be sent again once corrected
            return try await render(request, organization, form: FormState(failure: failure, values: values, request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch is FormSubmissions.OtherValues {
            // What the form added first stands; a fresh key lets staff add a second product on purpose.
            return try await render(request, organization, form: FormState(message: request.t("staff.form_used"), values: values))
                .encodeResponse(status: .conflict, for: request)
        }
    }

    /// Allows or stops paying later; written only when it changes, with its audit entry.
    func payLater(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let organization = try await organization(request)
        let enabled = try FormSwitch.onOff(try request.content.decode(PayLaterForm.self).enabled, field: "enabled")
        let organizationID = try organization.requireID()
        try await request.db.transaction { db in
            try await db.lockForUpdate(Organization.self, id: organizationID)
            guard let locked = try await Organization.find(organizationID, on: db), locked.payLater != enabled else { return }
            locked.payLater = enabled
            try await locked.save(on: db)
            try await request.record(.payLaterChanged, staff: staff.id, organization: organizationID, detail: enabled ? "on" : "off", on: db)
        }
        return request.redirect(to: .staffCustomer(organizationID), notice: enabled ? "pay_later_on" : "pay_later_off")
    }

    private func organization(_ request: Request) async throws -> Organization {
        guard let organization = try await Organization.find(try request.id("organizationID"), on: request.db) else { throw AppError.notFound }
        return organization
    }

    /// Invoices listed on a customer's page; the customer's own list has them all.
    static let recentInvoiceCount = 10

    private func render(_ request: Request, _ organization: Organization, form: FormState) async throws -> View {
        let id = try organization.requireID()
        let products = try await ProductService(db: request.db).products(of: id)
        let number = try await BillingCounters.customerNumber(of: organization, on: request.db)
        let language = request.language
        let members = try await Membership.query(on: request.db).filter(\.$organization.$id == id).with(\.$user).all()
            .sorted { ($0.role, $0.user.name) < ($1.role, $1.user.name) }
            .map { MemberRow(name: $0.user.name, email: $0.user.email, role: request.t("role.\($0.role.rawValue)"),
                             language: Language(rawValue: $0.user.language)?.nativeName ?? $0.user.language) }
        let config = request.kontor.config.billing
        // No movement yet: a zero balance in each currency the provider takes payments in.
        let ledger = try await PrepaidLedger.balances(of: id, on: request.db)
        let balances = ledger.isEmpty ? config.accounts.keys.sorted { $0.code < $1.code }.map { Money(minorUnits: 0, currency: $0) } : ledger
        let today = config.day(of: request.now)
        let unpaid = try await Invoice.query(on: request.db).filter(\.$organization.$id == id)
            .filter(\.$series == DocumentSeries.invoice.rawValue).filter(\.$openMinor > 0).all()
        let owed = Dictionary(grouping: unpaid, by: \.currency).sorted { $0.key.code < $1.key.code }.map { currency, invoices in
            let open = invoices.reduce(Int64(0)) { $0 + $1.openMinor }
            let overdue = invoices.filter { $0.dueOn < today }.reduce(Int64(0)) { $0 + $1.openMinor }
            return request.t("staff.customer.owed", ["open": MoneyFormatting.format(Money(minorUnits: open, currency: currency), language),
                                                     "overdue": MoneyFormatting.format(Money(minorUnits: overdue, currency: currency), language),
                                                     "count": String(invoices.count)])
        }
        let recent = try await Invoice.query(on: request.db).filter(\.$organization.$id == id)
            .sort(\.$issuedAt, .descending).sort(\.$number, .descending).limit(Self.recentInvoiceCount).all()
        return try await request.view.render("Staff/Customer", CustomerPage(
            layout: await request.layout(title: organization.name), searchPath: SiteRoute.staffCustomers.path, name: organization.name,
            customerNumber: String(number), payLater: organization.payLater, payLaterAction: SiteRoute.staffCustomerPayLater(id).path,
            vipCode: organization.vipCode.flatMap(VIPCode.init)?.formatted, premiumAction: SiteRoute.staffPremiumSupport(id).path,
            products: products.map {
                ProductRow(name: $0.name, kind: ProductView.kindLabel($0, request), isPending: $0.isPending, renewsAt: $0.renewsAt,
                           state: $0.statusRaw, stateLabel: request.t("products.status.\($0.statusRaw)"),
                           suspendedFor: $0.status == .suspended ? $0.suspensionReason.map { request.t("staff.customer.suspended_for.\($0.rawValue)") } : nil,
                           automaticRenewal: $0.automaticRenewal)
            },
            hasProducts: !products.isEmpty, members: members,
            balances: balances.map { MoneyFormatting.format($0, language) },
            owed: owed,
            invoices: recent.map { InvoicesController.row($0, href: nil, today: today, request) },
            billingPath: SiteRoute.staffBilling.path + "?customer=\(number)",
            provisionAction: SiteRoute.staffCustomerProducts(id).path,
            provisionKey: form.values["idempotency_key"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString,
            kinds: ProductKind.allCases.map { .init(value: $0.rawValue, label: request.t("product.kind.\($0.rawValue)")) }, form: form))
    }
}

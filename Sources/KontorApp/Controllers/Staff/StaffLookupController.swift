import Fluent
import Foundation
import KontorDomain
import Vapor

/// Identifying a caller (seed guide "code support y code VIP"): staff type the support code or VIP code the
/// customer reads out and see who it is — name, e-mail, organizations and a summary of their products (what, and
/// when it renews; never the products' settings). A look-up grants nothing else; it is
/// rate-limited per staff member and written to both the staff audit trail and the customer's security log.
struct StaffLookupController {
    struct LookupPage: Encodable {
        struct Person: Encodable {
            let name: String
            let email: String
            let supportCode: String
            let twoFactor: Bool
        }
        struct ProductLine: Encodable {
            let kind: String
            let name: String
            let renewsAt: Date
            /// The state when the product is not simply running (suspended, pending, in grace), as the caller hears it.
            let stateLabel: String?
        }
        struct OrganizationRow: Encodable {
            let name: String
            let role: String?
            let members: Int
            let products: [ProductLine]
            let vipCode: String?
            /// nil for a staff member whose role does not switch Premium Support (support sees the VIP code only).
            let premiumAction: String?
            /// The customer's page in the billing console, for those who may open it (administrators and billing).
            let customerPath: String?
        }
        let layout: LayoutModel
        let form: FormState
        let action: String
        let searched: Bool
        let person: Person?
        let organizations: [OrganizationRow]
    }
    struct LookupForm: Content { var code: String? }
    struct PremiumForm: Content {
        var enabled: String?
        /// The page the switch was on: the look-up, a support grant's page or the billing customer page.
        var return_to: String?
    }

    /// Looking callers up is support's; switching Premium Support, a paid product, is for administrators and billing.
    func register(_ support: any RoutesBuilder, billing: any RoutesBuilder) {
        support.get(.staffLookup, use: form)
        support.post(.staffLookup, use: lookup)
        billing.post(.staffPremiumSupport(SiteRoute.anyID), use: premiumSupport)
    }

    func form(_ request: Request) async throws -> View {
        try await render(request, form: FormState(), searched: false, person: nil, organizations: [])
    }

    func lookup(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        let form = try request.content.decode(LookupForm.self)
        guard let code = SupportLookupCode(form.code ?? "") else {
            let failure = ValidationFailure([FieldError(field: "code", messageKey: "error.lookup.code_invalid")])
            return try await render(request, form: FormState(failure: failure, values: ["code": form.code ?? ""], request: request),
                                    searched: false, person: nil, organizations: []).encodeResponse(status: .unprocessableEntity, for: request)
        }
        if case .limited(let retry) = try await request.rateLimiter.hit("staff-lookup:\(staff.id!)", limit: ThrottlePolicy.staffLookupsPerStaffMember) {
            try await request.record(.staffLookup, staff: staff.id, detail: "refused: rate limited")
            throw AppError.rateLimited(retryAfterSeconds: retry)
        }
        switch code {
        case .support(let supportCode):
            guard let user = try await User.query(on: request.db).filter(\.$supportCode == supportCode.value).first() else {
                try await request.record(.staffLookup, staff: staff.id, detail: "support code: no customer")
                return try await notFound(request, code: form.code ?? "")
            }
            try await request.record(.staffLookup, user: user.id, staff: staff.id, detail: "support code, by \(staff.name)")
            let memberships = try await Membership.all(of: user.requireID(), on: request.db)
            // Every organization's products in one query, not one per row.
            let products = try await ProductService(db: request.db).productsByOrganization(memberships.map(\.$organization.id))
            var rows: [LookupPage.OrganizationRow] = []
            for membership in memberships {
                rows.append(try await row(membership.organization, role: request.t("role.\(membership.role.rawValue)"),
                                          products: products[membership.$organization.id] ?? [], request))
            }
            let person = LookupPage.Person(name: user.name, email: user.email, supportCode: SupportCodeFormatting.formatted(user.supportCode),
                                           twoFactor: try await TwoFactorService(request: request).isEnabled(for: user.requireID()))
            return try await render(request, form: FormState(), searched: true, person: person, organizations: rows).encodeResponse(for: request)
        case .vip(let vipCode):
            guard let organization = try await Organization.query(on: request.db).filter(\.$vipCode == vipCode.value).first() else {
                try await request.record(.staffLookup, staff: staff.id, detail: "VIP code: no organization")
                return try await notFound(request, code: form.code ?? "")
            }
            try await request.record(.staffLookup, staff: staff.id, organization: organization.id, detail: "VIP code, by \(staff.name)")
            return try await render(request, form: FormState(), searched: true, person: nil,
                                    organizations: [try await row(organization, role: nil,
                                                                  products: try await ProductService(db: request.db).currentProducts(of: organization.requireID()), request)]).encodeResponse(for: request)
        }
    }

    static func switchesPremiumSupport(_ staff: StaffMember) -> Bool { [.administrator, .billing].contains(staff.role) }

    /// Switches Premium Support on (the product, for a year, and a new VIP code) or off for an organization.
    func premiumSupport(_ request: Request) async throws -> Response {
        let staff = try request.staff().staff
        guard let organization = try await Organization.find(try request.id("organizationID"), on: request.db) else { throw AppError.notFound }
        let form = try request.content.decode(PremiumForm.self)
        let enabled = try FormSwitch.onOff(form.enabled, field: "enabled")
        let audit: @Sendable (any Database) async throws -> Void = { db in
            try await request.record(.premiumSupportChanged, staff: staff.id, organization: organization.id, detail: enabled ? "on" : "off", on: db)
        }
        let products = ProductService(db: request.db)
        if enabled {
            try await products.startPremiumSupport(organization, name: "Premium Support", now: request.now, audit: audit)
        } else {
            try await products.endPremiumSupport(organization, now: request.now, audit: audit)
        }
        return request.redirect(to: Self.returnPage(form.return_to, organizationID: try organization.requireID()),
                                notice: enabled ? "premium_support_on" : "premium_support_off")
    }

    /// Back to the page the switch was on — only one of the pages that have it (the look-up, a support grant's page),
    /// never an address from the form as such; by default the billing customer page, which both roles that switch may open.
    static func returnPage(_ returnTo: String?, organizationID: UUID) -> SiteRoute {
        if returnTo == SiteRoute.staffLookup.path { return .staffLookup }
        if let returnTo, let last = returnTo.split(separator: "/").last, let grant = UUID(uuidString: String(last)),
           SiteRoute.staffGrant(grant).path == returnTo {
            return .staffGrant(grant)
        }
        return .staffCustomer(organizationID)
    }

    private func row(_ organization: Organization, role: String?, products: [Product], _ request: Request) async throws -> LookupPage.OrganizationRow {
        let id = try organization.requireID()
        // The roles that switch Premium Support are the billing console's: they also open the customer's page there.
        let billing = Self.switchesPremiumSupport(try request.staff().staff)
        return .init(name: organization.name, role: role,
                     members: try await Membership.query(on: request.db).filter(\.$organization.$id == id).count(),
                     // Deleted products are history, not something the caller has (Premium Support switched off and on).
                     products: products.filter { $0.status != .deleted }.map {
                         .init(kind: ProductView.kindLabel($0, request), name: $0.name, renewsAt: $0.renewsAt,
                               stateLabel: $0.status == .active ? nil : request.t("products.status.\($0.statusRaw)"))
                     },
                     vipCode: organization.vipCode.flatMap(VIPCode.init)?.formatted, premiumAction: billing ? SiteRoute.staffPremiumSupport(id).path : nil,
                     customerPath: billing ? SiteRoute.staffCustomer(id).path : nil)
    }

    private func notFound(_ request: Request, code: String) async throws -> Response {
        try await render(request, form: FormState(message: request.t("staff.lookup.none"), values: ["code": code]), searched: true,
                         person: nil, organizations: []).encodeResponse(status: .notFound, for: request)
    }

    private func render(_ request: Request, form: FormState, searched: Bool, person: LookupPage.Person?,
                        organizations: [LookupPage.OrganizationRow]) async throws -> View {
        try await request.view.render("Staff/Lookup", LookupPage(
            layout: await request.layout(title: request.t("staff.lookup.title")), form: form, action: SiteRoute.staffLookup.path,
            searched: searched, person: person, organizations: organizations))
    }
}

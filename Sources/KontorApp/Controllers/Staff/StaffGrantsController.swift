import Fluent
import Foundation
import KontorDomain
import Vapor

/// Support staff work only inside a live grant: the list of grants, what a grant covers — the organization with its
/// members and products, or one product — and, when the customer allowed it, changing the organization's name.
/// Products are opened through `StaffGrantProductsController`. Every view and change is logged with the grant and
/// shown to the customer.
struct StaffGrantsController {
    struct ListPage: Encodable {
        struct Row: Encodable {
            let organization: String
            /// The product's name for an access to one product; nil for the whole organization.
            let product: String?
            let expiresAt: Date
            let canChange: Bool
            let path: String
        }
        let layout: LayoutModel
        let grants: [Row]
    }
    struct GrantPage: Encodable {
        struct Member: Encodable {
            let name: String
            let role: String
        }
        let layout: LayoutModel
        let organization: String
        /// The product's name for an access to one product; nil for the whole organization.
        let product: String?
        let coversOrganization: Bool
        let expiresAt: Date
        let canChange: Bool
        let canRename: Bool
        let members: [Member]
        let products: [ProductView]
        /// The organization's billing addresses, read-only, for an access to the whole organization.
        let billingAddresses: [[String]]
        let settingsAction: String
        /// Premium Support on an access to the whole organization, for a member whose role switches it (administrators:
        /// billing does not open grants); the same switch as the look-up's and the customer page's. Nil otherwise.
        let premium: PremiumSwitch?
        let form: FormState
    }
    struct PremiumSwitch: Encodable {
        let isOn: Bool
        let action: String
        /// This page, where the switch leads back to (`StaffLookupController.returnPage`).
        let returnTo: String
    }
    struct SettingsForm: Content { var name: String? }

    func register(_ support: any RoutesBuilder) {
        support.get(.staffGrants, use: list)
        support.get(.staffGrant(SiteRoute.anyID), use: show)
        support.post(.staffGrantSettings(SiteRoute.anyID), use: changeSettings)
    }

    func list(_ request: Request) async throws -> View {
        let grants = try await SupportGrant.query(on: request.db).filter(\.$revokedAt == nil).filter(\.$expiresAt > request.now)
            .with(\.$organization).with(\.$product).sort(\.$expiresAt).all()
        return try await request.view.render("Staff/Grants", ListPage(
            layout: await request.layout(title: request.t("staff.grants.title")),
            grants: grants.map { .init(organization: $0.organization.name, product: $0.product?.name, expiresAt: $0.expiresAt, canChange: $0.canChange, path: SiteRoute.staffGrant($0.id!).path) }))
    }

    func show(_ request: Request) async throws -> View {
        let grant = try await Self.liveGrant(request)
        try await Self.log(request, grant, grant.scope.coversOrganization ? GrantAction(action: "viewed")
                           : GrantAction(action: "viewed_product", product: grant.product?.name))
        return try await render(request, grant, form: FormState(values: ["name": grant.organization.name]))
    }

    func changeSettings(_ request: Request) async throws -> Response {
        let grant = try await Self.liveGrant(request)
        guard grant.canChange, grant.scope.coversOrganization else { throw AppError.forbidden }
        let raw = try request.content.decode(SettingsForm.self).name ?? ""
        // The rules a customer's own rename follows (NFC, no bidi overrides, zero-width or control characters): the
        // name is read in every member's console and in e-mails (probe round 4: support stored "Rossi \u{202E}gnp.exe").
        let name: String
        switch DisplayName.parse(raw) {
        case .success(let parsed): name = parsed.value
        case .failure(let error):
            return try await render(request, grant, form: FormState(failure: ValidationFailure([error]), values: ["name": raw], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        let organization = grant.organization
        let old = organization.name
        // The same name again changes nothing: no write, and no "renamed from X to X" for the customer to read.
        guard name != old else { return request.redirect(to: .staffGrant(try grant.requireID()), notice: "settings_saved") }
        organization.name = name
        try await request.db.transaction { db in
            try await organization.save(on: db)
            try await Self.log(request, grant, GrantAction(action: "renamed", from: old, to: name), on: db)
        }
        return request.redirect(to: .staffGrant(try grant.requireID()), notice: "settings_saved")
    }

    /// An access to the organization shows its members and products; an access to one product shows that product only.
    private func render(_ request: Request, _ grant: SupportGrant, form: FormState) async throws -> View {
        let grantID = try grant.requireID()
        let wholeOrganization = grant.scope.coversOrganization
        let members = wholeOrganization ? try await Membership.members(of: grant.$organization.id, on: request.db) : []
        let products = wholeOrganization ? try await ProductService(db: request.db).currentProducts(of: grant.$organization.id) : grant.product.map { [$0] } ?? []
        let addresses = wholeOrganization ? try await BillingAddressService(db: request.db).addresses(of: grant.$organization.id) : []
        return try await request.view.render("Staff/Grant", GrantPage(
            layout: await request.layout(title: grant.product?.name ?? grant.organization.name), organization: grant.organization.name,
            product: grant.product?.name, coversOrganization: wholeOrganization, expiresAt: grant.expiresAt, canChange: grant.canChange,
            canRename: grant.canChange && wholeOrganization,
            members: members.map { .init(name: $0.user.name, role: request.t("role.\($0.role.rawValue)")) },
            products: products.map { ProductView($0, path: SiteRoute.staffGrantProduct(grantID, product: $0.id!).path, request) },
            billingAddresses: addresses.map { request.lines(of: $0) + ($0.isDefault ? ["(\(request.t("billing.addresses.default")))"] : []) },
            settingsAction: SiteRoute.staffGrantSettings(grantID).path,
            premium: wholeOrganization && StaffLookupController.switchesPremiumSupport(try request.staff().staff)
                ? PremiumSwitch(isOn: grant.organization.vipCode != nil, action: SiteRoute.staffPremiumSupport(grant.$organization.id).path,
                                returnTo: SiteRoute.staffGrant(grantID).path) : nil,
            form: form))
    }

    /// Expired, revoked and unknown grants are all a 404: staff see only what a live grant covers.
    static func liveGrant(_ request: Request) async throws -> SupportGrant {
        guard let grant = try await SupportGrant.live(try request.id("grantID"), on: request.db, now: request.now) else {
            try await request.record(.accessDenied, staff: try request.staff().staff.id, detail: "no live support grant")
            throw AppError.notFound
        }
        return grant
    }

    static func log(_ request: Request, _ grant: SupportGrant, _ action: GrantAction, on db: (any Database)? = nil) async throws {
        var entry = action
        entry.grant = try grant.requireID().uuidString
        // In the security log of the customer who granted the access, as the account-security capability promised,
        // and on the grant's organization for everyone who manages it.
        try await request.record(.staffActionUnderGrant, user: grant.$grantedBy.id, staff: try request.staff().staff.id,
                                 organization: grant.$organization.id,
                                 detail: String(decoding: try JSONEncoder().encode(entry), as: UTF8.self), on: db)
    }
}

/// What staff did under a grant, stored as JSON in the security event so the customer reads it in their language.
struct GrantAction: Codable {
    var action: String
    var from: String?
    var to: String?
    /// The product's name, for actions on a product.
    var product: String?
    var grant: String?

    /// The entry stored in a security event's detail; nil for one Kontor cannot read.
    static func read(_ detail: String) -> GrantAction? {
        try? JSONDecoder().decode(GrantAction.self, from: Data(detail.utf8))
    }

    /// The sentence for the customer's settings page; an entry Kontor cannot read is shown as stored.
    static func describe(_ detail: String, _ request: Request) -> String {
        guard let entry = read(detail),
              request.kontor.localizer.has("support_access.action.\(entry.action)") else { return detail }
        return request.t("support_access.action.\(entry.action)", ["from": entry.from ?? "", "to": entry.to ?? "", "product": entry.product ?? ""])
    }
}

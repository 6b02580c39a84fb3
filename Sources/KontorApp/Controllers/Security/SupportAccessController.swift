import Fluent
import Foundation
import KontorDomain
import Vapor

/// Customers grant the provider's support temporary access to their organization, and end it at once.
/// Shown on the organization's settings page with the staff actions taken under each grant.
struct SupportAccessController {
    struct GrantForm: Content {
        var hours: Int?
        var can_change: String?
        /// Empty for the whole organization, else one of its products.
        var product: String?
    }

    func register(_ organization: any RoutesBuilder) {
        organization.post(.grantSupportAccess(SiteRoute.anyID), use: grant)
        organization.post(.revokeSupportAccess(SiteRoute.anyID, grant: SiteRoute.anyID), use: revoke)
    }

    func grant(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        let form = try request.content.decode(GrantForm.self)
        let canChange = FormSwitch.isTicked(form.can_change)
        let product = form.product.flatMap { $0.isEmpty ? nil : $0 }
        do {
            _ = try await SupportAccessService(request: request).grant(hours: form.hours, canChange: canChange, product: product, by: membership)
        } catch let failure as ValidationFailure {
            // The settings page again, the grant form showing what was wrong next to each field.
            let values = ["hours": form.hours.map(String.init) ?? "", "product": product ?? "", "can_change": canChange ? "on" : ""]
            return try await OrganizationPagesController()
                .renderSettings(request, form: FormState(values: ["name": membership.organization.name]),
                                grantForm: FormState(failure: failure, values: values, request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        // A grant for one product says so: "to this organization" would claim more than was given.
        return request.redirect(to: .organizationSettings(membership.$organization.id),
                                notice: product == nil ? "support_access_granted" : "support_access_granted_product")
    }

    /// Ends a grant; the very next staff request under it is refused.
    func revoke(_ request: Request) async throws -> Response {
        let membership = try request.membership()
        try await SupportAccessService(request: request).revoke(try request.id("grantID"), by: membership)
        return request.redirect(to: .organizationSettings(membership.$organization.id), notice: "support_access_revoked")
    }
}

/// What the settings page shows about support access: live grants, and what staff did under any grant.
struct SupportAccessSummary: Encodable {
    struct Grant: Encodable {
        /// The product's name for an access to one product; nil for the whole organization.
        let product: String?
        let expiresAt: Date
        let canChange: Bool
        let revokeAction: String
    }
    struct ProductChoice: Encodable {
        let id: String
        let name: String
        var selected = false
    }
    struct Action: Encodable {
        let at: Date
        let staffName: String
        let detail: String
    }
    let grants: [Grant]
    let actions: [Action]
    struct DurationChoice: Encodable {
        let hours: Int
        let selected: Bool
    }
    let grantAction: String
    var durations: [DurationChoice]
    /// What an access can be limited to, besides the whole organization.
    var products: [ProductChoice]
    /// Ticked again when the form comes back with an error.
    var canChangeTicked = false

    /// The form as the customer filled it in, to show it again after an error.
    func choosing(hours: Int?, product: String?, canChange: Bool) -> SupportAccessSummary {
        var copy = self
        copy.durations = durations.map { .init(hours: $0.hours, selected: $0.hours == hours) }
        copy.products = products.map { .init(id: $0.id, name: $0.name, selected: $0.id.caseInsensitiveCompare(product ?? "") == .orderedSame) }
        copy.canChangeTicked = canChange
        return copy
    }

    static func load(for organizationID: UUID, _ request: Request) async throws -> SupportAccessSummary {
        let service = SupportAccessService(request: request)
        return SupportAccessSummary(
            grants: try await service.liveGrants(of: organizationID).map {
                .init(product: $0.product?.name, expiresAt: $0.expiresAt, canChange: $0.canChange, revokeAction: SiteRoute.revokeSupportAccess(organizationID, grant: $0.id!).path)
            },
            actions: try await service.staffActions(in: organizationID, limit: 50).map { .init(at: $0.at, staffName: $0.staffName, detail: $0.description) },
            grantAction: SiteRoute.grantSupportAccess(organizationID).path, durations: SupportGrant.durations.map { .init(hours: $0, selected: false) },
            products: try await ProductService(db: request.db).products(of: organizationID).map {
                .init(id: $0.id!.uuidString, name: "\($0.name) (\(ProductView.kindLabel($0, request)))")
            })
    }
}

import Fluent
import Foundation
import KontorDomain
import Vapor

/// Support staff work only inside a live grant: the list of grants, the organization a grant covers, and —
/// when the customer allowed it — changing its settings. Every view and change is logged with the grant and
/// shown to the customer.
struct StaffGrantsController {
    struct ListPage: Encodable {
        struct Row: Encodable {
            let organization: String
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
        let expiresAt: Date
        let canChange: Bool
        let members: [Member]
        let settingsAction: String
        let form: FormState
    }
    struct SettingsForm: Content { var name: String? }

    func register(_ support: any RoutesBuilder) {
        support.get(.staffGrants, use: list)
        support.get(.staffGrant(SiteRoute.anyID), use: show)
        support.post(.staffGrantSettings(SiteRoute.anyID), use: changeSettings)
    }

    func list(_ request: Request) async throws -> View {
        let grants = try await SupportGrant.query(on: request.db).filter(\.$revokedAt == nil).filter(\.$expiresAt > request.now)
            .with(\.$organization).sort(\.$expiresAt).all()
        return try await request.view.render("Staff/Grants", ListPage(
            layout: await request.layout(title: request.t("staff.grants.title")),
            grants: grants.map { .init(organization: $0.organization.name, expiresAt: $0.expiresAt, canChange: $0.canChange, path: SiteRoute.staffGrant($0.id!).path) }))
    }

    func show(_ request: Request) async throws -> View {
        let grant = try await Self.liveGrant(request)
        try await Self.log(request, grant, GrantAction(action: "viewed"))
        return try await render(request, grant, form: FormState(values: ["name": grant.organization.name]))
    }

    func changeSettings(_ request: Request) async throws -> Response {
        let grant = try await Self.liveGrant(request)
        guard grant.canChange else { throw AppError.forbidden }
        let raw = try request.content.decode(SettingsForm.self).name ?? ""
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            let failure = ValidationFailure([FieldError(field: "name", messageKey: name.isEmpty ? "error.required" : "error.too_long")])
            return try await render(request, grant, form: FormState(failure: failure, values: ["name": raw], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        let organization = grant.organization
        let old = organization.name
        organization.name = name
        try await organization.save(on: request.db)
        try await Self.log(request, grant, GrantAction(action: "renamed", from: old, to: name))
        return request.redirect(to: .staffGrant(try grant.requireID()), notice: "settings_saved")
    }

    private func render(_ request: Request, _ grant: SupportGrant, form: FormState) async throws -> View {
        let members = try await Membership.members(of: grant.$organization.id, on: request.db)
        return try await request.view.render("Staff/Grant", GrantPage(
            layout: await request.layout(title: grant.organization.name), organization: grant.organization.name, expiresAt: grant.expiresAt,
            canChange: grant.canChange, members: members.map { .init(name: $0.user.name, role: request.t("role.\($0.role.rawValue)")) },
            settingsAction: SiteRoute.staffGrantSettings(try grant.requireID()).path, form: form))
    }

    /// Expired, revoked and unknown grants are all a 404: staff see only what a live grant covers.
    private static func liveGrant(_ request: Request) async throws -> SupportGrant {
        guard let grant = try await SupportGrant.live(try request.id("grantID"), on: request.db, now: request.now) else {
            try await request.record(.accessDenied, staff: try request.staff().staff.id, detail: "no live support grant")
            throw AppError.notFound
        }
        return grant
    }

    private static func log(_ request: Request, _ grant: SupportGrant, _ action: GrantAction) async throws {
        var entry = action
        entry.grant = try grant.requireID().uuidString
        try await request.record(.staffActionUnderGrant, staff: try request.staff().staff.id, organization: grant.$organization.id,
                                 detail: String(decoding: try JSONEncoder().encode(entry), as: UTF8.self))
    }
}

/// What staff did under a grant, stored as JSON in the security event so the customer reads it in their language.
struct GrantAction: Codable {
    var action: String
    var from: String?
    var to: String?
    var grant: String?

    /// The entry stored in a security event's detail; nil for one Kontor cannot read.
    static func read(_ detail: String) -> GrantAction? {
        try? JSONDecoder().decode(GrantAction.self, from: Data(detail.utf8))
    }

    /// The sentence for the customer's settings page; an entry Kontor cannot read is shown as stored.
    static func describe(_ detail: String, _ request: Request) -> String {
        guard let entry = read(detail),
              request.kontor.localizer.has("support_access.action.\(entry.action)") else { return detail }
        return request.t("support_access.action.\(entry.action)", ["from": entry.from ?? "", "to": entry.to ?? ""])
    }
}

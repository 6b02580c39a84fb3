import Fluent
import KontorDomain
import Vapor

/// "My organizations", switching, leaving, and organization settings.
struct OrganizationPagesController {
    struct OrganizationsPage: Encodable {
        struct Row: Encodable {
            let name: String
            let role: String
            let isCurrent: Bool
            let openPath: String
            let leavePath: String
        }
        let layout: LayoutModel
        let organizations: [Row]
        let refusal: String?
        let createAction: String
        let form: FormState
        /// Rendered into the creation form so that a double click creates one organization (`FormSubmissions`).
        let createKey: String
    }
    struct SettingsPage: Encodable {
        let layout: LayoutModel
        let form: FormState
        let action: String
        let canManage: Bool
        /// Shown while the organization has Premium Support: the code to give the reference technician.
        let vipCode: String?
        /// Without Premium Support, for a member who may order and while the catalog offers it: where to order it.
        let premiumOrderPath: String?
        let supportAccess: SupportAccessSummary
        /// The grant form shown again with its errors after a refused grant.
        let grantForm: FormState
        let billingAddressesPath: String
    }
    struct SettingsForm: Content {
        var name: String?
    }

    func register(customer routes: any RoutesBuilder, organization scoped: any RoutesBuilder) {
        routes.get(.organizations, use: list)
        routes.post(.organizations, use: create)
        routes.post(.switchOrganization(SiteRoute.anyID), use: switchTo)
        routes.post(.leaveOrganization(SiteRoute.anyID), use: leave)
        scoped.get(.organizationSettings(SiteRoute.anyID), use: settings)
        scoped.post(.organizationSettings(SiteRoute.anyID), use: saveSettings)
    }

    func list(_ request: Request) async throws -> View {
        try await renderList(request, refusal: nil)
    }

    /// A new organization, opened at once.
    func create(_ request: Request) async throws -> Response {
        struct CreateForm: Content {
            var name: String?
            var idempotency_key: String?
        }
        let identity = try request.customer()
        let form = try request.content.decode(CreateForm.self)
        guard let key = try? IdempotencyKey.validated(form.idempotency_key, field: "idempotency_key", messageKey: "error.form_expired") else {
            return try await renderList(request, refusal: request.t("error.form_expired"), form: FormState(values: ["name": form.name ?? ""]))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        do {
            let service = OrganizationService(request: request)
            // A double click sends the form twice: the second finds the first's key and creates nothing.
            let created = try await FormSubmissions(db: request.db).run(
                scope: "user:\(identity.userID)", key: key, values: ["name": form.name ?? ""], now: request.now) { db in
                try await service.createOrganization(named: form.name, by: identity, on: db).requireID()
            }.id
            if let session = identity.session {
                session.currentOrganizationID = created
                try await session.save(on: request.db)
            }
            try await User.query(on: request.db).filter(\.$id == identity.userID).set(\.$lastOrganizationID, to: created).update()
            return request.redirect(to: .console, notice: "organization_created")
        } catch let failure as ValidationFailure {
            return try await renderList(request, refusal: nil, form: FormState(failure: failure, values: ["name": form.name ?? "", "idempotency_key": key],
                                                                                request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        } catch is FormSubmissions.OtherValues {
            return try await renderList(request, refusal: request.t("error.form_used"), form: FormState(values: ["name": form.name ?? ""]))
                .encodeResponse(status: .conflict, for: request)
        } catch let error as AppError {
            guard case .conflict(let key, let arguments) = error else { throw error }
            return try await renderList(request, refusal: request.t(key, arguments)).encodeResponse(status: .conflict, for: request)
        }
    }

    private func renderList(_ request: Request, refusal: String?, form: FormState = FormState()) async throws -> View {
        let memberships = try await Membership.all(of: try request.customer().userID, on: request.db)
        let current = request.currentMembership(among: memberships)
        let rows = memberships.map { membership in
            OrganizationsPage.Row(
                name: membership.organization.name, role: request.t("role.\(membership.role.rawValue)"),
                isCurrent: membership.id == current?.id,
                openPath: SiteRoute.switchOrganization(membership.$organization.id).path,
                leavePath: SiteRoute.leaveOrganization(membership.$organization.id).path)
        }
        return try await request.view.render("Organizations/Organizations", OrganizationsPage(
            layout: await request.layout(title: request.t("organizations.title")), organizations: rows, refusal: refusal,
            createAction: SiteRoute.organizations.path, form: form,
            createKey: form.values["idempotency_key"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString))
    }

    /// Switches the current organization at once; the session remembers it.
    func switchTo(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        let organizationID = try request.id("orgID")
        guard try await Membership.find(user: identity.userID, organization: organizationID, on: request.db) != nil,
              let session = identity.session else { throw AppError.notFound }
        session.currentOrganizationID = organizationID
        try await session.save(on: request.db)
        try await User.query(on: request.db).filter(\.$id == identity.userID).set(\.$lastOrganizationID, to: organizationID).update()
        return request.redirect(to: .console)
    }

    func leave(_ request: Request) async throws -> Response {
        let identity = try request.customer()
        guard let membership = try await Membership.find(user: identity.userID, organization: try request.id("orgID"), on: request.db) else {
            throw AppError.notFound
        }
        do {
            try await OrganizationService(request: request).leave(membership)
            return request.redirect(to: .organizations, notice: "organization_left")
        } catch let error as AppError {
            guard case .membershipRefused = error else { throw error }
            return try await renderList(request, refusal: request.t(error.messageKey)).encodeResponse(status: error.status, for: request)
        }
    }

    func settings(_ request: Request) async throws -> View {
        let membership = try request.membership()
        return try await renderSettings(request, form: FormState(values: ["name": membership.organization.name]))
    }

    /// `grantForm` carries a refused grant's values, shown chosen again, and its errors.
    func renderSettings(_ request: Request, form: FormState, grantForm: FormState = FormState()) async throws -> View {
        let membership = try request.membership()
        let organizationID = membership.$organization.id
        let vipCode = try await membership.$organization.get(on: request.db).vipCode.flatMap(VIPCode.init)?.formatted
        var premiumOrderPath: String?
        if vipCode == nil, membership.role.canManageOrganization,
           try await request.catalogOffers().contains(where: { $0.item.kind == .premiumSupport }) {
            premiumOrderPath = SiteRoute.newOrder(organizationID).path + "?kind=" + ProductKind.premiumSupport.rawValue
        }
        return try await request.view.render("Organizations/Settings", SettingsPage(
            layout: await request.layout(title: request.t("settings.title")), form: form,
            action: SiteRoute.organizationSettings(membership.$organization.id).path, canManage: membership.role.canManageOrganization,
            vipCode: vipCode, premiumOrderPath: premiumOrderPath,
            supportAccess: try await SupportAccessSummary.load(for: membership.$organization.id, request)
                .choosing(hours: grantForm.values["hours"].flatMap { Int($0) }, product: grantForm.values["product"],
                          canChange: FormSwitch.isTicked(grantForm.values["can_change"])),
            grantForm: grantForm, billingAddressesPath: SiteRoute.billingAddresses(membership.$organization.id).path))
    }

    func saveSettings(_ request: Request) async throws -> Response {
        let membership = try request.managingMembership()
        let form = try request.content.decode(SettingsForm.self)
        do {
            let name = try DisplayName.parse(form.name).validated()
            let organization = membership.organization
            organization.name = name.value
            try await organization.save(on: request.db)
            return request.redirect(to: .organizationSettings(organization.id!), notice: "settings_saved")
        } catch let failure as ValidationFailure {
            return try await renderSettings(request, form: FormState(failure: failure, values: ["name": form.name ?? ""], request: request))
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

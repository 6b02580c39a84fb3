import Fluent
import Foundation
import KontorDomain
import Vapor

/// What the site page does, for a customer (`SitesController`) and for support staff under a grant
/// (`StaffGrantSitesController`) alike: the two differ only in who may change, where the forms go and how a change
/// is audited.
struct SiteHandling {
    let site: HostingSite
    let canChange: Bool
    let actions: SitePage.Actions
    let breadcrumbs: [SitePage.Choice]
    /// Where the page is, to come back to after a change.
    let page: SiteRoute
    /// Writes the audit entry of one change inside its transaction.
    let audit: @Sendable (any Database, GrantAction) async throws -> Void
    /// The answer to someone who may only read.
    var refusal = AppError.membershipRefused(.notPermitted)

    func render(_ request: Request, status: HTTPResponseStatus = .ok, adjust: (inout SitePage) -> Void = { _ in }) async throws -> Response {
        let siteID = try site.requireID()
        let names = try await SiteService(db: request.db).mysqlNames(of: site.$product.id)
        let variables = try await SiteVariables(db: request.db, secretKey: request.kontor.config.secretKey).list(of: siteID)
        var page = await SitePage(request, site: site, names: names, variables: variables, canChange: canChange, actions: actions, breadcrumbs: breadcrumbs)
        adjust(&page)
        return try await request.view.render("Sites/Site", page).encodeResponse(status: status, for: request)
    }

    /// "Guardar" on the PHP / Apache tab. Switching the MySQL prefix option off first shows what configuration files
    /// must change ("Implicaciones y ajustes a realizar") and asks to confirm.
    func saveSettings(_ request: Request) async throws -> Response {
        guard canChange else { throw refusal }
        let form = try request.content.decode(SiteForms.Settings.self)
        let prefixOn: Bool? = site.product.serverPrefix == nil ? nil : FormSwitch.isTicked(form.mysql_prefix)
        if site.mysqlPrefixEnabled, prefixOn == false, form.confirm != "yes" {
            return try await render(request) { page in
                page.confirmingPrefixOff = true
                page.requestedPHPVersion = form.php_version
            }
        }
        return try await refusedOnPage(request) {
            let changes = try await SiteService(db: request.db).changeSettings(
                site, phpVersion: form.php_version, mysqlPrefix: prefixOn, offered: request.kontor.config.phpVersions) { db, changes in
                for change in changes { try await audit(db, GrantAction(action: change.action, to: change.value, product: site.domainName)) }
            }
            let notice = changes.contains { $0.setting == "mysql_prefix" } ? (site.mysqlPrefixEnabled ? "mysql_prefix_on" : "mysql_prefix_off") : "settings_saved"
            return request.redirect(to: page, notice: notice)
        }
    }

    func addVariable(_ request: Request) async throws -> Response {
        guard canChange else { throw refusal }
        let form = try request.content.decode(SiteForms.NewVariable.self)
        let secret = FormSwitch.isTicked(form.secret)
        let keepTyped: (inout SitePage) -> Void = { page in
            (page.draftName, page.draftSecret) = (form.name, secret)
            page.draftValue = secret ? nil : form.value
        }
        return try await refusedOnPage(request, keeping: keepTyped) {
            _ = try await variables(request).add(to: try site.requireID(), name: form.name, value: form.value, isSecret: secret,
                                                 now: request.now) { db, variable in
                try await audit(db, GrantAction(action: "variable_added", to: variable.name, product: site.domainName))
            }
            return request.redirect(to: page, notice: "variable_added")
        }
    }

    /// A secret's field comes empty: left empty, the value stays as it was.
    func changeVariable(_ request: Request) async throws -> Response {
        guard canChange else { throw refusal }
        let form = try request.content.decode(SiteForms.ChangedVariable.self)
        let id = try request.id("variableID")
        let current = try await variables(request).variable(id, of: try site.requireID())
        let secret = FormSwitch.isTicked(form.secret)
        let value = current.isSecret && (form.value ?? "").isEmpty ? nil : form.value ?? ""
        guard let version = form.version else { throw ValidationFailure([FieldError(field: "version", messageKey: "error.required")]) }
        return try await refusedOnPage(request, variable: current.name) {
            _ = try await variables(request).change(id, of: try site.requireID(), value: value, isSecret: secret, expectedVersion: version, now: request.now) { db, variable in
                try await audit(db, GrantAction(action: "variable_changed", to: variable.name, product: site.domainName))
            }
            return request.redirect(to: page, notice: "variable_changed")
        }
    }

    func deleteVariable(_ request: Request) async throws -> Response {
        guard canChange else { throw refusal }
        try await variables(request).delete(try request.id("variableID"), of: try site.requireID()) { db, variable in
            try await audit(db, GrantAction(action: "variable_deleted", to: variable.name, product: site.domainName))
        }
        return request.redirect(to: page, notice: "variable_deleted")
    }

    private func variables(_ request: Request) -> SiteVariables {
        SiteVariables(db: request.db, secretKey: request.kontor.config.secretKey)
    }

    /// A refused form is said on the site page itself, next to what was refused: 422 for a field, 409 for a change
    /// that met another one.
    private func refusedOnPage(_ request: Request, variable: String? = nil, keeping typed: (inout SitePage) -> Void = { _ in },
                               _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let failure as ValidationFailure {
            // Each error names its field ("Name: This field is required."), since the banner stands above the form.
            let sentence = failure.errors.map { error in
                let message = request.t(error.messageKey, Self.limits.merging(error.arguments) { $1 })
                guard let label = Self.fieldLabels[error.field] else { return message }
                return request.t(label) + ": " + message
            }.joined(separator: " ")
            return try await render(request, status: .unprocessableEntity) { $0.formError = sentence; $0.formErrorVariable = variable; typed(&$0) }
        } catch let error as AppError {
            guard case .conflict(let key, let arguments) = error else { throw error }
            let sentence = request.t(key, arguments)
            return try await render(request, status: .conflict) { $0.formError = sentence; $0.formErrorVariable = variable; typed(&$0) }
        }
    }

    static let fieldLabels = ["name": "sites.variables.name", "value": "sites.variables.value", "php_version": "sites.php.version"]

    static let limits = ["limit": String(EnvironmentVariableRules.maximumCount), "bytes": String(EnvironmentVariableRules.maximumValueBytes),
                         "length": String(EnvironmentVariableRules.maximumNameLength)]
}

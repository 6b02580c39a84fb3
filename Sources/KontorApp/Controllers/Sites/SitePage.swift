import Foundation
import KontorDomain
import Vapor

/// The site page (customers' and support staff's alike): its "advanced settings" with the PHP / Apache tab — PHP
/// version, the MySQL prefix option with the name every database and user needs with it on and off — and its
/// environment variables, secret values masked.
struct SitePage: Encodable {
    /// Where the page's forms go: the customer's routes or the support grant's.
    struct Actions: Sendable {
        let page: String
        let settings: String
        let addVariable: String
        let variable: @Sendable (UUID) -> String
        let deleteVariable: @Sendable (UUID) -> String
    }
    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }
    struct NameRow: Encodable {
        let kind: String
        let withOptionOn: String
        let withOptionOff: String
        /// What scripts use now.
        let current: String
    }
    struct Variable: Encodable {
        let id: String
        let name: String
        /// nil for a secret: never sent to the browser once saved.
        let value: String?
        let isSecret: Bool
        let version: Int
        let action: String
        let deleteAction: String
    }

    let layout: LayoutModel
    let breadcrumbs: [Choice]
    let domain: String
    let productName: String
    let canChange: Bool
    let phpVersion: String
    let phpVersionOffered: Bool
    let phpVersions: [Choice]
    let hasMySQLPrefix: Bool
    let mysqlPrefixEnabled: Bool
    let migratedFromOlderOffer: Bool
    let namePrefix: String
    let names: [NameRow]
    let variables: [Variable]
    let variableLimit: String
    let valueLimit: String
    let canAddVariable: Bool
    let settingsAction: String
    let addVariableAction: String
    /// The page itself: where "Cancel" on the confirmation step goes.
    let pagePath: String
    /// Set on the confirmation step before switching the option off.
    var confirmingPrefixOff = false
    /// What the form asked for, carried through the confirmation step.
    var requestedPHPVersion: String? = nil
    /// A refused form, said on the page: the field and the sentence.
    var formError: String? = nil
    var formErrorVariable: String? = nil
    /// What was typed into the add form when it was refused, shown again (a secret's value is not sent back).
    var draftName: String? = nil
    var draftValue: String? = nil
    var draftSecret = false

    init(_ request: Request, site: HostingSite, names: [MySQLObjectName], variables: [SiteEnvironmentVariable], canChange: Bool,
         actions: Actions, breadcrumbs: [Choice]) async {
        layout = await request.layout(title: site.domainName)
        self.breadcrumbs = breadcrumbs
        domain = site.domainName
        productName = site.product.name
        self.canChange = canChange
        let offered = request.kontor.config.phpVersions
        phpVersion = site.phpVersion
        phpVersionOffered = PHPVersion(site.phpVersion).map { offered.contains($0) } ?? false
        var choices = offered.reversed().map { Choice(value: $0.description, label: "PHP \($0)", selected: $0.description == site.phpVersion) }
        if !phpVersionOffered {
            choices.append(Choice(value: site.phpVersion, label: request.t("sites.php.not_offered", ["version": site.phpVersion]), selected: true))
        }
        phpVersions = choices
        let prefix = site.product.serverPrefix
        hasMySQLPrefix = prefix != nil
        mysqlPrefixEnabled = site.mysqlPrefixEnabled
        migratedFromOlderOffer = site.migratedFromOlderOffer
        namePrefix = prefix?.namePrefix ?? ""
        self.names = prefix.map { prefix in
            names.map { name in
                let script = name.scriptNames(prefix: prefix)
                return NameRow(kind: request.t("sites.names.kind_\(name.kind.rawValue)"), withOptionOn: script.withOptionOn,
                               withOptionOff: script.withOptionOff, current: script.name(optionEnabled: site.mysqlPrefixEnabled))
            }
        } ?? []
        self.variables = variables.map { variable in
            Variable(id: variable.id!.uuidString, name: variable.name, value: variable.isSecret ? nil : variable.value ?? "",
                     isSecret: variable.isSecret, version: variable.version, action: actions.variable(variable.id!),
                     deleteAction: actions.deleteVariable(variable.id!))
        }
        variableLimit = String(EnvironmentVariableRules.maximumCount)
        valueLimit = String(EnvironmentVariableRules.maximumValueBytes)
        canAddVariable = variables.count < EnvironmentVariableRules.maximumCount
        settingsAction = actions.settings
        addVariableAction = actions.addVariable
        pagePath = actions.page
    }
}

/// The forms of the site page.
enum SiteForms {
    struct Settings: Content {
        var php_version: String?
        var mysql_prefix: String?
        /// `yes` once the person has read what switching the option off means.
        var confirm: String?
    }
    struct NewVariable: Content {
        var name: String?
        var value: String?
        var secret: String?
    }
    struct ChangedVariable: Content {
        var value: String?
        var secret: String?
        var version: Int?
    }
}

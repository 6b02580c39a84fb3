import Fluent
import Foundation
import KontorDomain

/// A web hosting's sites and their PHP / Apache settings (seed guide "Prefijo MySQL"). Who may call it is decided by
/// the caller (`Request.productManager(of:)`, or a support grant that may change settings); this service keeps the
/// sites' own rules and writes each change with its audit entry in one transaction.
struct SiteService {
    let db: any Database

    /// The sites of every web hosting of the organization, by domain.
    func sites(ofOrganization organizationID: UUID) async throws -> [HostingSite] {
        try await HostingSite.query(on: db).join(Product.self, on: \HostingSite.$product.$id == \Product.$id)
            .filter(Product.self, \.$organization.$id == organizationID).with(\.$product).sort(\.$domainName).all()
    }

    /// The sites of one web hosting, by domain.
    func sites(of productID: UUID) async throws -> [HostingSite] {
        try await HostingSite.query(on: db).filter(\.$product.$id == productID).sort(\.$domainName).all()
    }

    /// The site of `organizationID` with this id, its hosting loaded; another organization's site is a 404 like an
    /// unknown one.
    func site(_ id: UUID, in organizationID: UUID) async throws -> HostingSite {
        guard let site = try await HostingSite.query(on: db).filter(\.$id == id).with(\.$product).first(),
              site.product.$organization.id == organizationID else { throw AppError.notFound }
        return site
    }

    /// The hosting's databases and database users, databases first, each by name.
    func mysqlNames(of productID: UUID) async throws -> [MySQLObjectName] {
        try await HostingMySQLName.query(on: db).filter(\.$product.$id == productID).all().compactMap(\.objectName).sorted()
    }

    /// One setting that changed, for the audit entry: `php_version 8.3`, `mysql_prefix off`.
    struct Change: Equatable, Sendable {
        let setting: String
        let value: String
        var action: String { setting == "mysql_prefix" ? "mysql_prefix_" + value : setting }
    }

    /// Applies what is given (nil leaves it as it is), checked whole; writes and audits only what changed, in one
    /// transaction under the site's row lock, so two saves at once apply one after the other.
    func changeSettings(_ site: HostingSite, phpVersion rawVersion: String?, mysqlPrefix: Bool?, offered: [PHPVersion],
                        audit: @escaping @Sendable (any Database, [Change]) async throws -> Void) async throws -> [Change] {
        let version: PHPVersion? = if let rawVersion, rawVersion != site.phpVersion {
            try PHPVersion.choose(rawVersion, among: offered).validated()
        } else {
            nil
        }
        if mysqlPrefix != nil, site.product.serverPrefix == nil {
            throw ValidationFailure([FieldError(field: "mysql_prefix", messageKey: "error.products.mysql_prefix_unavailable")])
        }
        let siteID = try site.requireID()
        return try await db.transaction { db in
            try await db.lockForUpdate(HostingSite.self, id: siteID)
            guard let current = try await HostingSite.find(siteID, on: db) else { throw AppError.notFound }
            var changes: [Change] = []
            if let version, version.description != current.phpVersion {
                current.phpVersion = version.description
                changes.append(Change(setting: "php_version", value: version.description))
            }
            if let mysqlPrefix, mysqlPrefix != current.mysqlPrefixEnabled {
                current.mysqlPrefixEnabled = mysqlPrefix
                changes.append(Change(setting: "mysql_prefix", value: mysqlPrefix ? "on" : "off"))
            }
            guard !changes.isEmpty else { return [] }
            try await current.save(on: db)
            try await audit(db, changes)
            site.phpVersion = current.phpVersion
            site.mysqlPrefixEnabled = current.mysqlPrefixEnabled
            return changes
        }
    }
}

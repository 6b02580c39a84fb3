import Fluent
import Foundation
import KontorDomain

/// What the provider's provisioning puts on a web hosting (`kontor add-product`, `kontor add-to-hosting`): sites,
/// MySQL databases and database users. Checked whole and written in one transaction: all of it or none.
struct HostingProvisioning {
    struct Items: Sendable {
        var sites: [String] = []
        /// Sites moved from an older offer: the MySQL prefix option starts on (seed guide "Prefijo MySQL").
        var migratedSites: [String] = []
        var databases: [String] = []
        var databaseUsers: [String] = []
        /// The sites' PHP line; nil for the newest the provider offers.
        var phpVersion: String?

        var isEmpty: Bool { sites.isEmpty && migratedSites.isEmpty && databases.isEmpty && databaseUsers.isEmpty }

        /// `a.ch, b.ch` as given on a command line.
        static func list(_ raw: String?) -> [String] {
            (raw ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    let db: any Database

    /// A web hosting that is gone (an order cancelled before it started, or deleted after its retention days) gives
    /// back what it held on the provider's servers: its sites (one virtual host per name, so the name can be ordered
    /// again) with their environment variables, and its database names. The product stays, deleted, for the records.
    static func release(_ productID: UUID, on db: any Database) async throws {
        let sites = try await HostingSite.query(on: db).filter(\.$product.$id == productID).all(\.$id)
        if !sites.isEmpty { try await SiteEnvironmentVariable.query(on: db).filter(\.$site.$id ~~ sites).delete() }
        try await HostingSite.query(on: db).filter(\.$product.$id == productID).delete()
        try await HostingMySQLName.query(on: db).filter(\.$product.$id == productID).delete()
    }

    /// The checked items, or every problem at once.
    func check(_ items: Items, for product: Product, offered: [PHPVersion]) throws -> (sites: [(SiteDomainName, Bool)], names: [MySQLObjectName], php: PHPVersion) {
        var errors: [FieldError] = []
        guard product.kind == .webHosting, let prefix = product.serverPrefix else {
            throw ValidationFailure([FieldError(field: "sites", messageKey: "error.sites.not_web_hosting")])
        }
        var php = offered.max()
        if let raw = items.phpVersion {
            switch PHPVersion.choose(raw, among: offered) {
            case .success(let version): php = version
            case .failure(let error): errors.append(error)
            }
        }
        var sites: [(SiteDomainName, Bool)] = []
        let domains: [(String, Bool)] = items.sites.map { ($0, false) } + items.migratedSites.map { ($0, true) }
        for (raw, migrated) in domains {
            switch SiteDomainName.parse(raw, field: "sites") {
            case .success(let domain): sites.append((domain, migrated))
            case .failure(let error): errors.append(error)
            }
        }
        var names: [MySQLObjectName] = []
        let wanted: [(String, MySQLObjectName.Kind, String)] = items.databases.map { ($0, MySQLObjectName.Kind.database, "databases") }
            + items.databaseUsers.map { ($0, MySQLObjectName.Kind.user, "database_users") }
        for (raw, kind, field) in wanted {
            switch MySQLObjectName.parse(raw, kind: kind, prefix: prefix, field: field) {
            case .success(let name): names.append(name)
            case .failure(let error): errors.append(error)
            }
        }
        try ValidationFailure.check(errors)
        guard let php else { throw ValidationFailure([FieldError(field: "php_version", messageKey: "error.sites.php_version")]) }
        return (sites, names, php)
    }

    /// Adds the items to the hosting; a domain that already has a site, or a name the hosting already has, refuses all.
    func add(_ items: Items, to product: Product, offered: [PHPVersion], now: Date) async throws {
        let (sites, names, php) = try check(items, for: product, offered: offered)
        let productID = try product.requireID()
        do {
            try await db.transaction { db in
                for (domain, migrated) in sites {
                    if try await HostingSite.query(on: db).filter(\.$domainName == domain.value).first() != nil {
                        throw ValidationFailure([FieldError(field: "sites", messageKey: "error.sites.domain_taken")])
                    }
                    try await HostingSite(productID: productID, domain: domain, phpVersion: php, migratedFromOlderOffer: migrated, now: now).create(on: db)
                }
                for name in names {
                    try await HostingMySQLName(productID: productID, name: name, now: now).create(on: db)
                }
            }
        } catch where ConcurrentChange(error) == .conflict {
            throw ValidationFailure([FieldError(field: "databases", messageKey: "error.sites.name_taken")])
        }
    }
}

import Foundation
import KontorDomain
import Vapor

extension APIModels {
    struct Site: Content {
        struct MySQLPrefix: Content {
            /// `wxyz_`: what the hosting's database and user names start with.
            let namePrefix: String
            let enabled: Bool
            let migratedFromOlderOffer: Bool
            /// The option is on: switching it off is recommended (seed guide "Prefijo MySQL").
            let switchingOffRecommended: Bool
        }
        struct MySQLName: Content {
            /// `database` or `user`.
            let kind: String
            let withOptionOn: String
            let withOptionOff: String
        }
        let id: UUID
        let productID: UUID
        let domainName: String
        let phpVersion: String
        let phpVersionOffered: Bool
        let phpVersions: [String]
        let mysqlPrefix: MySQLPrefix?
        let mysqlNames: [MySQLName]
    }
    struct SiteChanges: Content {
        var phpVersion: String?
        var mysqlPrefix: Bool?
    }
    /// A secret's value is never returned: `value` is absent and `isSecret` true.
    struct EnvironmentVariable: Content {
        let id: UUID
        let name: String
        let value: String?
        let isSecret: Bool
        let version: Int
        let updatedAt: Date
    }
    struct NewEnvironmentVariable: Content {
        var name: String?
        var value: String?
        var isSecret: Bool?
    }
    struct EnvironmentVariableChanges: Content {
        var value: String?
        var isSecret: Bool?
        /// The version the change starts from; another one is a 409.
        var version: Int?
    }

    static func site(_ site: HostingSite, names: [MySQLObjectName], offered: [PHPVersion]) -> Site {
        let prefix = site.product.serverPrefix
        return Site(id: site.id!, productID: site.$product.id, domainName: site.domainName, phpVersion: site.phpVersion,
                    phpVersionOffered: PHPVersion(site.phpVersion).map { offered.contains($0) } ?? false, phpVersions: offered.map(\.description),
                    mysqlPrefix: prefix.map { .init(namePrefix: $0.namePrefix, enabled: site.mysqlPrefixEnabled,
                                                    migratedFromOlderOffer: site.migratedFromOlderOffer, switchingOffRecommended: site.mysqlPrefixEnabled) },
                    mysqlNames: prefix.map { prefix in
                        names.map { name in
                            let script = name.scriptNames(prefix: prefix)
                            return Site.MySQLName(kind: name.kind.rawValue, withOptionOn: script.withOptionOn, withOptionOff: script.withOptionOff)
                        }
                    } ?? [])
    }

    static func environmentVariable(_ variable: SiteEnvironmentVariable) -> EnvironmentVariable {
        EnvironmentVariable(id: variable.id!, name: variable.name, value: variable.isSecret ? nil : variable.value ?? "",
                            isSecret: variable.isSecret, version: variable.version, updatedAt: variable.updatedAt)
    }
}

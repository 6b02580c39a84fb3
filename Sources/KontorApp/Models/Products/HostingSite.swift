import Fluent
import Foundation
import KontorDomain

/// A site of a web hosting: the domain it answers on and its "PHP / Apache" settings — the PHP line, the MySQL
/// prefix option (seed guide "Prefijo MySQL") and its environment variables.
final class HostingSite: Model, @unchecked Sendable {
    static let schema = "hosting_sites"

    @ID(key: .id) var id: UUID?
    @Parent(key: "product_id") var product: Product
    @Field(key: "domain_name") var domainName: String
    @Field(key: "php_version") var phpVersion: String
    /// Whether scripts may leave the server's prefix out of database and user names.
    @Field(key: "mysql_prefix_enabled") var mysqlPrefixEnabled: Bool
    /// Moved from an older offer: the option starts on, and the page recommends switching it off.
    @Field(key: "migrated_from_older_offer") var migratedFromOlderOffer: Bool
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $product, $domainName, $phpVersion, $mysqlPrefixEnabled, $migratedFromOlderOffer, $createdAt
        ]
    }

    init() {}

    init(productID: UUID, domain: SiteDomainName, phpVersion: PHPVersion, migratedFromOlderOffer: Bool, now: Date) {
        $product.id = productID
        domainName = domain.value
        self.phpVersion = phpVersion.description
        // "la opción … está activada por defecto" after a migration; a new site starts without it.
        mysqlPrefixEnabled = migratedFromOlderOffer
        self.migratedFromOlderOffer = migratedFromOlderOffer
        createdAt = now
    }
}

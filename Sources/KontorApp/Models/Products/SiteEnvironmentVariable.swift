import Fluent
import Foundation

/// One environment variable of a site. A secret's value is sealed with the server's key and is never shown or
/// returned again, only replaced; `version` counts changes so concurrent edits are told apart.
final class SiteEnvironmentVariable: Model, @unchecked Sendable {
    static let schema = "site_environment_variables"

    @ID(key: .id) var id: UUID?
    @Parent(key: "site_id") var site: HostingSite
    @Field(key: "name") var name: String
    /// The value of a variable that is not secret; nil for a secret.
    @OptionalField(key: "value") var value: String?
    /// A secret's value, sealed (`SecretSealing`); nil otherwise.
    @OptionalField(key: "sealed_value") var sealedValue: String?
    @Field(key: "is_secret") var isSecret: Bool
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $site, $name, $value, $sealedValue, $isSecret, $version, $createdAt, $updatedAt] }

    init() {}

    init(siteID: UUID, name: String, now: Date) {
        $site.id = siteID
        self.name = name
        isSecret = false
        version = 1
        createdAt = now
        updatedAt = now
    }
}

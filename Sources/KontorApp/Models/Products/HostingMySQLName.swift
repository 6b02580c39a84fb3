import Fluent
import Foundation
import KontorDomain

/// A MySQL database or database user of a web hosting, by its name without the server's prefix.
final class HostingMySQLName: Model, @unchecked Sendable {
    static let schema = "hosting_mysql_names"

    @ID(key: .id) var id: UUID?
    @Parent(key: "product_id") var product: Product
    @Field(key: "kind") var kindRaw: String
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $product, $kindRaw, $name, $createdAt] }

    init() {}

    init(productID: UUID, name: MySQLObjectName, now: Date) {
        $product.id = productID
        kindRaw = name.kind.rawValue
        self.name = name.value
        createdAt = now
    }

    /// nil for a kind this version does not know.
    var objectName: MySQLObjectName? { MySQLObjectName.Kind(rawValue: kindRaw).map { MySQLObjectName.stored(name, kind: $0) } }
}

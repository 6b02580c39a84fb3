import Fluent
import Foundation

/// A member holding a seat of a kSuite (`SuiteService`); while they do, they cannot leave the organization.
final class SuiteSeat: Model, @unchecked Sendable {
    static let schema = "suite_seats"

    @ID(key: .id) var id: UUID?
    @Parent(key: "product_id") var product: Product
    @Parent(key: "user_id") var user: User
    @OptionalField(key: "assigned_by_user_id") var assignedByUserID: UUID?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $product, $user, $assignedByUserID, $createdAt] }

    init() {}

    init(productID: UUID, userID: UUID, assignedBy: UUID?, now: Date) {
        $product.id = productID
        $user.id = userID
        assignedByUserID = assignedBy
        createdAt = now
    }
}

/// One upgrade of a kSuite's plan and what it invoiced (`SuiteService.upgrade`).
final class SuiteUpgrade: Model, @unchecked Sendable {
    static let schema = "suite_upgrades"

    @ID(key: .id) var id: UUID?
    @Parent(key: "product_id") var product: Product
    @Field(key: "idempotency_key") var idempotencyKey: String
    @OptionalField(key: "catalog_item_id") var catalogItemID: UUID?
    @Field(key: "from_users") var fromUsers: Int
    @Field(key: "from_storage_gb") var fromStorageGB: Int
    @Field(key: "to_users") var toUsers: Int
    @Field(key: "to_storage_gb") var toStorageGB: Int
    /// Nil when the prorated charge came to nothing (no days left, or a larger plan priced no higher).
    @OptionalField(key: "invoice_id") var invoiceID: UUID?
    @Field(key: "amount_minor") var amountMinor: Int64
    @Field(key: "currency") var currencyCode: String
    @OptionalField(key: "upgraded_by_user_id") var upgradedByUserID: UUID?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $product, $idempotencyKey, $catalogItemID, $fromUsers, $fromStorageGB, $toUsers, $toStorageGB, $invoiceID,
            $amountMinor, $currencyCode, $upgradedByUserID, $createdAt
        ]
    }

    init() {}
}

/// An address of a mail service, on one of the organization's domains.
final class Mailbox: Model, @unchecked Sendable {
    static let schema = "mailboxes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "product_id") var product: Product
    @Field(key: "address") var address: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $product, $address, $createdAt] }

    init() {}

    init(productID: UUID, address: String, now: Date) {
        $product.id = productID
        self.address = address
        createdAt = now
    }
}

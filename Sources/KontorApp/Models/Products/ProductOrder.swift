import Fluent
import Foundation
import KontorDomain

/// One order: the product it created, what was bought (item, period, price at the time) and the invoice it issued.
/// `awaiting_payment` until the invoice is paid (or at once for an organization allowed to pay later), then `active`;
/// `cancelled` when the customer cancelled it before paying anything (`OrderCancellation`).
final class ProductOrder: Model, @unchecked Sendable {
    static let schema = "product_orders"

    enum Status: String, Sendable { case awaitingPayment = "awaiting_payment", active, cancelled }

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Parent(key: "product_id") var product: Product
    @OptionalParent(key: "catalog_item_id") var catalogItem: CatalogItem?
    /// The item's name when ordered, kept if the item is renamed or removed.
    @Field(key: "item_name") var itemName: String
    @Field(key: "period_months") var periodMonths: Int
    @Field(key: "currency") var currencyCode: String
    @Field(key: "unit_minor") var unitMinor: Int64
    @OptionalField(key: "invoice_id") var invoiceID: UUID?
    @OptionalField(key: "billing_address_id") var billingAddressID: UUID?
    @Field(key: "renewal_warranty") var renewalWarranty: Bool
    @OptionalField(key: "ordered_by_user_id") var orderedByUserID: UUID?
    @OptionalField(key: "provisioned_by_staff_id") var provisionedByStaffID: UUID?
    @Field(key: "idempotency_key") var idempotencyKey: String
    /// The fingerprint of the request placed with `idempotencyKey` (`OrderRequest.Input.fingerprint`); nil before M067.
    @OptionalField(key: "request_hash") var requestHash: String?
    @Field(key: "status") var statusRaw: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "activated_at") var activatedAt: Date?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $organization, $product, $catalogItem, $itemName, $periodMonths, $currencyCode, $unitMinor, $invoiceID,
            $billingAddressID, $renewalWarranty, $orderedByUserID, $provisionedByStaffID, $idempotencyKey, $requestHash, $statusRaw,
            $createdAt, $activatedAt
        ]
    }

    init() {}

    var status: Status { Status(rawValue: statusRaw) ?? .active }
    var currency: Currency { Currency(code: currencyCode) ?? .chf }
    var unitPrice: Money { Money(minorUnits: unitMinor, currency: currency) }
}

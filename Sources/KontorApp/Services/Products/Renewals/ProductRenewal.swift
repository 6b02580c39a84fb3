import Fluent
import Foundation
import KontorDomain

/// One renewal of one product: the period it bought and the invoice that charges it. Unique per product and
/// `period_start` (the expiry it renewed from): the run, a second server and "renew now" renew a period once.
final class ProductRenewal: Model, @unchecked Sendable {
    static let schema = "product_renewals"

    @ID(key: .id) var id: UUID?
    @Field(key: "product_id") var productID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "period_start") var periodStart: String
    @Field(key: "period_end") var periodEnd: String
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "invoice_id") var invoiceID: UUID?
    /// The renewals page's form key (or the API's `idempotencyKey`): a second click renews nothing more.
    @OptionalField(key: "request_key") var requestKey: String?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $productID, $organizationID, $periodStart, $periodEnd, $kindRaw, $invoiceID, $requestKey, $createdAt
        ]
    }

    init() {}

    var kind: RenewalKind? { RenewalKind(rawValue: kindRaw) }
}

/// A renewal notice sent (`RenewalNoticeKind`), recorded once per product, expiry and day offset.
final class RenewalNoticeRecord: Model, @unchecked Sendable {
    static let schema = "renewal_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "product_id") var productID: UUID
    @Field(key: "kind") var kindRaw: String
    @Field(key: "expires_on") var expiresOn: String
    @Field(key: "days_before") var daysBefore: Int
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $productID, $kindRaw, $expiresOn, $daysBefore, $createdAt] }

    init() {}
}

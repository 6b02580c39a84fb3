import Fluent
import Foundation

/// The answer the staff API gave to an invoice issue sent with an `Idempotency-Key`: a retry with the same key
/// gets it again instead of a second invoice.
final class StaffIdempotencyKey: Model, @unchecked Sendable {
    static let schema = "staff_api_idempotency_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "staff_member_id") var staffMemberID: UUID
    @Field(key: "idempotency_key") var key: String
    /// SHA-256 of the request body: the same key with another body is refused, not answered with this invoice.
    @Field(key: "request_hash") var requestHash: String
    @Field(key: "invoice_id") var invoiceID: UUID
    @Field(key: "status") var status: Int
    @Field(key: "response_body") var responseBody: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $staffMemberID, $key, $requestHash, $invoiceID, $status, $responseBody, $createdAt] }

    init() {}
}

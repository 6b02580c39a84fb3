import Fluent
import Foundation

/// A form or API call that was carried out once (`FormSubmissions`).
final class FormSubmission: Model, @unchecked Sendable {
    static let schema = "form_submissions"

    @ID(key: .id) var id: UUID?
    /// The person's scope and the key they sent ("user:<id>|<key>"), so one person's key never meets another's.
    @Field(key: "form_key") var key: String
    /// SHA-256 of what the form asked for: the same key with other values is refused, not taken as done.
    @Field(key: "request_hash") var requestHash: String
    /// What it created (a product, an organization): a resend is answered with it.
    @Field(key: "result_id") var resultID: UUID
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $key, $requestHash, $resultID, $createdAt] }

    init() {}
}

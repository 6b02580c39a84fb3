import Fluent
import Foundation

/// One entry of the security log: sign-ins and failures, denied access, staff actions (ASVS 16.3).
final class SecurityEvent: Model, @unchecked Sendable {
    static let schema = "security_events"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "user_id") var userID: UUID?
    @OptionalField(key: "staff_member_id") var staffMemberID: UUID?
    @OptionalField(key: "organization_id") var organizationID: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "ip_address") var ipAddress: String
    @Field(key: "user_agent") var userAgent: String
    @Field(key: "detail") var detail: String
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $userID, $staffMemberID, $organizationID, $kind, $ipAddress, $userAgent, $detail, $createdAt
        ]
    }

    init() {}
}

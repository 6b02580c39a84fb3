import Fluent
import Foundation
import KontorDomain

/// A customer's request to have their second factors removed after proving who they are
/// (lost device, no backup codes). Staff decide it once; the documents are deleted after the retention period.
final class IdentityRequest: Model, @unchecked Sendable {
    static let schema = "identity_requests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "status") var statusValue: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "ip_address") var ipAddress: String
    @Field(key: "user_agent") var userAgent: String
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalParent(key: "decided_by_staff_id") var decidedBy: StaffMember?
    /// The reviewer's reason, shown to the customer when the request is rejected.
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "documents_deleted_at") var documentsDeletedAt: Date?
    @Children(for: \.$request) var documents: [IdentityDocument]

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $user, $statusValue, $createdAt, $ipAddress, $userAgent, $decidedAt, $decidedBy, $reason, $documentsDeletedAt,
            $documents
        ]
    }

    init() {}

    init(userID: UUID, now: Date, ipAddress: String, userAgent: String) {
        $user.id = userID
        statusValue = IdentityRequestStatus.pending.rawValue
        createdAt = now
        self.ipAddress = ipAddress
        self.userAgent = userAgent
    }

    var status: IdentityRequestStatus { IdentityRequestStatus(rawValue: statusValue) ?? .pending }
}

/// One picture of a request (document front, back, or selfie), sealed with AES-GCM: a database copy alone
/// shows no identity document.
final class IdentityDocument: Model, @unchecked Sendable {
    static let schema = "identity_documents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "request_id") var request: IdentityRequest
    @Field(key: "side") var sideValue: String
    @Field(key: "document_type") var typeValue: String
    @Field(key: "byte_count") var byteCount: Int
    @Field(key: "sealed_data") var sealedData: Data
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $request, $sideValue, $typeValue, $byteCount, $sealedData, $createdAt] }

    init() {}

    init(requestID: UUID, side: IdentityDocumentPolicy.Side, type: DocumentType, byteCount: Int, sealedData: Data, now: Date) {
        $request.id = requestID
        sideValue = side.rawValue
        typeValue = type.rawValue
        self.byteCount = byteCount
        self.sealedData = sealedData
        createdAt = now
    }

    var type: DocumentType { DocumentType(rawValue: typeValue) ?? .pdf }
}

import Fluent
import Foundation

/// One issue sent to a topic's subscribers, under the key of the form it was sent from (unique per topic).
final class NewsletterSend: Model, @unchecked Sendable {
    static let schema = "newsletter_sends"

    @ID(key: .id) var id: UUID?
    @Parent(key: "topic_id") var topic: NewsletterTopic
    @Field(key: "idempotency_key") var idempotencyKey: String
    /// How many messages were queued.
    @Field(key: "recipients") var recipients: Int
    @OptionalField(key: "sent_by_staff_id") var sentByStaffID: UUID?
    @Field(key: "created_at") var createdAt: Date

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] { [$id, $topic, $idempotencyKey, $recipients, $sentByStaffID, $createdAt] }

    init() {}

    init(topicID: UUID, key: String, recipients: Int, staffID: UUID?, now: Date) {
        $topic.id = topicID
        idempotencyKey = key
        self.recipients = recipients
        sentByStaffID = staffID
        createdAt = now
    }
}

import Fluent
import Foundation

/// An e-mail waiting to be sent, written in the same transaction as the change that causes it.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @OptionalField(key: "html_body") var htmlBody: String?
    @Field(key: "headers_json") var headersJSON: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    /// The server delivering it right now, until `claimedUntil`.
    @OptionalField(key: "claimed_by") var claimedBy: String?
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    /// Given up on after the retry period; shown to staff, who can send it again.
    @OptionalField(key: "failed_at") var failedAt: Date?
    /// When staff sent a failed message again: its retry period starts there instead of at `createdAt`.
    @OptionalField(key: "retry_since") var retrySince: Date?
    /// A file made when the message is sent (`MailAttachmentReference`, e.g. `invoice_pdf:<uuid>`), not its bytes.
    @OptionalField(key: "attachment") var attachment: String?
    /// A message made from a shared template (`TemplatedMail`): `textBody` and `htmlBody` are empty, and the text is
    /// the template's filled in with `templateValues` (a JSON array of strings) when it is sent. `subject` is stored filled in.
    @OptionalField(key: "template_id") var templateID: UUID?
    @OptionalField(key: "template_values") var templateValues: String?

    /// Listed rather than found by reflection on every row read or written (`ListedProperties.swift`).
    var properties: [any AnyProperty] {
        [
            $id, $recipient, $subject, $textBody, $htmlBody, $headersJSON, $createdAt, $attempts, $nextAttemptAt, $sentAt,
            $lastError, $claimedBy, $claimedUntil, $failedAt, $retrySince, $attachment, $templateID, $templateValues
        ]
    }

    init() {}
}

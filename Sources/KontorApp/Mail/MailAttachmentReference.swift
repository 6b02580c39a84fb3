import Foundation

/// What an outbox message attaches, named rather than stored: the file is made when the message is sent, so the
/// outbox row stays small and the transaction that queues it renders nothing.
enum MailAttachmentReference: Equatable, Sendable {
    /// The PDF of an issued invoice or credit note, in the language it was issued in.
    case invoicePDF(UUID)

    /// `invoice_pdf:<uuid>`, as stored in `outbox_messages.attachment`.
    var text: String {
        switch self {
        case .invoicePDF(let id): "invoice_pdf:\(id.uuidString.lowercased())"
        }
    }

    /// Nil for a text no version of Kontor wrote.
    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "invoice_pdf":
            guard let id = UUID(uuidString: parts[1]) else { return nil }
            self = .invoicePDF(id)
        default:
            return nil
        }
    }
}

import Foundation
import KontorMail
import Logging

/// Something that hands a message to the outside world.
protocol MailTransport: Sendable {
    func deliver(_ message: MailMessage, messageID: String) async throws
}

/// Delivery over SMTP to the configured relay.
struct SMTPTransport: MailTransport {
    let client: SMTPClient
    func deliver(_ message: MailMessage, messageID: String) async throws {
        try await client.send(message, messageID: messageID)
    }
}

/// Development delivery: the whole message goes to the log, so a newcomer sees confirmation links.
struct LogTransport: MailTransport {
    let logger = Logger(label: "kontor.mail")
    func deliver(_ message: MailMessage, messageID: String) async throws {
        let files = message.attachments.map { "\n[attached: \($0.filename), \($0.data.count) bytes]" }.joined()
        logger.notice("E-mail to \(message.to): \(message.subject)\n\(message.textBody)\(files)")
    }
}

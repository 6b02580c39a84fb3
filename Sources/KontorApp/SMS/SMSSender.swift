import Foundation
import KontorDomain

/// One text message to a phone. Its JSON form is what the webhook transport posts (docs/operations.md, "SMS").
struct SMSMessage: Codable, Sendable, Equatable {
    /// Unique per message, so a gateway can drop a retried duplicate.
    let id: UUID
    /// The recipient in E.164 form, e.g. `+41791234567`.
    let to: String
    /// The text to send, already in the recipient's language.
    let text: String
    /// Why it is sent: `sign_in` or `phone_verification`.
    let purpose: String
    /// When Kontor created it (ISO 8601 in JSON).
    let createdAt: Date
}

/// Something that hands an SMS to the outside world. Sending is immediate (a sign-in waits for it), so a
/// failure reaches the person at once instead of sitting in a queue while their code expires.
protocol SMSSender: Sendable {
    func send(_ message: SMSMessage) async throws
}

/// Why a message could not be handed over.
struct SMSDeliveryError: Error, CustomStringConvertible {
    let description: String
}

extension AppConfig {
    /// The sender this configuration asks for.
    func makeSMSSender(client: any HTTPPoster) -> any SMSSender {
        switch sms {
        case .log: LogSMSSender(path: nil, refuses: isProduction)
        case .file(let path): LogSMSSender(path: path)
        case .webhook(let url, let secret): WebhookSMSSender(url: url, secret: secret, client: client)
        }
    }
}

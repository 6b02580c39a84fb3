import Foundation

/// An e-mail ready to send: plain text always, HTML optionally, extra headers such as `List-Unsubscribe`, and files.
public struct MailMessage: Sendable, Codable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var textBody: String
    public var htmlBody: String?
    public var headers: [String: String]
    /// Files sent along (an invoice's PDF); empty for most messages.
    public var attachments: [Attachment]

    public init(from: String, to: String, subject: String, textBody: String, htmlBody: String? = nil, headers: [String: String] = [:],
                attachments: [Attachment] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
        self.attachments = attachments
    }

    /// Written by hand only so that messages encoded before attachments existed still decode (as having none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(String.self, forKey: .from)
        to = try container.decode(String.self, forKey: .to)
        subject = try container.decode(String.self, forKey: .subject)
        textBody = try container.decode(String.self, forKey: .textBody)
        htmlBody = try container.decodeIfPresent(String.self, forKey: .htmlBody)
        headers = try container.decode([String: String].self, forKey: .headers)
        attachments = try container.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
    }
}

import Foundation

/// An e-mail ready to send: plain text always, HTML optionally, extra headers such as `List-Unsubscribe`.
public struct MailMessage: Sendable, Codable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var textBody: String
    public var htmlBody: String?
    public var headers: [String: String]

    public init(from: String, to: String, subject: String, textBody: String, htmlBody: String? = nil, headers: [String: String] = [:]) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
    }

    /// The message as RFC 5322 text with MIME parts, every line ending in CRLF.
    public func rendered(messageID: String, date: Date) -> String {
        var lines = [
            "From: \(from)", "To: \(to)", "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))", "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
        ]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { lines.append("\(name): \(value)") }
        let text = Self.base64Lines(textBody)
        if let htmlBody {
            let boundary = "kontor-\(messageID.filter { $0.isLetter || $0.isNumber })"
            lines += [
                "Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "",
                "--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
            ] + text + [
                "--\(boundary)", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", "",
            ] + Self.base64Lines(htmlBody) + ["--\(boundary)--"]
        } else {
            lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", ""] + text
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 2047 encoding for a header holding non-ASCII text.
    static func encodedWord(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            let to = encoded.index(from, offsetBy: min(76, encoded.count - start))
            return String(encoded[from..<to])
        }
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

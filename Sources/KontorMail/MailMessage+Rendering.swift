import Foundation

extension MailMessage {
    /// The message as RFC 5322 text with MIME parts, every line ending in CRLF.
    ///
    /// Without attachments: the text, or a `multipart/alternative` of text and HTML. With attachments: a
    /// `multipart/mixed` whose first part is that body and whose other parts are the files.
    public func rendered(messageID: String, date: Date) -> String {
        var lines = [
            "From: \(MailAddress.ascii(from))", "To: \(MailAddress.ascii(to))", "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))", "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
        ]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { lines.append("\(name): \(value)") }
        let id = messageID.filter { $0.isLetter || $0.isNumber }
        let body = bodyPartLines(boundary: "kontor-\(id)")
        if attachments.isEmpty {
            lines += body
        } else {
            // Neither boundary starts with the other, and base64 never contains "-", so no line is taken for a boundary by mistake.
            let mixed = "kontor-mixed-\(id)"
            lines += ["Content-Type: multipart/mixed; boundary=\"\(mixed)\"", "", "--\(mixed)"] + body
            for attachment in attachments { lines += ["--\(mixed)"] + attachment.partLines() }
            lines.append("--\(mixed)--")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The readable body: its `Content-Type` header, a blank line and the content.
    private func bodyPartLines(boundary: String) -> [String] {
        let text = Self.base64Lines(Array(textBody.utf8))
        guard let htmlBody else {
            return ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", ""] + text
        }
        return [
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "",
            "--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
        ] + text + [
            "--\(boundary)", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64", "",
        ] + Self.base64Lines(Array(htmlBody.utf8)) + ["--\(boundary)--"]
    }

    /// RFC 2047 encoding for a header holding non-ASCII text.
    static func encodedWord(_ text: String) -> String {
        if text.allSatisfy({ $0.isASCII && !$0.isNewline }) { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// RFC 2047 words of at most 64 characters each (39 bytes of UTF-8), never splitting a character: short enough
    /// that a folded header line holding one stays within 78 characters.
    static func encodedWords(_ text: String) -> [String] {
        var chunks: [[UInt8]] = [[]]
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunks[chunks.count - 1].isEmpty, chunks[chunks.count - 1].count + bytes.count > 39 { chunks.append([]) }
            chunks[chunks.count - 1] += bytes
        }
        return chunks.map { "=?UTF-8?B?\(Data($0).base64EncodedString())?=" }
    }

    /// Base64 in lines of 76 characters (RFC 2045), sliced as bytes so a large file costs linear time.
    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            String(decoding: encoded[start..<min(start + 76, encoded.count)], as: UTF8.self)
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

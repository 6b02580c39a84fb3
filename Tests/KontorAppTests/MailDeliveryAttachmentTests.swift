import Foundation
import KontorMail
import Testing

@Suite("E-mail attachments: MIME that a real SMTP server carries and Python's email package reads back")
struct MailDeliveryAttachmentTests {
    /// PDF-looking bytes that use every byte value, long enough for many base64 lines.
    static let pdfBytes: [UInt8] = Array("%PDF-1.7\n%\u{E2}\u{E3}\n".utf8) + (0..<4_000).map { UInt8($0 % 256) } + Array("\n.\r\n%%EOF\n".utf8)

    /// A generous timeout: this checks MIME, not speed, and a full test run on a shared machine can be slow.
    static func send(_ message: MailMessage, through server: TestSMTPServer) async throws -> ParsedMail {
        try await SMTPClient(configuration: .init(host: "127.0.0.1", port: server.port, timeoutSeconds: 90)).send(message, messageID: "\(UUID().uuidString)@kontor.test")
        let raw = try #require(server.messages().first { $0.contains("To: \(message.to)") })
        return try await ParsedMail.parse(raw)
    }

    @Test("a PDF with a long non-ASCII name goes beside the text and HTML, byte for byte")
    func pdfBesideTextAndHTML() async throws {
        try await TestSMTPServer.with { (server: TestSMTPServer) async throws in
            let filename = "Rechnung März 2026 – Müller & Söhne, Zürich (Kopie für die Buchhaltung).pdf"
            let message = MailMessage(from: "Kontor <no-reply@kontor.test>", to: "ana@example.test", subject: "Rechnung INV-000001",
                                      textBody: "Grüezi\nDie Rechnung liegt bei.", htmlBody: "<p>Grüezi</p>",
                                      attachments: [.init(filename: filename, contentType: "application/pdf", data: Self.pdfBytes)])
            let parsed = try await Self.send(message, through: server)
            #expect(parsed.defects.isEmpty, "\(parsed.defects)")
            #expect(parsed.contentType == "multipart/mixed")
            #expect(parsed.text == message.textBody + "\n" || parsed.text == message.textBody)
            #expect(parsed.html == message.htmlBody! + "\n" || parsed.html == message.htmlBody)
            let attachment = try #require(parsed.attachments.first)
            #expect(parsed.attachments.count == 1)
            #expect(attachment.filename == filename && attachment.contentType == "application/pdf")
            #expect(attachment.bytes == Self.pdfBytes)
        }
    }

    @Test("a text-only message carries several attachments in order")
    func textWithTwoAttachments() async throws {
        try await TestSMTPServer.with { (server: TestSMTPServer) async throws in
            let files: [MailMessage.Attachment] = [.init(filename: "INV-000001.pdf", contentType: "application/pdf", data: Self.pdfBytes),
                                                   .init(filename: "notes.txt", contentType: "text/plain", data: Array("line\r\n.\r\n".utf8))]
            let message = MailMessage(from: "no-reply@kontor.test", to: "bob@example.test", subject: "Two files", textBody: "See attached.",
                                      attachments: files)
            let parsed = try await Self.send(message, through: server)
            #expect(parsed.defects.isEmpty, "\(parsed.defects)")
            #expect(parsed.text?.hasPrefix("See attached.") == true && parsed.html == nil)
            #expect(parsed.attachments.map(\.filename) == ["INV-000001.pdf", "notes.txt"])
            #expect(parsed.attachments.map(\.bytes) == files.map(\.data))
        }
    }

    @Test("every line ends in CRLF and stays within 78 characters; the two boundaries differ")
    func lineDiscipline() throws {
        let message = MailMessage(from: "a@kontor.test", to: "b@example.test", subject: "s", textBody: "t", htmlBody: "<p>h</p>",
                                  attachments: [.init(filename: String(repeating: "Ä", count: 90) + ".pdf", contentType: "application/pdf", data: Self.pdfBytes)])
        let rendered = message.rendered(messageID: "m1@kontor.test", date: Date(timeIntervalSince1970: 0))
        #expect(rendered.hasSuffix("\r\n") && !rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = rendered.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.filter { $0.utf8.count > 78 })")
        #expect(rendered.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(rendered.contains("boundary=\"kontor-mixed-m1kontortest\"") && rendered.contains("boundary=\"kontor-m1kontortest\""))
    }

    @Test("a name or type cannot add headers")
    func noHeaderInjection() throws {
        let message = MailMessage(from: "a@kontor.test", to: "b@example.test", subject: "s", textBody: "t",
                                  attachments: [.init(filename: "x\"\r\nBcc: eve@example.test.pdf", contentType: "application/pdf\r\nBcc: eve@example.test",
                                                      data: [1, 2, 3])])
        let lines = message.rendered(messageID: "m2@kontor.test", date: Date()).components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.hasPrefix("Bcc:") })
        #expect(lines.contains { $0.hasPrefix("Content-Type: application/octet-stream;") })
    }

    @Test("messages stored before attachments existed still decode, with none")
    func decodesOldMessages() throws {
        let old = #"{"from":"a@kontor.test","to":"b@example.test","subject":"s","textBody":"t","headers":{}}"#
        let message = try JSONDecoder().decode(MailMessage.self, from: Data(old.utf8))
        #expect(message.attachments.isEmpty && message.htmlBody == nil)
        let withFile = MailMessage(from: "a", to: "b", subject: "s", textBody: "t", attachments: [.init(filename: "f", contentType: "text/plain", data: [0, 255])])
        #expect(try JSONDecoder().decode(MailMessage.self, from: JSONEncoder().encode(withFile)) == withFile)
    }

    @Test("without attachments the message is what it always was: no multipart/mixed")
    func unchangedWithoutAttachments() {
        let rendered = MailMessage(from: "a@kontor.test", to: "b@example.test", subject: "s", textBody: "t", htmlBody: "<p>h</p>")
            .rendered(messageID: "m3@kontor.test", date: Date(timeIntervalSince1970: 0))
        #expect(!rendered.contains("multipart/mixed") && rendered.contains("Content-Type: multipart/alternative; boundary=\"kontor-m3kontortest\""))
    }
}

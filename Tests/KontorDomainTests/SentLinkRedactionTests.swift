import KontorDomain
import Testing

@Suite("Sent e-mails keep their text but not their links' secrets")
struct SentLinkRedactionTests {
    static let token = "Zm9vYmFyYmF6cXV4cXV1eHRva2VuLXNlY3JldC12YWx1ZQ"

    @Test("a single-use link's secret is replaced, in the text and in an HTML attribute; the rest of the message stays")
    func secretsReplaced() throws {
        let text = "Hello Ana,\n\nReset your password:\nhttps://console.example.ch/reset-password/\(Self.token)\n\nThanks"
        let redacted = try #require(SentLinkRedaction.redacted(text))
        #expect(!redacted.contains(Self.token))
        #expect(redacted == "Hello Ana,\n\nReset your password:\nhttps://console.example.ch/reset-password/[removed-after-sending]\n\nThanks")
        let html = "<p><a href=\"https://console.example.ch/invitations/\(Self.token)\">Join</a></p>"
        #expect(SentLinkRedaction.redacted(html) == "<p><a href=\"https://console.example.ch/invitations/[removed-after-sending]\">Join</a></p>")
        #expect(SentLinkRedaction.redacted("unlock: http://127.0.0.1:8080/sign-in/unlock?token=\(Self.token)&x=1")
                == "unlock: http://127.0.0.1:8080/sign-in/unlock?token=[removed-after-sending]&x=1")
    }

    @Test("a message without secrets is left as it is (nil: nothing to write back): ids, invoice numbers, plain words")
    func nothingToRedact() {
        #expect(SentLinkRedaction.redacted("Invoice 2026-000123: https://console.example.ch/organizations/6F1C2D3E-0A1B-4C5D-8E9F-0123456789AB/invoices") == nil)
        #expect(SentLinkRedaction.redacted("No link here, only \(Self.token) outside one.") == nil)
        #expect(SentLinkRedaction.redacted("") == nil)
    }
}

import Foundation
import Testing
import KontorDomain

@Suite("otpauth:// key URIs")
struct OTPAuthURITests {
    let secret = Array("12345678901234567890".utf8)

    @Test("issuer and account are percent-encoded, the separator is a literal colon")
    func escapes() {
        let uri = OTPAuthURI(issuer: "Kontor AG", account: "ana+test@example.com", secret: secret)
        #expect(uri.string == "otpauth://totp/Kontor%20AG:ana%2Btest%40example.com"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Kontor%20AG&algorithm=SHA1&digits=6&period=30")
    }

    @Test("a colon, ampersand or equals sign in a name cannot split the label or add a parameter")
    func escapesDelimiters() {
        let uri = OTPAuthURI(issuer: "A:B&C", account: "x=y?#z/", secret: secret)
        #expect(uri.string.hasPrefix("otpauth://totp/A%3AB%26C:x%3Dy%3F%23z%2F?secret="))
        #expect(uri.string.contains("&issuer=A%3AB%26C&"))
    }

    @Test("non-ASCII names are encoded as UTF-8; unreserved characters stay as they are")
    func encodesUTF8() {
        let uri = OTPAuthURI(issuer: "Zürich-Büro", account: "a.b_c~d", secret: secret)
        #expect(uri.string.hasPrefix("otpauth://totp/Z%C3%BCrich-B%C3%BCro:a.b_c~d?"))
    }

    @Test("a URI parser reads back the issuer, account and secret")
    func parsesBack() throws {
        let uri = OTPAuthURI(issuer: "Kontor AG", account: "ana+test@example.com", secret: secret)
        let components = try #require(URLComponents(string: uri.string))
        #expect(components.scheme == "otpauth")
        #expect(components.host == "totp")
        #expect(components.path == "/Kontor AG:ana+test@example.com")
        let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["issuer"] == "Kontor AG")
        #expect(Base32.decode(query["secret"] ?? "") == secret)
        #expect(query["algorithm"] == "SHA1")
        #expect(query["digits"] == "6")
        #expect(query["period"] == "30")
    }
}

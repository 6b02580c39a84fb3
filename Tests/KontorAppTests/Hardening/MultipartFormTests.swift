import Foundation
@testable import KontorApp
import Testing
import Vapor

/// Uploads (a bank statement, identity documents) are split into their parts once per request, with the checks every
/// other multipart body gets.
@Suite("A multipart form read once: its token, its text fields and its files")
struct MultipartFormTests {
    static func body(_ parts: [(name: String, filename: String?, content: String)], boundary: String = "XYZ") -> ByteBuffer {
        var text = ""
        for part in parts {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { text += "; filename=\"\(filename)\"\r\nContent-Type: application/xml" }
            text += "\r\n\r\n\(part.content)\r\n"
        }
        return ByteBuffer(string: text + "--\(boundary)--\r\n")
    }

    @Test("the text fields and the file are read from one parse, each by its name")
    func fieldsAndFiles() throws {
        let form = try MultipartForm.parse(Self.body([("_csrf", nil, "token-1"), ("statement", "camt.xml", "<Document>\r\n--XY</Document>"),
                                                      ("password", nil, "a b c")]), boundary: "XYZ")
        #expect(form.text("_csrf") == "token-1")
        #expect(form.text("password") == "a b c")
        let file = try #require(form.file("statement"))
        #expect(file.filename == "camt.xml")
        #expect(String(buffer: file.data) == "<Document>\r\n--XY</Document>", "a line that begins like the boundary is content")
        #expect(form.text("statement") == nil, "a file is not a text field")
        #expect(form.file("_csrf") == nil, "a text field is not a file")
        #expect(form.text("missing") == nil)
    }

    @Test("U+0000 is refused in a text field and allowed in a file")
    func nulCharacters() throws {
        #expect(throws: NULCharacterRefused.self) { try MultipartForm.parse(Self.body([("_csrf", nil, "a\u{0}b")]), boundary: "XYZ") }
        let form = try MultipartForm.parse(Self.body([("statement", "scan.pdf", "%PDF\u{0}\u{0}")]), boundary: "XYZ")
        #expect(form.file("statement")?.data.readableBytes == 6)
    }

    @Test("a boundary MultipartKit would trap on, or a header name that is not ASCII, is a malformed body, not a crash")
    func malformed() {
        for boundary in [nil, "", String(repeating: "x", count: 71), "ends in space "] as [String?] {
            #expect(throws: DecodingError.self) { try MultipartForm.parse(Self.body([("a", nil, "b")]), boundary: boundary) }
        }
        #expect(throws: DecodingError.self) {
            try MultipartForm.parse(ByteBuffer(string: "--XYZ\r\nNäme: x\r\n\r\nb\r\n--XYZ--\r\n"), boundary: "XYZ")
        }
    }

    @Test("a statement upload with U+0000 in its form token is 400 nul_character, as everywhere text enters")
    func uploadWithNUL() async throws {
        try await withTestApp { app, _ in
            let staff = try await Scenario.staff(app, role: .billing)
            let answer = try await staff.send(.POST, SiteRoute.staffBillingImport.path, body: Self.body([("_csrf", nil, "a\u{0}b"), ("statement", "camt.xml", "<Document/>")]),
                                              headers: ["Content-Type": "multipart/form-data; boundary=XYZ"])
            #expect(answer.status == .badRequest)
            #expect(answer.body.string.contains("U+0000") || answer.body.string.contains("NUL"), "\(answer.body.string.prefix(300))")
            #expect(try await BankStatementImport.query(on: app.db).count() == 0)
        }
    }

    @Test("a text field that is not UTF-8 is a malformed body naming the field; a file may hold any bytes")
    func textNotUTF8() throws {
        var body = ByteBuffer(string: "--XYZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nCaf")
        body.writeBytes([0xE9])   // Latin-1 é
        body.writeString(" Rossi\r\n--XYZ\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"a.bin\"\r\n\r\n")
        body.writeBytes([0xFF, 0xFE, 0xE9])
        body.writeString("\r\n--XYZ--\r\n")
        do {
            _ = try MultipartForm.parse(body, boundary: "XYZ")
            Issue.record("read as a form")
        } catch let error as DecodingError {
            #expect(error.fieldPath == "name")
        }
        var file = ByteBuffer(string: "--XYZ\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"a.bin\"\r\n\r\n")
        file.writeBytes([0xFF, 0xFE, 0xE9])
        file.writeString("\r\n--XYZ--\r\n")
        #expect(try MultipartForm.parse(file, boundary: "XYZ").file("logo")?.data.readableBytes == 3)
    }

    @Test("a body cut off before its closing delimiter is malformed: none of its complete parts is applied")
    func cutOff() {
        let whole = String(buffer: Self.body([("_csrf", nil, "token"), ("name", nil, "Rossi")]))
        let cut = whole.replacingOccurrences(of: "--XYZ--\r\n", with: "")
        #expect(throws: DecodingError.self) { try MultipartForm.parse(ByteBuffer(string: cut), boundary: "XYZ") }
        #expect(throws: Never.self) { try MultipartForm.parse(ByteBuffer(string: whole + "an epilogue\r\n"), boundary: "XYZ") }
    }

    @Test("an organization's settings sent as multipart with a name that is not UTF-8: 400 naming the field, the name unchanged")
    func settingsNotUTF8() async throws {
        try await withTestApp { app, _ in
            let user = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: user, on: app)
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            let csrf = Browser.token(in: try await browser.get(SiteRoute.profile.path).body.string)
            var body = ByteBuffer(string: "--XYZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
            body.writeString("--XYZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nCaf")
            body.writeBytes([0xE9])
            body.writeString(" Rossi\r\n--XYZ--\r\n")
            let before = organization.name
            let answer = try await browser.send(.POST, SiteRoute.organizationSettings(try organization.requireID()).path, body: body,
                                                headers: ["Content-Type": "multipart/form-data; boundary=XYZ"])
            #expect(answer.status == .badRequest, "\(answer.status)")
            #expect(try await Organization.find(organization.requireID(), on: app.db)?.name == before)
        }
    }
}

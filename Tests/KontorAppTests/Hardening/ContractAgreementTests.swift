import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting
import Yams

/// What the fuzzer (`scripts/contract-test`) found where server and `openapi.yaml` disagreed, pinned down so it stays
/// fixed without running the fuzzer: empty optional parameters, malformed multipart bodies, U+0000 in text, and the
/// statuses every operation can answer.
@Suite("Server and contract agree")
struct ContractAgreementTests {
    @Test("an empty optional query parameter means the same as leaving it out; a wrong value is still 422")
    func emptyQueryParameters() async throws {
        try await withTestApp { app, _ in
            try await Scenario.loadHelp(app)
            let absent = try await Scenario.getJSON(app, "/api/v1/help/search?q=organizacion&lang=es")
                .content.decode(HelpAPIController.Results.self)
            let empty = try await Scenario.getJSON(app, "/api/v1/help/search?q=organizacion&lang=es&category=&kind=&limit=&typing=")
            #expect(empty.status == .ok)
            let results = try empty.content.decode(HelpAPIController.Results.self)
            #expect(results.total == absent.total && results.items.map(\.slug) == absent.items.map(\.slug))
            #expect(try await Scenario.getJSON(app, "/api/v1/help/search?q=x&lang=").status == .ok)
            #expect(try await Scenario.getJSON(app, "/api/v1/help/search?q=x&category=nope").status == .unprocessableEntity)

            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let events = try await Scenario.api(app, .GET, .meSecurityEvents, query: "?limit=&before=", token: token)
            #expect(events.status == .ok)
            #expect(try await Scenario.api(app, .GET, .meSecurityEvents, query: "?limit=0", token: token).status == .unprocessableEntity)
        }
    }

    @Test("a malformed multipart body is 400 invalid_body, not a 500")
    func malformedMultipart() async throws {
        try await withTestApp { app, _ in
            let response = try await app.testing().sendRequest(
                .POST, "/api/v1/identity-checks", headers: ["Content-Type": "multipart/form-data; boundary=XYZ"],
                body: ByteBuffer(string: "--XYZ--\r\n"))
            #expect(response.status == .badRequest)
            #expect(try Scenario.apiError(response).code == "invalid_body")
        }
    }

    @Test("a multipart body with an empty, overlong or odd boundary is 400 on the API and on form pages, and the server still answers")
    func emptyMultipartBoundary() async throws {
        try await withTestApp { app, _ in
            // `boundary=` stopped the whole server (MultipartKit's precondition), through the CSRF check on any form.
            for contentType in ["multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary=;",
                                "multipart/form-data; charset=utf-8; boundary=", "multipart/form-data; boundary=a; boundary=",
                                "multipart/form-data; boundary=" + String(repeating: "b", count: 71), "multipart/form-data; boundary=ab%00"] {
                for path in ["/api/v1/identity-checks", "/api/v1/sessions", "/sign-in"] {
                    let response = try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": contentType], body: ByteBuffer(string: "x"))
                    // A JSON operation takes no multipart body at all: 415 before anything reads it.
                    let refused: [HTTPStatus] = path == "/api/v1/sessions" ? [.unsupportedMediaType] : [.badRequest, .forbidden]
                    #expect(refused.contains(response.status), "\(path) with \(contentType): \(response.status)")
                }
            }
            #expect(try await app.testing().sendRequest(.GET, "/health").status == .ok, "the server still answers")
            #expect(MultipartBoundary.isValid("----WebKitFormBoundary7MA4YWxkTrZu0gW") && MultipartBoundary.isValid("a'()+_,-./:=? b"))
            #expect(!MultipartBoundary.isValid("") && !MultipartBoundary.isValid("ends in a space ") && !MultipartBoundary.isValid("é"))
        }
    }

    @Test("path parameters have the contract's shape: a slug or a link token that cannot be one is 404, never a 414 for a valid one")
    func pathParameterShapes() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            #expect(try await Scenario.api(app, .POST, .invitationAcceptance(token: "not a token!"), token: token).status == .notFound)
            #expect(try await Scenario.api(app, .POST, .invitationAcceptance(token: String(repeating: "a", count: 129)), token: token).status == .notFound)
            #expect(try await Scenario.api(app, .POST, .invitationAcceptance(token: SecretToken.generate()), token: token).status == .gone,
                    "a token that could be one but is unknown is still 410")
            #expect(try await Scenario.getJSON(app, "/api/v1/help/articles/de/" + String(repeating: "a", count: 80)).status == .notFound)
            let spec = try await app.testing().sendRequest(.GET, "/api/v1/openapi.yaml").body.string
            #expect(spec.contains("pattern: '^[a-z0-9-]{1,80}$'"), "the slug's pattern keeps a valid slug far under the 255-byte segment limit")
        }
    }

    @Test("a byte above 127 where a part's header name stands is 400, not a trap that stops the server; UTF-8 in a header value still works")
    func nonASCIIHeaderNames() async throws {
        try await withTestApp { app, _ in
            // The fuzzer's request (MultipartKit 4 looks header-name bytes up in a 128-entry table).
            for body in ["--XYZ\r\n&á--XYZ--\r\n", "--XYZ\r\nContent-Type: text/plain\r\nNämlich: x\r\n\r\nhi\r\n--XYZ--\r\n"] {
                let response = try await app.testing().sendRequest(
                    .POST, "/api/v1/identity-checks", headers: ["Content-Type": "multipart/form-data; boundary=XYZ"], body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body.debugDescription)")
                #expect(try Scenario.apiError(response).code == "invalid_body")
            }
            let utf8Value = "--XYZ\r\nContent-Disposition: form-data; name=\"email\"; filename=\"pièce.txt\"\r\n\r\nx\r\n--XYZ--\r\n"
            #expect(MultipartHeaderNames.holdNonASCII(ByteBuffer(string: utf8Value), boundary: "XYZ") == false, "a UTF-8 file name is a value, not a name")
            #expect(try await app.testing().sendRequest(.GET, "/health").status == .ok, "the server still answers")
        }
    }

    @Test("U+0000 is refused wherever text enters — JSON, the URL, forms, multipart fields — on every database")
    func nulCharacters() async throws {
        try await withTestApp { app, _ in
            let json = try await Scenario.api(app, .POST, .sessions, token: nil, body: #"{"email":"a\u0000b@example.test","password":"x"}"#)
            #expect(json.status == .badRequest)
            #expect(try Scenario.apiError(json).code == "nul_character")
            #expect(try Scenario.apiError(json).fields?.map(\.field) == ["email"], "the field that holds it is named")
            // An escaped backslash followed by "u0000" is just text.
            let text = try await Scenario.api(app, .POST, .sessions, token: nil, body: #"{"email":"a\\u0000b@example.test","password":"x"}"#)
            #expect(text.status == .unauthorized)

            let query = try await Scenario.getJSON(app, "/api/v1/help/search?q=a%00b")
            #expect(query.status == .badRequest)
            #expect(try Scenario.apiError(query).code == "nul_character")
            #expect(try Scenario.apiError(query).fields?.map(\.field) == ["q"])
            #expect(try await app.testing().sendRequest(.GET, "/help/es/search?q=a%00b").status == .badRequest)
            #expect(try await app.testing().sendRequest(.GET, "/css/app.css%00.txt").status == .badRequest, "no file is read up to the NUL")
            // Refused before routing, the help page's answer still speaks the language its path names.
            let german = try await app.testing().sendRequest(.GET, "/help/de/search?q=a%00b", headers: ["Accept-Language": "en"])
            #expect(german.status == .badRequest && german.body.string.contains("Zeichen NUL"), "\(german.body.string)")

            let multipart = try await app.testing().sendRequest(
                .POST, "/api/v1/identity-checks", headers: ["Content-Type": "multipart/form-data; boundary=XYZ"],
                body: ByteBuffer(string: "--XYZ\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na\u{0}b@example.test\r\n--XYZ--\r\n"))
            #expect(try Scenario.apiError(multipart).code == "nul_character")
            #expect(try Scenario.apiError(multipart).fields?.map(\.field) == ["email"])
        }
    }

    @Test("U+0000 in the URL is answered in the signed-in customer's own language, naming the parameter; in a JSON body, naming its path")
    func nulCharacterAnswersTheCustomer() async throws {
        try await withTestApp { app, _ in
            let giulia = try await Scenario.customer(app, name: "Giulia Rossi", email: "giulia@example.test", language: "it")
            let token = try await Scenario.apiToken(app, email: giulia.email)
            let organization = try await Scenario.organization(of: giulia, on: app).requireID()
            let query = try await Scenario.api(app, .GET, .organizationInvoices(organization), query: "?currency=%00", token: token)
            #expect(query.status == .badRequest)
            let error = try Scenario.apiError(query)
            #expect(error.message == app.kontor.localizer.text("error.nul_character", .it), "\(error.message)")
            #expect(error.fields?.map(\.field) == ["currency"])
            let path = try await app.testing().sendRequest(.GET, SiteRoute.api(.organizationInvoices(organization)).path + "/%00",
                                                           headers: ["Authorization": "Bearer \(token)"])
            #expect(path.status == .badRequest)
            #expect(try Scenario.apiError(path).message == app.kontor.localizer.text("error.nul_character", .it))

            let browser = try await Scenario.signedIn(app, email: giulia.email)
            let page = try await browser.get("/profile?tab=%00")
            #expect(page.status == .badRequest && page.body.string.contains("carattere NUL"), "the page speaks her language")

            let body = #"{"lines":[{"description":"ok"},{"description":"a\u0000b"}]}"#
            #expect(NULCharacterRefused.fieldInJSON(Array(body.utf8)) == "lines[1].description")
            #expect(NULCharacterRefused.fieldInURLEncoded("name=Giulia&note=a%00b") == "note")
            #expect(NULCharacterRefused.fieldInURLEncoded("a%00b=1") == "ab")
        }
    }

    @Test("the API reads no URL-encoded form: 415, where a field given twice had silently taken its last value")
    func apiRefusesFormBodies() async throws {
        try await withTestApp { app, _ in
            let user = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: user.email)
            let response = try await app.testing().sendRequest(.PATCH, SiteRoute.api(.me).path,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=Alice&name=Mallory"))
            #expect(response.status == .unsupportedMediaType)
            #expect(try await User.find(user.id, on: app.db)?.name == "Ana", "nothing changed")
            let json = try await Scenario.api(app, .PATCH, .me, token: token, body: #"{"name":"Alice"}"#)
            #expect(json.status == .ok)
        }
    }

    @Test("how U+0000 is recognised: JSON escapes read exactly, %00 or a NUL byte in forms")
    func nulDetection() {
        #expect(NULCharacterRefused.inJSON(Array(#"{"a":"x\u0000"}"#.utf8)))
        #expect(!NULCharacterRefused.inJSON(Array(#"{"a":"x\\u0000"}"#.utf8)))
        #expect(NULCharacterRefused.inJSON(Array(#"{"a":"x\\\u0000"}"#.utf8)))
        #expect(!NULCharacterRefused.inJSON(Array(#"{"a":"\u00e9"}"#.utf8)))
        #expect(NULCharacterRefused.inURLEncoded("email=a%00b".utf8))
        #expect(NULCharacterRefused.inURLEncoded([UInt8(ascii: "a"), 0]))
        #expect(!NULCharacterRefused.inURLEncoded("email=a%2500b".utf8))
    }

    @Test("every operation in openapi.yaml lists the statuses any request to it can meet")
    func sharedStatuses() async throws {
        try await withTestApp { app, _ in
            let document = try #require(try Yams.load(yaml: try await app.testing().sendRequest(.GET, "/api/v1/openapi.yaml").body.string) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for (path, item) in paths {
                for (method, value) in item where ["get", "post", "put", "patch", "delete"].contains(method) {
                    let operation = try #require(value as? [String: Any])
                    let responses = try #require(operation["responses"] as? [String: Any])
                    var expected: Set<String> = ["400", "414", "431"]
                    let needsToken = (operation["security"] as? [Any]).map { !$0.isEmpty } ?? true
                    if needsToken { expected.formUnion(["401", "503"]) }
                    if operation["requestBody"] != nil { expected.formUnion(["413", "415"]) }
                    if method != "get" { expected.formUnion(["409", "503"]) }
                    let missing = expected.subtracting(responses.keys)
                    #expect(missing.isEmpty, "\(method.uppercased()) \(path) lacks \(missing.sorted())")
                    // An unquoted comma in a flow mapping (`description: Results, best first`) makes a stray key that
                    // schemathesis overlooks but stricter readers such as swift-openapi-generator refuse.
                    for (status, response) in responses {
                        let keys = Set(((response as? [String: Any]) ?? [:]).keys)
                        #expect(keys.isSubset(of: ["description", "headers", "content", "links", "$ref"]),
                                "\(method.uppercased()) \(path) \(status) has unknown keys \(keys.sorted())")
                    }
                    // Throttling and a busy database always say when to come back.
                    for (status, reference) in [("429", "RateLimited"), ("503", "Busy")] where responses[status] != nil {
                        #expect((responses[status] as? [String: Any])?["$ref"] as? String == "#/components/responses/\(reference)",
                                "\(method.uppercased()) \(path) \(status) must carry Retry-After")
                    }
                }
            }
            #expect(Self.nullValues(in: document, at: "").isEmpty, "keys without a value: \(Self.nullValues(in: document, at: ""))")
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let categories = try #require((schemas["HelpCategory"] as? [String: Any])?["enum"] as? [String])
            #expect(Set(categories) == HelpCategories.slugs)
        }
    }

    @Test("an empty body to any operation that takes JSON is 400 invalid_body naming body (or refused earlier), always a documented status")
    func emptyBodies() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let org = try await Scenario.organization(of: ana, on: app).requireID()
            let customer = try await Scenario.apiToken(app, email: "ana@example.test")
            let (_, staff) = try await Scenario.staffWithToken(app, role: .administrator)
            let document = try #require(try Yams.load(yaml: try await app.testing().sendRequest(.GET, "/api/v1/openapi.yaml").body.string) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var tried = 0, emptyBodyRefusals = 0
            for (path, item) in paths {
                for (method, value) in item where ["post", "put", "patch"].contains(method) {
                    let operation = try #require(value as? [String: Any])
                    guard let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any], content["application/json"] != nil else { continue }
                    let concrete = path.replacingOccurrences(of: "{orgID}", with: org.uuidString)
                        .replacingOccurrences(of: #"\{[A-Za-z]+\}"#, with: UUID().uuidString, options: .regularExpression)
                    let token = path.hasPrefix("/staff/") ? staff : customer
                    let response = try await app.testing().sendRequest(HTTPMethod(rawValue: method.uppercased()), "/api/v1" + concrete,
                                                                       headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"],
                                                                       body: ByteBuffer())
                    let responses = try #require(operation["responses"] as? [String: Any])
                    let label = "\(method.uppercased()) \(path): \(response.status.code)"
                    #expect(responses["\(response.status.code)"] != nil, "\(label) is not documented")
                    #expect(response.status != .unprocessableEntity && response.status != .internalServerError, "\(label) \(response.body.string)")
                    if response.status == .badRequest {
                        #expect(try Scenario.apiError(response).fields?.map(\.field) == ["body"], "\(label)")
                        emptyBodyRefusals += 1
                    }
                    tried += 1
                }
            }
            // Most reach the body (an object of another organization is 404 first): the check is not vacuous.
            #expect(tried > 30 && emptyBodyRefusals * 2 > tried, "\(emptyBodyRefusals) of \(tried) said invalid_body")
        }
    }

    /// Where the document has a key with no value: nowhere in a contract written on purpose.
    static func nullValues(in value: Any, at path: String) -> [String] {
        switch value {
        case let dictionary as [String: Any]: dictionary.flatMap { nullValues(in: $0.value, at: path + "/" + $0.key) }
        case let array as [Any]: array.enumerated().flatMap { nullValues(in: $0.element, at: path + "/\($0.offset)") }
        case is NSNull: [path]
        default: []
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// What docs/api.md ("Errors") promises about every error, checked on the operations a review found breaking it.
@Suite("API errors: the caller's language, security headers, empty bodies, whole numbers and media types as docs/api.md says")
struct APIErrorConventionsTests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: String?) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    @Test("on the API, Accept-Language naming a Kontor language wins over the profile; the kontor_lang cookie is ignored; else the profile's language")
    func language() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test", language: "es")
            let org = try await Scenario.organization(of: ana, on: app).requireID()
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let path = SiteRoute.api(.organizationBillingAddresses(org)).path
            func message(_ extra: HTTPHeaders) async throws -> String {
                var headers: HTTPHeaders = ["Content-Type": "application/json", "Authorization": "Bearer \(token)"]
                for (name, value) in extra { headers.add(name: name, value: value) }
                return try Scenario.apiError(try await Self.send(app, .POST, path, headers: headers, body: "{}")).message
            }
            let text = { (language: Language) in app.kontor.localizer.text("error.validation_failed", language) }
            #expect(try await message(["Accept-Language": "de-CH, fr;q=0.5"]) == text(.de), "the header wins over the Spanish profile")
            #expect(try await message([:]) == text(.es))
            #expect(try await message(["Accept-Language": "ja, zh;q=0.8"]) == text(.es), "no Kontor language asked: the profile's")
            #expect(try await message(["Cookie": "kontor_lang=it"]) == text(.es), "cookies are ignored by the API")
            #expect(try await message(["Cookie": "kontor_lang=it", "Accept-Language": "fr"]) == text(.fr))
        }
    }

    @Test("error answers carry the security headers and no-store; a 401 says Bearer realm=\"kontor\", invalid_token when a token was sent")
    func headersOnErrors() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let notFound = try await Scenario.api(app, .GET, .organization(UUID()), token: token)
            #expect(notFound.status == .notFound)
            let html = try await Self.send(app, .GET, "/does-not-exist", headers: ["Accept": "text/html"], body: nil)
            #expect(html.status == .notFound)
            for response in [notFound, html] {
                #expect(response.headers.first(name: .cacheControl) == "no-store")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "served over http")
            }
            let anonymous = try await Scenario.api(app, .GET, .me, token: nil)
            #expect(anonymous.status == .unauthorized && anonymous.headers.first(name: "WWW-Authenticate") == #"Bearer realm="kontor""#)
            #expect(anonymous.headers.first(name: .cacheControl) == "no-store")
            let revoked = try await Scenario.api(app, .GET, .me, token: "not-a-token")
            #expect(revoked.headers.first(name: "WWW-Authenticate") == #"Bearer realm="kontor", error="invalid_token""#)
        }
    }

    @Test("served over https, every answer (errors too) carries Strict-Transport-Security")
    func hsts() async throws {
        try await withTestApp(configure: { $0.publicURL = URL(string: "https://console.example.test")! }) { app, _ in
            let anonymous = try await Scenario.api(app, .GET, .me, token: nil)
            #expect(anonymous.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
            let page = try await Self.send(app, .GET, SiteRoute.signIn.path, headers: [:], body: nil)
            #expect(page.headers.first(name: "Strict-Transport-Security") == "max-age=31536000")
        }
    }

    @Test("an empty body is 400 invalid_body naming body, on every body-taking operation tried, with or without a content type")
    func emptyBody() async throws {
        try await withTestApp { app, _ in
            let (_, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            try await BillingAddress(organizationID: org, address: PostalAddress(name: "Ana", street: "Calle Mayor", buildingNumber: "1",
                                                                                 postcode: "28013", town: "Madrid", country: "ES"),
                                     invoiceEmail: nil, isDefault: true, now: Date()).create(on: app.db)
            let addressID = try #require(try await BillingAddress.query(on: app.db).first()?.id)
            let operations: [(HTTPMethod, APIRoute)] = [(.POST, .sessions), (.POST, .accounts), (.PATCH, .me),
                                                        (.PATCH, .organizationBillingAddress(org, address: addressID)), (.POST, .organizationSupportGrants(org))]
            for (method, route) in operations {
                for type in ["application/json", nil] {
                    var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                    if let type { headers.add(name: .contentType, value: type) }
                    let response = try await Self.send(app, method, SiteRoute.api(route).path, headers: headers, body: "")
                    #expect(response.status == .badRequest, "\(method) \(route) \(type ?? "no type"): \(response.status)")
                    let error = try Scenario.apiError(response)
                    #expect(error.code == "invalid_body" && error.fields?.map(\.field) == ["body"], "\(method) \(route)")
                }
            }
        }
    }

    @Test("a form body whose key is not UTF-8 once percent-decoded, or nested over 100 levels, is 400 invalid_body naming body; the API takes no form at all (415)")
    func unreadableFormBody() async throws {
        try await withTestApp { app, _ in
            let nested = "a" + String(repeating: "[a]", count: 120) + "=1"
            for body in ["%FF=1", nested] {
                // Pages' forms are read by the same decoder: what it throws is answered 400 `invalid_body`, field `body`.
                #expect(throws: DecodingError.self) {
                    try NULRefusingDecoder.urlEncodedForm.decode([String: String].self, from: ByteBuffer(string: body),
                                                                  headers: ["Content-Type": "application/x-www-form-urlencoded"])
                }
                let api = try await Self.send(app, .POST, SiteRoute.api(.sessions).path,
                                              headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body)
                #expect(api.status == .unsupportedMediaType, "\(body.prefix(20)): \(api.status)")
            }
        }
    }

    @Test("a JSON body naming a field twice is 422 naming the field, in the caller's language, and changes nothing; the same key in two objects is no duplicate")
    func duplicateJSONKeys() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let before = try await Organization.query(on: app.db).count()
            for body in [#"{"name":"Harmless","name":"Other"}"#, #"{"name":"Harmless","n\u0061me":"Other"}"#] {
                let response = try await Self.send(app, .POST, SiteRoute.api(.organizations).path,
                                                   headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)",
                                                             "Accept-Language": "de"], body: body)
                #expect(response.status == .unprocessableEntity, "\(body): \(response.status)")
                let error = try Scenario.apiError(response)
                #expect(error.fields?.map(\.field) == ["name"] && error.fields?.first?.message.contains("zweimal") == true, "\(error)")
            }
            #expect(try await Organization.query(on: app.db).count() == before)
            #expect(JSONDuplicateKeys.first(in: Array(#"{"a":{"b":1},"c":{"b":2},"d":[{"b":1},{"b":2}]}"#.utf8)) == nil)
            #expect(JSONDuplicateKeys.first(in: Array(#"{"lines":[{"x":1},{"x":1,"x":2}]}"#.utf8)) == "lines[1].x")
            #expect(JSONDuplicateKeys.first(in: Array(#"{"a":"{\"b\":1,\"b\":2}"}"#.utf8)) == nil, "keys inside a string are text")
        }
    }

    @Test("a number that is not a whole number of 64 bits is 422 naming its field; money is never a fraction")
    func wholeNumbers() async throws {
        try await withTestApp { app, _ in
            let (_, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            for hours in ["1.5", "1e30", "99999999999999999999", "4.5"] {
                let response = try await Scenario.api(app, .POST, .organizationSupportGrants(org), token: token, body: #"{"hours":\#(hours),"mayChange":true}"#)
                #expect(response.status == .unprocessableEntity, "\(hours): \(response.status)")
                #expect(try Scenario.apiError(response).fields?.map(\.field) == ["hours"], "\(hours)")
            }
            let days = try await Scenario.api(app, .PUT, .organizationRenewalSettings(org), token: token, body: #"{"reminderDays":[30,1.5]}"#)
            #expect(try Scenario.apiError(days).fields?.map(\.field) == ["reminderDays[1]"])
            #expect(try Scenario.apiError(days).fields?.first?.message == app.kontor.localizer.text("error.whole_number", .en))

            let (customer, number) = try await StaffAPITests.customer(app, "Rossi")
            _ = customer
            let (_, staff) = try await Scenario.staffWithToken(app, role: .billing)
            for price in ["1.5", "1.0000000000000001", "1e-3", "9223372036854775808", "1.0000000000000000000000000000000000000001"] {
                let json = StaffAPITests.invoiceJSON(customer: number).replacingOccurrences(of: #""amountMinor":15000"#, with: #""amountMinor":\#(price)"#)
                let response = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: staff, json: json)
                #expect(response.status == .unprocessableEntity, "\(price): \(response.status)")
                #expect(try Scenario.apiFields(response) == ["lines[0].unitPrice.amountMinor"], "\(price)")
            }
            #expect(try await Invoice.query(on: app.db).count() == 0, "nothing issued")
            // A value of the wrong type is a 400 naming its field the way a 422 does: lines[0].quantity, not lines.0.quantity.
            let mistyped = StaffAPITests.invoiceJSON(customer: number).replacingOccurrences(of: #""quantity":2"#, with: #""quantity":"two""#)
            let typeError = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: staff, json: mistyped)
            #expect(typeError.status == .badRequest)
            #expect(try Scenario.apiFields(typeError) == ["lines[0].quantity"], "\(typeError.body.string)")
            let whole = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: staff, json: StaffAPITests.invoiceJSON(customer: number))
            #expect(whole.status == .created)
            // 1e4 is exactly 10000, a whole number as JSON Schema's "integer" counts it: taken at its exact value.
            let written = StaffAPITests.invoiceJSON(customer: number).replacingOccurrences(of: #""amountMinor":15000"#, with: #""amountMinor":1.5e4"#)
            let exponent = try await Scenario.staffAPI(app, .POST, .staffInvoices, token: staff, json: written)
            #expect(exponent.status == .created && exponent.body.string.contains("15000"))
            // A property the API does not define is ignored whatever it holds (the schema allows extras): only the
            // numbers the operation reads must be whole (found by the contract fuzzer).
            let extra = try await Scenario.api(app, .PATCH, .me, token: token, body: #"{"x":[2.5,{"y":1e300}],"name":"Ana"}"#)
            #expect(extra.status == .ok, "\(extra.status): \(extra.body.string)")
        }
    }

    @Test("a whole number is decided on the digits as written, beyond the 38 digits Decimal keeps and at Int64's edges",
          arguments: [("1e3", true), ("1.5e1", true), ("1.25e1", false), ("1e-3", false), ("0.0", true), ("-0", true), ("0e400", true),
                      ("1e400", false), ("1e-400", false), ("9223372036854775807", true), ("9223372036854775808", false),
                      ("-9223372036854775808", true), ("92233720368547758.07e2", true), ("92233720368547758.08e2", false),
                      ("1.0000000000000000000000000000000000000001", false), ("1000000000000000000000000000000000000000.0e-39", true),
                      ("1.", false), (".5", false), ("1e", false), ("--1", false),
                      ("1" + String(repeating: "0", count: 120) + "e-120", true), ("0.00000000000000000000000005e26", true),
                      ("1e9223372036854775807", false), ("0e-9223372036854775808", true)])
    func wholeNumberDigits(text: String, isWhole: Bool) {
        #expect(JSONWholeNumbers.isWholeNumber(text) == isWhole)
    }

    @Test("a query value the API cannot read as one text, or a parameter given twice, is 422 naming the parameter, never ignored; a page still reads it")
    func unreadableQueryValues() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            for (query, field) in [("?currency=%FF", "currency"), ("?status[]=open", "status"), ("?status=open&before=%C3", "before"),
                                   ("?status=open&status=paid", "status"), ("?currency=CHF&status=open&currency=EUR", "currency")] {
                let response = try await Scenario.api(app, .GET, .organizationInvoices(org), query: query, token: token)
                #expect(response.status == .unprocessableEntity, "\(query): \(response.status)")
                #expect(try Scenario.apiFields(response) == [field], "\(query)")
            }
            #expect(try await Scenario.api(app, .GET, .organizationInvoices(org), query: "?status=&currency=", token: token).status == .ok,
                    "an empty value is no choice")
            #expect(try await Scenario.api(app, .GET, .organizationInvoices(org), query: "?status", token: token).status == .ok, "nor is a bare name")
            #expect(try await ana.get(SiteRoute.invoices(org).path + "?currency=%FF").status == .ok)
            #expect(try await ana.get(SiteRoute.invoices(org).path + "?status=open&status=paid").status == .ok)
        }
    }

    @Test("media types are case-insensitive: APPLICATION/JSON is JSON")
    func mediaTypeCase() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            for type in ["APPLICATION/JSON", "Application/Json; charset=UTF-8"] {
                let response = try await Self.send(app, .PATCH, SiteRoute.api(.me).path, headers: ["Authorization": "Bearer \(token)", "Content-Type": type],
                                                   body: #"{"name":"Ana García"}"#)
                #expect(response.status == .ok, "\(type): \(response.status)")
            }
            #expect(try await User.query(on: app.db).first()?.name == "Ana García")
        }
    }

    @Test("JSON sent under another media type (text/plain, XML) is 415, not a 400 about the body, and changes nothing")
    func otherMediaType() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            for type in ["text/plain", "text/plain; charset=utf-8", "application/xml"] {
                let response = try await Self.send(app, .PATCH, SiteRoute.api(.me).path, headers: ["Authorization": "Bearer \(token)", "Content-Type": type],
                                                   body: #"{"name":"Ana García"}"#)
                #expect(response.status == .unsupportedMediaType, "\(type): \(response.status)")
                #expect(try Scenario.apiError(response).code == "http_415")
            }
            let signIn = try await Self.send(app, .POST, "/api/v1/sessions", headers: ["Content-Type": "text/plain"],
                                             body: #"{"email":"ana@example.test","password":"x"}"#)
            #expect(signIn.status == .unsupportedMediaType)
            #expect(try await User.query(on: app.db).first()?.name == "Ana")
        }
    }

    @Test("a multipart form is 415 on every JSON operation (a field given twice took its last value), and still read where the API takes an upload")
    func multipartOnlyForTheUpload() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let boundary = "kontor-test-boundary"
            let form = { (fields: [(String, String)]) in
                fields.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined() + "--\(boundary)--\r\n"
            }
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=\(boundary)"]
            let tokenMinted = try await Self.send(app, .POST, SiteRoute.api(.meTokens).path, headers: headers,
                                                  body: form([("name", "CI"), ("expiresInDays", "30"), ("expiresInDays", "366"), ("password", Scenario.password)]))
            #expect(tokenMinted.status == .unsupportedMediaType, "\(tokenMinted.status)")
            #expect(try await APIToken.query(on: app.db).count() == 0)
            let renamed = try await Self.send(app, .PATCH, SiteRoute.api(.me).path, headers: headers, body: form([("name", "Ana"), ("name", "Mallory")]))
            #expect(renamed.status == .unsupportedMediaType)
            #expect(try await User.query(on: app.db).first()?.name == "Ana")
            // The identity check's upload is multipart by design: it is read (and refused here for what it holds, not its type).
            let upload = try await Self.send(app, .POST, SiteRoute.api(.identityChecks).path,
                                             headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: form([("email", "ana@example.test")]))
            #expect(upload.status != .unsupportedMediaType, "\(upload.status)")
        }
    }

    @Test("names are stored NFC and refuse bidi controls and zero-width characters with a 422 on name, at sign-up and in the profile")
    func displayNames() async throws {
        try await withTestApp { app, _ in
            let signUp = try await Scenario.api(app, .POST, .accounts, token: nil,
                                                body: #"{"name":"\u202eevil","email":"t6@example.test","password":"purple-mountain-river-77"}"#)
            #expect(signUp.status == .unprocessableEntity)
            #expect(Set(try Scenario.apiError(signUp).fields?.map(\.field) ?? []) == ["name"])
            #expect(try await User.query(on: app.db).filter(\.$email == "t6@example.test").count() == 0)

            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let hidden = try await Scenario.api(app, .PATCH, .me, token: token, body: #"{"name":"Ana\u200bGarc\u00eda"}"#)
            #expect(try hidden.status == .unprocessableEntity && Scenario.apiError(hidden).fields?.first?.message.contains("U+200B") == true)
            #expect(try await Scenario.api(app, .PATCH, .me, token: token, body: #"{"name":"E\u0301mile"}"#).status == .ok)
            #expect(try await User.query(on: app.db).filter(\.$email == "ana@example.test").first()?.name == "\u{C9}mile")
        }
    }

    @Test("environment-variable limits are said with their numbers, not placeholders")
    func variableLimits() async throws {
        try await withTestApp { app, _ in
            let (_, _, organization, products) = try await ProductPagesTests.setUp(app)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let route = APIRoute.organizationSiteVariables(organization.id!, site: products.site.id!)
            let name = try await Scenario.api(app, .POST, route, token: token, body: #"{"name":"\#(String(repeating: "A", count: 129))","value":"x"}"#)
            let value = try await Scenario.api(app, .POST, route, token: token, body: #"{"name":"APP","value":"\#(String(repeating: "x", count: 4_097))"}"#)
            let messages = try [name, value].flatMap { try Scenario.apiError($0).fields?.map(\.message) ?? [] }
            #expect(messages == ["A variable name has at most 128 characters.", "A value has at most 4096 bytes."])
            #expect(!messages.joined().contains("{"))
        }
    }

    @Test("a missing idempotency key is said in API words; a personal token closing the account is told that, not about 2FA")
    func apiSentences() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            for key in [nil, "", "with space", String(repeating: "k", count: 256)] as [String?] {
                let body = key.map { #"{"periodMonths":12,"idempotencyKey":"\#($0)"}"# } ?? #"{"periodMonths":12}"#
                let missing = try await Scenario.api(app, .POST, .organizationOrders(organization.requireID()), token: token, body: body)
                #expect(missing.status == .unprocessableEntity)
                #expect(try Scenario.apiError(missing).fields?.map(\.message) == [app.kontor.localizer.text("error.api.idempotency_key", .en)])
            }

            let personal = try await Scenario.personalToken(app, session: token)
            let closure = try await Scenario.api(app, .POST, .meClosure, token: personal, body: #"{"password":"x","confirm":true}"#, language: "it")
            #expect(try closure.status == .forbidden && Scenario.apiError(closure).code == "not_with_personal_token")
            #expect(try Scenario.apiError(closure).message == app.kontor.localizer.text("error.account_closure.not_with_personal_token", .it))
        }
    }

    @Test("with the right password, a wrong or replayed code is 401 second_factor_invalid on otp, counted by the throttle; a wrong password still says invalid_credentials")
    func secondFactorInvalid() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let (secret, _) = try await Scenario.enableTwoFactor(app, try await Scenario.signedIn(app, email: "ana@example.test"), now: clock.now)
            clock.advance(by: 30)
            func signIn(password: String = Scenario.password, _ otp: String) async throws -> TestingHTTPResponse {
                let body = try JSONEncoder().encode(["email": "ana@example.test", "password": password, "otp": otp])
                return try await Self.send(app, .POST, SiteRoute.api(.sessions).path, headers: ["Content-Type": "application/json"],
                                           body: String(decoding: body, as: UTF8.self))
            }
            let code = OneTimePassword.totp(secret: secret, time: clock.now, digits: 6)
            #expect(try await signIn(code).status == .created)
            let replayed = try await signIn(code)
            #expect(replayed.status == .unauthorized)
            let error = try Scenario.apiError(replayed)
            #expect(error.code == "second_factor_invalid" && error.fields?.map(\.field) == ["otp"])
            #expect(error.message == "The code is not correct or was already used.")
            #expect(replayed.headers.first(name: "WWW-Authenticate") == #"Bearer realm="kontor""#)

            let wrongPassword = try await signIn(password: "not the password at all", "000000")
            #expect(try Scenario.apiError(wrongPassword).code == "invalid_credentials", "nothing about the code before the password is right")

            // The replay counted: with nine more wrong codes the second-factor limit (ten) is used up, and each was logged.
            for _ in 0..<(ThrottlePolicy.secondFactorPerAccount.limit - 1) { #expect(try await signIn("000000").status == .unauthorized) }
            #expect(try await signIn("000000").status == .tooManyRequests)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == SecurityEventKind.secondFactorFailed.rawValue).count()
                    == ThrottlePolicy.secondFactorPerAccount.limit)
        }
    }
}

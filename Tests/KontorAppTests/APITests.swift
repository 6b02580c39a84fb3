import Fluent
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting
import Yams

@Suite("JSON API /api/v1")
struct APITests {
    func json(_ app: Application, _ method: HTTPMethod, _ path: String, token: String? = nil, body: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    @Test("sign up, confirm, sign in, read me with the support code, sign out")
    func accountLifecycle() async throws {
        try await withTestApp { app, _ in
            let signUp = try await json(app, .POST, "/api/v1/accounts", body: #"{"name":"Ana","email":"ana@example.test","password":"\#(Scenario.password)","language":"es"}"#)
            #expect(signUp.status == .accepted)
            let link = try await Scenario.lastLink(app, to: "ana@example.test", path: "/verify-email/")
            #expect(try await Scenario.confirmSignUp(Browser(app), link: link).status == .seeOther)
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let me = try await json(app, .GET, "/api/v1/me", token: token)
            #expect(me.status == .ok)
            let body = try me.content.decode(APIModels.Me.self)
            #expect(body.email == "ana@example.test" && body.supportCode.count == 8 && body.language == "es")
            #expect(try await json(app, .DELETE, "/api/v1/sessions/current", token: token).status == .noContent)
            #expect(try await json(app, .GET, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test("personal tokens work until revoked; cookies are ignored by the API")
    func personalTokens() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let session = try await Scenario.apiToken(app, email: "ana@example.test")
            let created = try await json(app, .POST, "/api/v1/me/tokens", token: session, body: #"{"name":"backup script","password":"\#(Scenario.password)"}"#)
            #expect(created.status == .created)
            let token = try created.content.decode(APIModels.Token.self)
            let secret = try #require(token.token)
            #expect(secret.hasPrefix("kt_"))
            #expect(try await json(app, .GET, "/api/v1/organizations", token: secret).status == .ok)
            #expect(try await json(app, .DELETE, "/api/v1/me/tokens/\(token.id)", token: session).status == .noContent)
            #expect(try await json(app, .GET, "/api/v1/organizations", token: secret).status == .unauthorized)
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            #expect(try await browser.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("bad input gets a 4xx naming the field, never a 500", arguments: [
        (#"{"name":"","email":"ana@example.test","password":"long enough pass","language":"es"}"#, "name"),
        (#"{"name":"Ana","email":"not-mail","password":"long enough pass","language":"es"}"#, "email"),
        (#"{"name":"Ana","email":"ana@example.test","password":"short","language":"es"}"#, "password"),
        (#"{"name":"Ana","email":"ana@example.test","password":"long enough pass","language":"pt"}"#, "language"),
        (#"{"name":42,"email":"ana@example.test","password":"long enough pass","language":"es"}"#, "name"),
        (#"{"name":"Ana","email":["a"],"password":"long enough pass"}"#, "email"),
    ])
    func badSignUps(body: String, field: String) async throws {
        try await withTestApp { app, _ in
            let response = try await json(app, .POST, "/api/v1/accounts", body: body)
            #expect((400..<500).contains(response.status.code), "answered \(response.status)")
            let error = try response.content.decode(KontorErrorMiddleware.Body.self).error
            #expect(error.fields?.contains { $0.field == field } == true, "fields: \(String(describing: error.fields))")
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test("malformed JSON, a wrong content type and an oversized body are refused cleanly")
    func malformedBodies() async throws {
        try await withTestApp { app, _ in
            #expect(try await json(app, .POST, "/api/v1/accounts", body: "{not json").status == .badRequest)
            // The body limit is enforced while the server reads the request, so this one goes over a real socket.
            let huge = #"{"name":""# + String(repeating: "a", count: 200_000) + #""}"#
            let oversized = try await app.testing(method: .running(hostname: "127.0.0.1", port: 0))
                .sendRequest(.POST, "/api/v1/accounts", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: huge))
            #expect(oversized.status == .payloadTooLarge)
            let text = try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: ["Content-Type": "text/plain"], body: ByteBuffer(string: "hello"))
            #expect((400..<500).contains(text.status.code))
            let unknownID = try await json(app, .GET, "/api/v1/organizations/not-a-uuid", token: nil)
            #expect(unknownID.status == .unauthorized)
        }
    }

    @Test("organizations, members and invitations through the API")
    func organizations() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let organization = try await Scenario.organization(of: alice, on: app)
            let token = try await Scenario.apiToken(app, email: "alice@example.test")
            let list = try await json(app, .GET, "/api/v1/organizations", token: token).content.decode(APIModels.List<APIModels.Organization>.self)
            #expect(list.items.map(\.role) == ["legal_representative"])
            let invited = try await json(app, .POST, "/api/v1/organizations/\(organization.id!)/invitations", token: token, body: #"{"email":"bob@example.test","role":"administrator"}"#)
            #expect(invited.status == .created)
            let pending = try await json(app, .GET, "/api/v1/organizations/\(organization.id!)/invitations", token: token).content.decode(APIModels.List<APIModels.Invitation>.self)
            #expect(pending.items.map(\.email) == ["bob@example.test"])
            let leave = try await json(app, .DELETE, "/api/v1/organizations/\(organization.id!)/membership", token: token)
            #expect(leave.status == .conflict)
            #expect(try leave.content.decode(KontorErrorMiddleware.Body.self).error.code == "last_legal_representative")
            let members = try await json(app, .GET, "/api/v1/organizations/\(organization.id!)/members", token: token).content.decode(APIModels.List<APIModels.Member>.self)
            #expect(members.items.count == 1)
        }
    }

    @Test("openapi.yaml describes exactly the registered /api/v1 routes")
    func contract() async throws {
        try await withTestApp { app, _ in
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.yaml")
            #expect(response.status == .ok)
            let document = try #require(try Yams.load(yaml: response.body.string) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: Any])
            var documented = Set<String>()
            for (path, item) in paths {
                for method in ((item as? [String: Any]) ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    let pattern = path.split(separator: "/").map { $0.hasPrefix("{") ? ":" + $0.dropFirst().dropLast() : String($0) }.joined(separator: "/")
                    documented.insert("\(method.uppercased()) \(pattern)")
                }
            }
            let registered = Set(app.routes.all.map { route in "\(route.method.rawValue) " + route.path.map(\.description).joined(separator: "/") }
                .filter { $0.contains(" api/v1/") }.map { $0.replacingOccurrences(of: " api/v1/", with: " ") })
            #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
            #expect(registered.subtracting(documented).isEmpty, "served but not documented: \(registered.subtracting(documented).sorted())")
        }
    }
}

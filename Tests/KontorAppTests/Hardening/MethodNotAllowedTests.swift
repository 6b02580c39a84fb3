@testable import KontorApp
import Testing
import Vapor
import VaporTesting

/// A method no route takes, on a path that exists, is 405 with `Allow` (RFC 9110 §15.5.6), not a 404 that would say
/// the path does not exist; the contract test (schemathesis `unsupported_method`) expects the same.
@Suite("Unsupported methods")
struct MethodNotAllowedTests {
    @Test("TRACE on an API path is 405 with the path's methods in Allow, as JSON")
    func traceOnTheAPI() async throws {
        try await withTestApp { app, _ in
            let response = try await app.testing().sendRequest(.TRACE, "/api/v1/me")
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers.first(name: .allow) == "GET, HEAD, PATCH")
            #expect(try Scenario.apiError(response).code == "method_not_allowed")
        }
    }

    @Test("a parameter path and a nested path: DELETE-only, POST-only, GET and POST")
    func parameterPaths() async throws {
        try await withTestApp { app, _ in
            let session = try await app.testing().sendRequest(.GET, "/api/v1/me/sessions/\(UUID())")
            #expect(session.status == .methodNotAllowed)
            #expect(session.headers.first(name: .allow) == "DELETE")
            let accept = try await app.testing().sendRequest(.PUT, "/api/v1/invitations/some-token/accept")
            #expect(accept.headers.first(name: .allow) == "POST")
            let tokens = try await app.testing().sendRequest(.OPTIONS, "/api/v1/me/tokens")
            #expect(tokens.status == .methodNotAllowed)
            #expect(tokens.headers.first(name: .allow) == "GET, HEAD, POST")
        }
    }

    @Test("paths no route serves are still 404; methods a route takes still reach it")
    func unknownPathsAndKnownMethods() async throws {
        try await withTestApp { app, _ in
            let unknown = try await app.testing().sendRequest(.TRACE, "/api/v1/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await app.testing().sendRequest(.HEAD, "/api/v1/openapi.yaml").status == .ok)
        }
    }

    @Test("pages answer 405 too, with a page in the visitor's language")
    func pages() async throws {
        try await withTestApp { app, _ in
            let response = try await app.testing().sendRequest(.PATCH, "/help", headers: ["Accept-Language": "es"])
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers.first(name: .allow) == "GET, HEAD")
            #expect(response.body.string.contains(app.kontor.localizer.text("error.method_not_allowed", .es)))
        }
    }

    @Test("a signed-in customer is told in the language of their profile, whatever the browser asks for")
    func signedInLanguage() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Jonas", email: "jonas@example.test", language: "de")
            let jonas = try await Scenario.signedIn(app, email: "jonas@example.test")
            let response = try await jonas.send(.PATCH, "/console", body: nil, headers: ["Accept-Language": "en"])
            #expect(response.status == .methodNotAllowed)
            #expect(response.body.string.contains(app.kontor.localizer.text("error.method_not_allowed", .de)))
        }
    }

    @Test("the Allow list is the union of the routes a path matches, HEAD wherever GET is")
    func allowList() {
        let routes = Routes()
        routes.get("a", ":id") { _ in "" }
        routes.delete("a", "current") { _ in "" }
        let middleware = MethodNotAllowedMiddleware(routes: routes.all)
        #expect(middleware.allowedMethods(forPath: "/a/current").map(\.rawValue) == ["DELETE", "GET", "HEAD"])
        #expect(middleware.allowedMethods(forPath: "/a/42").map(\.rawValue) == ["GET", "HEAD"])
        #expect(middleware.allowedMethods(forPath: "/a").isEmpty)
        #expect(middleware.allowedMethods(forPath: "/a/42/more").isEmpty)
    }
}

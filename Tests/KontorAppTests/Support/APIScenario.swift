import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// A JSON request to `/api/v1`, with a bearer token when given.
    static func api(_ app: Application, _ method: HTTPMethod, _ route: APIRoute, query: String = "", token: String?,
                    body: String? = nil, language: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        if let language { headers.add(name: .acceptLanguage, value: language) }
        let response = try await app.testing().sendRequest(method, SiteRoute.api(route).path + query, headers: headers, body: body.map { ByteBuffer(string: $0) })
        await app.kontor.backgroundWork.drain()
        return response
    }

    /// An API session token for an account with 2FA: password and the current code, as `POST /sessions` takes them.
    static func apiSession(_ app: Application, email: String, otp: String) async throws -> String {
        let body = try JSONEncoder().encode(["email": email, "password": password, "otp": otp])
        let response = try await app.testing().sendRequest(.POST, SiteRoute.api(.sessions).path, headers: ["Content-Type": "application/json"],
                                                           body: ByteBuffer(data: body))
        #expect(response.status == .created, "sign-in with a code answered \(response.status)")
        return try response.content.decode(APIModels.SessionCreated.self).token
    }

    /// A personal API token (`kt_…`) made by the holder of `session`.
    static func personalToken(_ app: Application, session: String) async throws -> String {
        let created = try await api(app, .POST, .meTokens, token: session, body: #"{"name":"script","password":"\#(password)"}"#)
        #expect(created.status == .created)
        return try #require(try created.content.decode(APIModels.Token.self).token)
    }

    /// The `error` object of a JSON error answer.
    static func apiError(_ response: TestingHTTPResponse) throws -> KontorErrorMiddleware.Body.Detail {
        try response.content.decode(KontorErrorMiddleware.Body.self).error
    }
}

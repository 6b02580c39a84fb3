import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

extension Scenario {
    /// A staff token made the way a person makes one: on the console's "API tokens" page with the current password,
    /// copied from the page; an empty `expiresOn` takes the page's default (90 days).
    static func staffToken(_ app: Application, _ staff: Browser, name: String = "ERP", expiresOn: String = "") async throws -> String {
        let csrf = try await staff.csrfToken(page: SiteRoute.staffAPITokens.path)
        let page = try await staff.post(SiteRoute.staffAPITokens.path, form: ["name": name, "expires_on": expiresOn, "password": Scenario.password,
                                                                         "_csrf": csrf])
        #expect(page.status == .created, "making a staff token answered \(page.status)")
        return try #require(between(page.body.string, "id=\"new-token\">", "</code>"))
    }

    /// A signed-in staff member of `role` and a staff token of theirs.
    static func staffWithToken(_ app: Application, role: StaffRole, email: String? = nil) async throws -> (browser: Browser, token: String) {
        let browser = try await staff(app, role: role, email: email)
        return (browser, try await staffToken(app, browser))
    }

    /// A call to the staff API: JSON unless another content type is given.
    static func staffAPI(_ app: Application, _ method: HTTPMethod, _ route: APIRoute, query: String = "", token: String?, json: String? = nil,
                         body: ByteBuffer? = nil, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = json != nil ? ["Content-Type": "application/json"] : [:]
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        let response = try await app.testing().sendRequest(method, SiteRoute.api(route).path + query, headers: headers,
                                                           body: json.map { ByteBuffer(string: $0) } ?? body)
        await app.kontor.backgroundWork.drain()
        // An import that answered 202 goes on after the answer: the next call sees it ended (unless held).
        await app.kontor.statementImports.drain()
        return response
    }

    /// Uploads a statement file to the staff API as its raw XML body.
    static func staffUpload(_ app: Application, token: String, _ file: CamtFile) async throws -> TestingHTTPResponse {
        try await staffAPI(app, .POST, .staffBankStatements, token: token, body: ByteBuffer(data: file.data), headers: ["Content-Type": "application/xml"])
    }

    /// The fields a 422 names.
    static func apiFields(_ response: TestingHTTPResponse) throws -> Set<String> {
        Set(try apiError(response).fields?.map(\.field) ?? [])
    }
}

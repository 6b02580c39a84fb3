import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
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

    /// One more staff session of the member `email`, past the authenticator code, in a new browser on `app` (another
    /// device, or another server): made as the sign-in makes it, since one authenticator code signs in only once.
    static func staffSession(_ app: Application, email: String) async throws -> Browser {
        let member = try #require(try await StaffMember.query(on: app.db).filter(\.$email == email).first())
        let (token, _) = try await SessionStore(database: app.db, config: app.kontor.config, now: app.kontor.clock.now())
            .create(staff: member, channel: .browser, organizationID: nil, ipAddress: "192.0.2.9", userAgent: "test", secondFactor: .passed)
        let browser = Browser(app)
        browser.setCookie(SessionCookies(secure: app.kontor.config.secureCookies).staff, token)
        return browser
    }

    /// A member of staff made by `admin` on the members page (so an administrator chose the password), signed in up
    /// to their authenticator setup; returns the browser and where the last step led.
    static func staffMadeByAdministrator(_ app: Application, admin: Browser, role: StaffRole, email: String) async throws -> (Browser, String?) {
        let key = try StaffFormResendTests.formKey(try await admin.get(SiteRoute.staffMembers.path).body.string, form: "staff-create-form")
        let made = try await admin.post(SiteRoute.staffMembers.path, form: ["name": "New \(role.rawValue)", "email": email, "password": password,
                                                                             "role": role.rawValue, "idempotency_key": key])
        #expect(made.status == .seeOther, "making a staff member answered \(made.status)")
        let browser = Browser(app)
        #expect(try await browser.post(SiteRoute.staffSignIn.path, form: ["email": email, "password": password]).location
                == SiteRoute.staffTwoFactorSetup.path)
        let page = try await browser.get(SiteRoute.staffTwoFactorSetup.path).body.string
        let secret = try #require(between(page, "id=\"totp-secret\">", "</code>").flatMap(Base32.decode))
        let confirmed = try await browser.post(SiteRoute.staffTwoFactorSetup.path,
                                               form: ["code": OneTimePassword.totp(secret: secret, time: app.kontor.clock.now(), digits: 6)])
        return (browser, confirmed.location)
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

import Fluent
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

/// Ready-made people and organizations, created through the same paths customers use.
enum Scenario {
    static let password = "correct horse battery staple"

    /// Signs a customer up through the form and confirms the address from the mailed link.
    @discardableResult
    static func customer(_ app: Application, name: String, email: String, language: String = "en") async throws -> User {
        let browser = Browser(app)
        let response = try await browser.post(SiteRoute.signUp.path, form: ["name": name, "email": email, "password": password, "language": language])
        #expect(response.status == .seeOther, "sign-up of \(email) answered \(response.status): \(response.body.string.prefix(400))")
        let link = try await lastLink(app, to: email, path: "/verify-email/")
        let confirmed = try await confirmSignUp(browser, link: link)
        #expect(confirmed.status == .seeOther)
        return try #require(try await User.find(email: email, on: app.db))
    }

    /// Opens the sign-up link's page and presses its button (opening it alone confirms nothing).
    static func confirmSignUp(_ browser: Browser, link: String, password: String = Scenario.password) async throws -> TestingHTTPResponse {
        let page = try await browser.get(link)
        guard page.status == .ok else { return page }
        return try await browser.post(link, form: ["_csrf": Browser.token(in: page.body.string), "password": password])
    }

    /// A signed-in browser for an existing customer.
    static func signedIn(_ app: Application, email: String, password: String = Scenario.password) async throws -> Browser {
        let browser = Browser(app)
        let response = try await browser.post(SiteRoute.signIn.path, form: ["email": email, "password": password])
        #expect(response.status == .seeOther, "sign-in of \(email) answered \(response.status)")
        return browser
    }

    /// An API session token for an existing customer.
    static func apiToken(_ app: Application, email: String) async throws -> String {
        let response = try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: ["Content-Type": "application/json"],
                                                           body: ByteBuffer(string: #"{"email":"\#(email)","password":"\#(password)"}"#))
        #expect(response.status == .created)
        return try response.content.decode(APIModels.SessionCreated.self).token
    }

    /// The first organization of a user (their own, for someone who signed up alone).
    static func organization(of user: User, on app: Application) async throws -> Organization {
        try #require(try await Membership.all(of: user.id!, on: app.db).first?.organization)
    }

    /// The newest link to `path` in the outbox for `recipient`, as a path.
    static func lastLink(_ app: Application, to recipient: String, path: String) async throws -> String {
        let messages = try await OutboxMessage.query(on: app.db).filter(\.$recipient == recipient).sort(\.$createdAt, .descending).all()
        for message in messages {
            if let range = message.textBody.range(of: "http://127.0.0.1:8080" + path) {
                let link = message.textBody[range.lowerBound...].prefix { !$0.isWhitespace }
                return String(link.dropFirst("http://127.0.0.1:8080".count))
            }
        }
        Issue.record("no mail with a \(path) link to \(recipient)")
        return "/missing"
    }

    /// Adds an existing user to an organization with a role (through an invitation accepted by that user).
    static func join(_ app: Application, user email: String, organization: Organization, role: String, invitedBy inviter: Browser) async throws {
        let invite = try await inviter.post(SiteRoute.inviteMember(organization.id!).path, form: ["email": email, "role": role])
        #expect(invite.status == .seeOther, "invitation answered \(invite.status)")
        let link = try await lastLink(app, to: email, path: "/invitations/")
        let invitee = try await signedIn(app, email: email)
        let accepted = try await invitee.post(link + "/accept")
        #expect(accepted.status == .seeOther, "accepting answered \(accepted.status)")
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Staff API tokens: made in the console behind 2FA, shown once, acting with the member's current role, revocable")
struct StaffAPITokenTests {
    static let invoiceJSON = #"{"customerNumber":0,"currency":"CHF","lines":[{"description":"Hosting","unitPrice":{"amountMinor":100,"currency":"CHF"}}]}"#

    @Test("a token is shown once on the page, stored only as a keyed hash, listed by its prefix, and making and revoking it are audited")
    func shownOnce() async throws {
        try await withTestApp { app, _ in
            let staff = try await Scenario.staff(app, role: .billing)
            #expect(try await staff.get(SiteRoute.staffHome.path).body.string.contains("id=\"nav-staff-api-tokens\""))
            let token = try await Scenario.staffToken(app, staff, name: "ERP")
            #expect(token.hasPrefix("kst_") && token.count > 40)

            let page = try await staff.get(SiteRoute.staffAPITokens.path).body.string
            #expect(!page.contains(token), "the token is never shown again")
            let record = try #require(try await StaffAPIToken.query(on: app.db).first())
            #expect(page.contains("ERP") && page.contains(record.tokenPrefix))
            #expect(page.contains("<code>http://127.0.0.1:8080/api/v1/staff</code>"), "where the API is, from the public URL")
            #expect(record.tokenHash != SecretToken.hash(token) && !record.tokenHash.contains(token), "a keyed hash, not the plain SHA-256")
            #expect(record.tokenHash == StaffTokens(database: app.db, secretKey: app.kontor.config.secretKey, config: app.kontor.config.billing,
                                                    now: Date()).hash(token))

            let revoked = try await staff.post(SiteRoute.staffRevokeAPIToken(record.id!).path)
            #expect(revoked.status == .seeOther)
            #expect(try await StaffAPIToken.query(on: app.db).count() == 0)
            let kinds = try await SecurityEvent.query(on: app.db).filter(\.$staffMemberID == record.$staffMember.id).all().map(\.kind)
            #expect(kinds.contains("staff_api_token_created") && kinds.contains("staff_api_token_revoked"))
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .unauthorized)
        }
    }

    @Test("a member who has given only the password, not the authenticator code, cannot make a token")
    func onlyAfterSecondFactor() async throws {
        try await withTestApp { app, _ in
            _ = try await Scenario.staff(app, role: .billing, email: "first@staff.test")
            let browser = Browser(app)
            let signIn = try await browser.post(SiteRoute.staffSignIn.path, form: ["email": "first@staff.test", "password": Scenario.password])
            #expect(signIn.location == SiteRoute.staffSignInSecondFactor.path)
            #expect(try await browser.get(SiteRoute.staffAPITokens.path).location == SiteRoute.staffSignIn.path)
            let made = try await browser.post(SiteRoute.staffAPITokens.path, form: ["name": "ERP"])
            #expect([303, 403].contains(made.status.code) && !made.body.string.contains("kst_"))
            #expect(try await StaffAPIToken.query(on: app.db).count() == 0)
        }
    }

    @Test("each member sees and revokes only their own tokens")
    func ownTokensOnly() async throws {
        try await withTestApp { app, _ in
            let (alice, token) = try await Scenario.staffWithToken(app, role: .billing, email: "alice@staff.test")
            let bob = try await Scenario.staff(app, role: .administrator, email: "bob@staff.test")
            let record = try #require(try await StaffAPIToken.query(on: app.db).first())
            #expect(!(try await bob.get(SiteRoute.staffAPITokens.path).body.string.contains(record.tokenPrefix)))
            #expect(try await alice.get(SiteRoute.staffAPITokens.path).body.string.contains(record.tokenPrefix))
            #expect(try await bob.post(SiteRoute.staffRevokeAPIToken(record.id!).path).status == .notFound)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .ok)
        }
    }

    @Test("a name is required and an expiry must be a day from today to two years ahead; nothing is made otherwise")
    func creationIsValidated() async throws {
        try await withTestApp { app, _ in
            let staff = try await Scenario.staff(app, role: .billing)
            for (name, expiry) in [("", ""), ("ERP", "2020-01-01"), ("ERP", "tomorrow"), ("ERP", "2031-02-30")] {
                let csrf = try await staff.csrfToken(page: SiteRoute.staffAPITokens.path)
                let page = try await staff.post(SiteRoute.staffAPITokens.path, form: ["name": name, "expires_on": expiry, "_csrf": csrf])
                #expect(page.status == .unprocessableEntity, "\(name) / \(expiry) answered \(page.status)")
            }
            #expect(try await StaffAPIToken.query(on: app.db).count() == 0)
        }
    }

    @Test("a token works through its last day and is 401 after it")
    func expiry() async throws {
        try await withTestApp { app, clock in
            let staff = try await Scenario.staff(app, role: .billing)
            let lastDay = app.kontor.config.billing.day(app.kontor.config.billing.day(of: clock.now), plus: 1)
            let token = try await Scenario.staffToken(app, staff, expiresOn: lastDay)
            clock.advance(by: 86_400)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .ok)
            clock.advance(by: 86_400)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .unauthorized)
        }
    }

    @Test("only administrators and billing staff reach the staff API: an editor's or support member's token is 403 on every operation")
    func roles() async throws {
        try await withTestApp { app, _ in
            let id = UUID()
            for role in [StaffRole.editor, .support] {
                let (_, token) = try await Scenario.staffWithToken(app, role: role)
                for (method, route) in [(HTTPMethod.POST, APIRoute.staffInvoices), (.POST, .staffInvoiceCreditNotes(id)), (.POST, .staffBankStatements),
                                        (.GET, .staffUnidentifiedPayments), (.POST, .staffUnidentifiedPaymentAssignment(id)),
                                        (.POST, .staffUnidentifiedPaymentRefund(id)), (.POST, .staffReminderRuns),
                                        (.DELETE, .staffUnidentifiedPaymentRefund(id)), (.GET, .staffRefundsToExecute), (.POST, .staffRefundExecuted(id))] {
                    let response = try await Scenario.staffAPI(app, method, route, token: token, json: "{}")
                    #expect(response.status == .forbidden, "\(role) \(method) \(route) answered \(response.status)")
                }
            }
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "access_denied").count() == 20, "every refusal is logged")
        }
    }

    @Test("the token follows its member: a new role applies on the next request, a disabled member's or reset authenticator's token is dead")
    func followsTheMember() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing, email: "billing@staff.test")
            let member = try #require(try await StaffMember.query(on: app.db).filter(\.$email == "billing@staff.test").first())
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .ok)

            #expect(try await admin.post(SiteRoute.staffMemberRole(member.id!).path, form: ["role": "editor"]).status == .seeOther)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .forbidden)
            #expect(try await admin.post(SiteRoute.staffMemberRole(member.id!).path, form: ["role": "billing"]).status == .seeOther)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .ok)

            #expect(try await admin.post(SiteRoute.staffMemberResetTwoFactor(member.id!).path).status == .seeOther)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .unauthorized)

            let (_, second) = try await Scenario.staffWithToken(app, role: .billing, email: "second@staff.test")
            let secondMember = try #require(try await StaffMember.query(on: app.db).filter(\.$email == "second@staff.test").first())
            #expect(try await admin.post(SiteRoute.staffMemberDeactivate(secondMember.id!).path).status == .seeOther)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: second).status == .unauthorized)
        }
    }

    @Test("tokens do not cross over: a customer's token or session, a staff cookie, or none is 401 on the staff API; a staff token is 401 on customer routes")
    func noCrossOver() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let session = try await Scenario.apiToken(app, email: "ana@example.test")
            let personal = try await Scenario.personalToken(app, session: session)
            let (staffBrowser, staffToken) = try await Scenario.staffWithToken(app, role: .administrator)
            for token in [session, personal, "kst_not-a-token", nil] {
                let response = try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token)
                #expect(response.status == .unauthorized, "\(token ?? "no token") answered \(response.status)")
                #expect(try Scenario.apiError(response).code == "unauthenticated")
            }
            let withCookie = try await staffBrowser.send(.GET, SiteRoute.api(.staffUnidentifiedPayments).path, body: nil)
            #expect(withCookie.status == .unauthorized, "the staff console's cookie is no API credential")
            for route in [APIRoute.me, .organizations, .meTokens] {
                #expect(try await Scenario.api(app, .GET, route, token: staffToken).status == .unauthorized)
            }
            let organization = try #require(try await Organization.query(on: app.db).first())
            #expect(try await Scenario.api(app, .GET, .organizationInvoices(organization.id!), token: staffToken).status == .unauthorized)
        }
    }
}

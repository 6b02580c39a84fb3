import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Staff API tokens: made in the console behind 2FA, shown once, acting with the lesser of the role they were made with and the member's, revocable")
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
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$subject == "A staff API token of yours was revoked").count() == 0,
                    "revoking one's own token mails nothing: the member did it")
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

    @Test("a member who is not an administrator sees and revokes only their own tokens")
    func ownTokensOnly() async throws {
        try await withTestApp { app, _ in
            let (alice, token) = try await Scenario.staffWithToken(app, role: .billing, email: "alice@staff.test")
            let bob = try await Scenario.staff(app, role: .billing, email: "bob@staff.test")
            let record = try #require(try await StaffAPIToken.query(on: app.db).first())
            #expect(!(try await bob.get(SiteRoute.staffAPITokens.path).body.string.contains(record.tokenPrefix)))
            #expect(try await alice.get(SiteRoute.staffAPITokens.path).body.string.contains(record.tokenPrefix))
            #expect(try await bob.post(SiteRoute.staffRevokeAPIToken(record.id!).path).status == .notFound)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .ok)
        }
    }

    @Test("an administrator sees every member's tokens and revokes one of them; the trail names the administrator and the owner")
    func administratorRevokesAnyToken() async throws {
        try await withTestApp { app, _ in
            let (_, token) = try await Scenario.staffWithToken(app, role: .billing, email: "alice@staff.test")
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let record = try #require(try await StaffAPIToken.query(on: app.db).first())
            let page = try await admin.get(SiteRoute.staffAPITokens.path).body.string
            #expect(page.contains("id=\"staff-tokens-others\"") && page.contains(record.tokenPrefix) && page.contains("alice@staff.test"))

            #expect(try await admin.post(SiteRoute.staffRevokeAPIToken(record.id!).path).status == .seeOther)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .unauthorized)
            let adminID = try #require(try await StaffMember.query(on: app.db).filter(\.$email == "admin@staff.test").first()?.id)
            let audit = try #require(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_api_token_revoked").first())
            #expect(audit.staffMemberID == adminID && audit.detail.hasSuffix("of alice@staff.test"))
            // The owner learns it, as when it was made: a system of hers stops working, and who did it.
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "alice@staff.test")
                .filter(\.$subject == "A staff API token of yours was revoked").first())
            #expect(mail.textBody.contains("Hello Staff billing") && mail.textBody.contains("Staff administrator")
                    && mail.textBody.contains("“ERP”"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "admin@staff.test").count() == 0)
        }
    }

    @Test("making a token asks for the current password: missing or wrong is 422 on the field and makes nothing; the member is mailed")
    func passwordRequired() async throws {
        try await withTestApp { app, _ in
            let staff = try await Scenario.staff(app, role: .billing)
            for password in ["", "not the password"] {
                let csrf = try await staff.csrfToken(page: SiteRoute.staffAPITokens.path)
                let page = try await staff.post(SiteRoute.staffAPITokens.path, form: ["name": "ERP", "password": password, "_csrf": csrf])
                #expect(page.status == .unprocessableEntity && !page.body.string.contains("kst_"))
                #expect(page.body.string.contains("The current password is not correct."), "named on the password field")
            }
            #expect(try await StaffAPIToken.query(on: app.db).count() == 0)
            _ = try await Scenario.staffToken(app, staff, name: "ERP")
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "billing@staff.test").first())
            #expect(mail.subject == "A new staff API token was created" && mail.textBody.contains("“ERP”"))
        }
    }

    @Test("a token made without choosing a day ends after 90 days, the day the page fills in; no token is made without an end")
    func defaultExpiry() async throws {
        try await withTestApp { app, clock in
            let staff = try await Scenario.staff(app, role: .billing)
            let billing = app.kontor.config.billing
            let lastDay = billing.day(billing.day(of: clock.now), plus: 90)
            #expect(try await staff.get(SiteRoute.staffAPITokens.path).body.string.contains("value=\"\(lastDay)\""))
            let token = try await Scenario.staffToken(app, staff, expiresOn: "")
            let record = try #require(try await StaffAPIToken.query(on: app.db).first())
            #expect(record.expiresAt != nil)
            clock.advance(by: 89 * 86_400)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .ok)
            clock.advance(by: 2 * 86_400)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: token).status == .unauthorized)
        }
    }

    @Test("tokens made when an empty day meant 'never' get an end at the upgrade: two years after they were made, at least 90 days ahead")
    func upgradeGivesOldTokensAnExpiry() async throws {
        try await withTestApp { app, clock in
            let staff = try await Scenario.staff(app, role: .billing)
            _ = try await Scenario.staffToken(app, staff, name: "recent")
            _ = try await Scenario.staffToken(app, staff, name: "old")
            let tokens = try await StaffAPIToken.query(on: app.db).all()
            let now = clock.now
            for token in tokens {
                token.expiresAt = nil  // as the tokens page used to make them
                if token.name == "old" { token.createdAt = now.addingTimeInterval(-800 * 86_400) }
                try await token.save(on: app.db)
            }
            try await M071GiveStaffTokensAnExpiry(now: { now }).prepare(on: app.db)
            let after = Dictionary(uniqueKeysWithValues: try await StaffAPIToken.query(on: app.db).all().map { ($0.name, $0.expiresAt) })
            let recent = try #require(tokens.first { $0.name == "recent" })
            // Within a second: the databases keep instants to the microsecond at most.
            func near(_ date: Date??, _ expected: Date) -> Bool { (date ?? nil).map { abs($0.timeIntervalSince(expected)) < 1 } ?? false }
            #expect(near(after["recent"], recent.createdAt.addingTimeInterval(730 * 86_400)))
            #expect(near(after["old"], now.addingTimeInterval(90 * 86_400)), "a token older than two years still works for 90 days")
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
                for (method, route) in [(HTTPMethod.POST, APIRoute.staffInvoices), (.POST, .staffInvoiceCreditNotes(id)), (.POST, .staffBankStatements), (.GET, .staffBankStatementImport(id)),
                                        (.GET, .staffUnidentifiedPayments), (.POST, .staffUnidentifiedPaymentAssignment(id)),
                                        (.POST, .staffUnidentifiedPaymentRefund(id)), (.POST, .staffUnidentifiedPaymentClose(id)), (.POST, .staffReminderRuns),
                                        (.DELETE, .staffUnidentifiedPaymentRefund(id)), (.GET, .staffRefundsToExecute), (.POST, .staffRefundExecuted(id))] {
                    let response = try await Scenario.staffAPI(app, method, route, token: token, json: "{}")
                    #expect(response.status == .forbidden, "\(role) \(method) \(route) answered \(response.status)")
                }
            }
            #expect(try await Invoice.query(on: app.db).count() == 0)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "access_denied").count() == 24, "every refusal is logged")
        }
    }

    @Test("the token follows its member: a role that may not do what it was made for ends it, as a disabled member or a reset authenticator does")
    func followsTheMember() async throws {
        try await withTestApp { app, _ in
            let admin = try await Scenario.staff(app, role: .administrator, email: "admin@staff.test")
            let (browser, old) = try await Scenario.staffWithToken(app, role: .billing, email: "billing@staff.test")
            let member = try #require(try await StaffMember.query(on: app.db).filter(\.$email == "billing@staff.test").first())
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: old).status == .ok)

            #expect(try await admin.post(SiteRoute.staffMemberRole(member.id!).path, form: ["role": "editor"]).status == .seeOther)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: old).status == .unauthorized)
            #expect(try await admin.post(SiteRoute.staffMemberRole(member.id!).path, form: ["role": "billing"]).status == .seeOther)
            #expect(try await Scenario.staffAPI(app, .GET, .staffUnidentifiedPayments, token: old).status == .unauthorized, "nothing comes back")
            let token = try await Scenario.staffToken(app, browser, name: "ERP again")
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

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Closing one's account: everything personal goes, every way in ends, the organizations' books stay, and nobody is left without a legal representative")
struct AccountClosureTests {
    static func close(_ browser: Browser, password: String = Scenario.password, confirm: Bool = true) async throws -> TestingHTTPResponse {
        var form = ["password": password]
        if confirm { form["confirm"] = "on" }
        return try await browser.post(SiteRoute.closeAccount.path, form: form)
    }

    @Test("a customer alone in an organization with nothing open closes the account: signed out everywhere, data gone, mailed, the address free again, the invoices kept")
    func closes() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana Muster", email: "ana@example.test")
            let anaID = try ana.requireID()
            let organization = try await Scenario.organization(of: ana, on: app)
            let invoice = try await InvoiceTests.issue(app, to: organization.requireID(), francs: 40)
            try await InvoiceTests.credit(app, organization.requireID(), francs: 40)
            _ = try await InvoiceSettling.payFromBalance(invoiceID: try invoice.requireID(), organizationID: organization.requireID(), userID: anaID,
                                                         now: Date(), on: app.db)
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            let elsewhere = try await Scenario.signedIn(app, email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")

            let page = try await browser.get(SiteRoute.closeAccount.path)
            #expect(page.status == .ok && page.body.string.contains("id=\"close-account-form\""))
            let closed = try await Self.close(browser)
            #expect(closed.status == .seeOther && closed.location == SiteRoute.accountClosed.path)
            #expect(try await browser.get(SiteRoute.accountClosed.path).body.string.contains("Your account is closed"))

            #expect(try await elsewhere.get(SiteRoute.profile.path).status != .ok, "every other session ended")
            #expect(try await Scenario.api(app, .GET, .me, token: token).status == .unauthorized, "every API token ended")
            let user = try #require(try await User.find(anaID, on: app.db))
            #expect(user.disabledAt != nil && user.name.isEmpty && user.email.hasSuffix("@closed.invalid") && user.recoveryEmail == nil)
            #expect(try await Membership.query(on: app.db).filter(\.$user.$id == anaID).count() == 0)
            #expect(try await AuthSession.query(on: app.db).filter(\.$user.$id == anaID).count() == 0)
            #expect(try await Invoice.find(invoice.id, on: app.db) != nil, "the organization's invoices are kept")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "ana@example.test")
                .filter(\.$subject == "Your account is closed").count() == 1)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$userID == anaID).filter(\.$kind == "account_closed").count() == 1)

            let signIn = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "ana@example.test", "password": Scenario.password])
            #expect(signIn.status != .seeOther, "the old password opens nothing")
            let signUp = try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Ana Muster", "email": "ana@example.test",
                                                                                   "password": Scenario.password, "language": "en"])
            #expect(signUp.status == .seeOther)
            let again = try #require(try await User.find(email: "ana@example.test", on: app.db), "the address opens a new, empty account")
            #expect(try again.requireID() != anaID)
        }
    }

    @Test("what stops it is listed organization by organization, and a closure tried anyway is refused with nothing changed")
    func obstacles() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            _ = try await Scenario.customer(app, name: "Ben", email: "ben@example.test")
            let own = try await Scenario.organization(of: ana, on: app)
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            try await InvoiceTests.credit(app, own.requireID(), francs: 5)
            _ = try await InvoiceTests.issue(app, to: own.requireID(), francs: 30)
            try await Scenario.join(app, user: "ben@example.test", organization: own, role: "user", invitedBy: browser)

            let page = try await browser.get(SiteRoute.closeAccount.path).body.string
            #expect(page.contains("id=\"closure-obstacles\"") && !page.contains("id=\"close-account-form\""))
            #expect(page.contains("make one of them legal representative first"))
            let refused = try await Self.close(browser)
            #expect(refused.status == .conflict)
            #expect(try await Membership.query(on: app.db).filter(\.$user.$id == ana.requireID()).count() == 1)

            let status = try await Scenario.api(app, .GET, .meClosure, token: try await Scenario.apiToken(app, email: "ana@example.test"))
            let body = try status.content.decode(APIModels.AccountClosureStatus.self)
            #expect(!body.canClose && body.obstacles.map(\.reasons) == [["last_legal_representative"]])

            // Ben leaves: Ana is alone with an unpaid invoice and prepaid money; each is named.
            let ben = try await Scenario.signedIn(app, email: "ben@example.test")
            #expect(try await ben.post(SiteRoute.leaveOrganization(own.requireID()).path).status == .seeOther)
            let alone = try await Scenario.api(app, .GET, .meClosure, token: try await Scenario.apiToken(app, email: "ana@example.test"))
            #expect(try alone.content.decode(APIModels.AccountClosureStatus.self).obstacles.map(\.reasons) == [["open_invoices", "prepaid_balance"]])
        }
    }

    @Test("the password and the tick are asked for, each error on its field in the customer's language; nothing is closed")
    func validation() async throws {
        try await withTestApp { app, _ in
            _ = try await Scenario.customer(app, name: "Ana", email: "ana@example.test", language: "de")
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            let wrong = try await Self.close(browser, password: "not my password", confirm: false)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("id=\"password-error\"") && wrong.body.string.contains("id=\"confirm-error\""))
            #expect(wrong.body.string.contains("Kreuzen Sie das Kästchen an"))
            #expect(try await User.find(email: "ana@example.test", on: app.db)?.disabledAt == nil)
        }
    }

    @Test("with 2FA on, only a session that passed it may close the account, and never a personal API token")
    func secondFactor() async throws {
        try await withTestApp { app, clock in
            _ = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let enrolled = try await Scenario.signedIn(app, email: "ana@example.test")
            let (secret, _) = try await Scenario.enableTwoFactor(app, enrolled, now: clock.now)
            let before = try await Scenario.sessionWithoutSecondFactor(app, email: "ana@example.test")

            #expect(try await before.get(SiteRoute.closeAccount.path).body.string.contains("id=\"closure-second-factor\""))
            #expect(try await Self.close(before).status == .forbidden)
            clock.advance(by: 30)                              // the next code: the one used to enrol cannot be used twice
            let session = try await Scenario.apiSession(app, email: "ana@example.test", otp: OneTimePassword.totp(secret: secret, time: clock.now, digits: 6))
            let personal = try await Scenario.personalToken(app, session: session)
            let byToken = try await Scenario.api(app, .POST, .meClosure, token: personal, body: #"{"password":"\#(Scenario.password)","confirm":true}"#)
            #expect(byToken.status == .forbidden)
            #expect(try Scenario.apiError(byToken).code == "not_with_personal_token")
            #expect(try await User.find(email: "ana@example.test", on: app.db)?.disabledAt == nil)

            let closed = try await Scenario.api(app, .POST, .meClosure, token: session, body: #"{"password":"\#(Scenario.password)","confirm":true}"#)
            #expect(closed.status == .noContent)
            #expect(try await User.find(email: "ana@example.test", on: app.db) == nil)
            #expect(try await SecondFactor.query(on: app.db).count() == 0)
            #expect(try await BackupCode.query(on: app.db).count() == 0)
        }
    }

    @Test("an authenticator enrolment left half-way is no second factor: the account closes with the password alone")
    func abandonedEnrolment() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            #expect(try await browser.get(SiteRoute.securityAuthenticator.path).status == .ok)
            // A wrong code sent: the enrolment began (opening the page alone writes nothing).
            #expect(try await browser.post(SiteRoute.securityAuthenticator.path, form: ["code": "000000", "password": Scenario.password]).status
                    == .unprocessableEntity)
            #expect(try await SecondFactor.query(on: app.db).filter(\.$user.$id == ana.requireID()).count() == 1, "an enrolment began")
            #expect(!(try await browser.get(SiteRoute.closeAccount.path).body.string.contains("id=\"closure-second-factor\"")))
            #expect(try await Self.close(browser).location == SiteRoute.accountClosed.path)
            #expect(try await SecondFactor.query(on: app.db).count() == 0)
        }
    }

    @Test("the last two legal representatives, one closing while the other leaves at the same time: never both, never a 500")
    func closingWhileTheOtherLeaves() async throws {
        try await withTestApp { app, _ in
            for round in 0..<4 {
                let ana = try await Scenario.customer(app, name: "Ana", email: "ana\(round)@example.test")
                _ = try await Scenario.customer(app, name: "Ben", email: "ben\(round)@example.test")
                _ = try await Scenario.customer(app, name: "Carla", email: "carla\(round)@example.test")
                let organization = try await Scenario.organization(of: ana, on: app)
                let anaBrowser = try await Scenario.signedIn(app, email: "ana\(round)@example.test")
                try await Scenario.join(app, user: "ben\(round)@example.test", organization: organization, role: "legal_representative", invitedBy: anaBrowser)
                try await Scenario.join(app, user: "carla\(round)@example.test", organization: organization, role: "user", invitedBy: anaBrowser)
                let benBrowser = try await Scenario.signedIn(app, email: "ben\(round)@example.test")
                async let closing = Self.close(anaBrowser)
                async let leaving = benBrowser.post(SiteRoute.leaveOrganization(organization.requireID()).path)
                let (closed, left) = try await (closing, leaving)
                #expect(closed.status.code < 500 && left.status.code < 500)
                let representatives = try await Membership.query(on: app.db).filter(\.$organization.$id == organization.requireID())
                    .filter(\.$roleValue == OrganizationRole.legalRepresentative.rawValue).count()
                #expect(representatives == 1, "round \(round): closing \(closed.status), leaving \(left.status)")
            }
        }
    }

    @Test("two closures of one account at once: closed once, one security-log line, no 500")
    func twiceAtOnce() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let first = try await Scenario.signedIn(app, email: "ana@example.test")
            let second = try await Scenario.signedIn(app, email: "ana@example.test")
            async let one = Self.close(first)
            async let two = Self.close(second)
            let answers = try await [one, two]
            #expect(answers.allSatisfy { $0.status.code < 500 }, "\(answers.map(\.status))")
            #expect(answers.contains { $0.location == SiteRoute.accountClosed.path })
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$userID == ana.requireID()).filter(\.$kind == "account_closed").count() == 1)
        }
    }
}

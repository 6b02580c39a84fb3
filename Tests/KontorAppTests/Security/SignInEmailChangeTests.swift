import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Changing the sign-in address: the password asks, the new mailbox confirms, the old one is told, nothing is taken twice")
struct SignInEmailChangeTests {
    static let email = "ana@example.test"
    static let newEmail = "ana@new-company.example"

    static func links(_ app: Application, to recipient: String) async throws -> [String] {
        try await RecoveryTests.links(app, to: recipient, path: "/sign-in-email/")
    }

    static func subjects(_ app: Application, to recipient: String) async throws -> [String] {
        try await OutboxMessage.query(on: app.db).filter(\.$recipient == recipient).all().map(\.subject)
    }

    static func events(_ app: Application, _ user: User) async throws -> [String] {
        try await SecurityEvent.query(on: app.db).filter(\.$userID == user.requireID()).all().map(\.kind)
    }

    @Test("from the profile: a link to the new address, a notice to the old one, a page that asks before it changes anything; then the new address signs in and the old one does not")
    func changeFromProfile() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: Self.email)
            let browser = try await Scenario.signedIn(app, email: Self.email)
            let sent = try await browser.post(SiteRoute.profileEmail.path, form: ["new_email": Self.newEmail, "password": Scenario.password])
            #expect(sent.status == .seeOther)
            #expect(try await Self.subjects(app, to: Self.email).contains(app.kontor.localizer.text("mail.sign_in_email_changing.subject", .en)),
                    "the address in use is told")
            #expect(try await User.find(email: Self.email, on: app.db) != nil, "nothing changes before the confirmation")
            let profile = try await browser.get(SiteRoute.profile.path).body.string
            #expect(Scenario.between(profile, "id=\"sign-in-email-pending\">", "</p>")?.contains(Self.newEmail) == true,
                    "the profile shows the address waiting for its confirmation")

            let link = try #require(try await Self.links(app, to: Self.newEmail).first)
            let visitor = Browser(app)
            let page = try await visitor.get(link)
            #expect(page.status == .ok && page.body.string.contains("id=\"sign-in-email-confirm\"") && page.body.string.contains(Self.newEmail))
            #expect(try await User.find(email: Self.newEmail, on: app.db) == nil, "opening the link changes nothing: a mail scanner cannot confirm")
            let confirmed = try await visitor.post(link)
            #expect(confirmed.status == .seeOther && confirmed.headers.first(name: .location)?.hasPrefix(SiteRoute.signIn.path) == true)
            #expect(try await User.find(email: Self.newEmail, on: app.db)?.id == ana.id)
            #expect(try await User.find(email: Self.email, on: app.db) == nil)
            #expect(try await Self.subjects(app, to: Self.email).contains(app.kontor.localizer.text("mail.sign_in_email_changed.subject", .en)),
                    "the old address is told it no longer signs in")
            #expect(try await visitor.get(link).status == .gone, "single use")
            #expect(try await visitor.post(link).status == .gone)

            let old = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": Self.email, "password": Scenario.password])
            #expect(old.status != .seeOther, "the old address no longer signs in")
            _ = try await Scenario.signedIn(app, email: Self.newEmail)
            let events = try await Self.events(app, ana)
            #expect(events.contains("sign_in_email_requested") && events.contains("sign_in_email_changed"))
        }
    }

    @Test("a wrong password, an invalid address, the same address or the recovery address is said on its field, and nothing is mailed or kept")
    func refusals() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: Self.email)
            ana.recoveryEmail = "ana.private@example.org"
            try await ana.save(on: app.db)
            let browser = try await Scenario.signedIn(app, email: Self.email)
            let cases: [(form: [String: String], errorID: String)] = [
                (["new_email": Self.newEmail, "password": "not my password"], "sign-in-email-password-error"),
                (["new_email": "not-an-address", "password": Scenario.password], "new-email-error"),
                (["new_email": Self.email.uppercased(), "password": Scenario.password], "new-email-error"),
                (["new_email": "ana.private@example.org", "password": Scenario.password], "new-email-error"),
                ([:], "new-email-error"),
            ]
            for (form, errorID) in cases {
                let response = try await browser.post(SiteRoute.profileEmail.path, form: form)
                #expect(response.status == .unprocessableEntity && response.body.string.contains("id=\"\(errorID)\""), "\(form)")
            }
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient != Self.email).count() == 0)
            #expect(try await EmailToken.query(on: app.db).filter(\.$purpose == EmailToken.Purpose.changeSignInEmail.rawValue).count() == 0)
            #expect(try await User.find(email: Self.email, on: app.db)?.id == ana.id)
        }
    }

    @Test("an address another account has gets the same answer; its owner is told and no link is sent; taken after the link was sent, the confirmation says so and changes nothing")
    func addressOfAnotherAccount() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: Self.email)
            try await Scenario.customer(app, name: "Bea", email: "bea@example.test")
            let browser = try await Scenario.signedIn(app, email: Self.email)
            func pendingShown() async throws -> String? {
                Scenario.between(try await browser.get(SiteRoute.profile.path).body.string, "id=\"sign-in-email-pending\">", "</p>")
            }
            let taken = try await browser.post(SiteRoute.profileEmail.path, form: ["new_email": "bea@example.test", "password": Scenario.password])
            #expect(try await pendingShown()?.contains("bea@example.test") == true, "the profile shows the taken address waiting, as any other")
            let free = try await browser.post(SiteRoute.profileEmail.path, form: ["new_email": Self.newEmail, "password": Scenario.password])
            #expect(try await pendingShown()?.contains(Self.newEmail) == true)
            #expect(taken.status == free.status && taken.headers.first(name: .location) == free.headers.first(name: .location),
                    "the form does not say which addresses have an account")
            #expect(try await Self.links(app, to: "bea@example.test").isEmpty)
            #expect(try await Self.subjects(app, to: "bea@example.test").contains(app.kontor.localizer.text("mail.sign_in_email_taken.subject", .en)))

            // Someone signs up with the new address before Ana confirms it.
            let link = try #require(try await Self.links(app, to: Self.newEmail).first)
            try await Scenario.customer(app, name: "Cleo", email: Self.newEmail)
            let refused = try await Browser(app).post(link)
            #expect(refused.status == .conflict && refused.body.string.contains(app.kontor.localizer.text("error.sign_in_email.taken", .en)))
            #expect(try await User.find(email: Self.email, on: app.db)?.id == ana.id)
        }
    }

    @Test("a sign-up of the new address nobody confirmed holds nothing: the link goes to it, and confirming it frees the address from that sign-up")
    func addressOfAnUnconfirmedSignUp() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: Self.email)
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Someone", "email": Self.newEmail, "password": "a squatter's own passphrase", "language": "en"])
            let browser = try await Scenario.signedIn(app, email: Self.email)
            #expect(try await browser.post(SiteRoute.profileEmail.path, form: ["new_email": Self.newEmail, "password": Scenario.password]).status == .seeOther)
            #expect(!(try await Self.subjects(app, to: Self.newEmail).contains(app.kontor.localizer.text("mail.sign_in_email_taken.subject", .en))),
                    "not told it 'already belongs to your account', under the stranger's name")
            let link = try #require(try await Self.links(app, to: Self.newEmail).first)
            #expect(try await Browser(app).post(link).status == .seeOther)
            #expect(try await User.find(email: Self.newEmail, on: app.db)?.id == ana.id)
            let squatter = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": Self.newEmail, "password": "a squatter's own passphrase"])
            #expect(squatter.status == .unauthorized)
        }
    }

    @Test("housekeeping frees the address of a sign-up left unconfirmed for a week; its owner can then sign up")
    func abandonedSignUpReleased() async throws {
        try await withTestApp { app, clock in
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Someone", "email": Self.newEmail, "password": "a squatter's own passphrase", "language": "en"])
            clock.advance(by: 6 * 24 * 3600)
            #expect(try await app.housekeeping.run().signUpsReleased == 0, "a week, not less")
            clock.advance(by: 2 * 24 * 3600)
            #expect(try await app.housekeeping.run().signUpsReleased == 1)
            #expect(try await User.find(email: Self.newEmail, on: app.db) == nil)
            try await Scenario.customer(app, name: "Ana", email: Self.newEmail)
            #expect(try await User.find(email: Self.newEmail, on: app.db)?.name == "Ana")
        }
    }

    @Test("housekeeping on two servers at the same moment releases each abandoned sign-up once, and counts it once")
    func abandonedSignUpsReleasedOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            for index in 0..<3 {
                try await Browser(apps[0]).post(SiteRoute.signUp.path, form: ["name": "Someone", "email": "squatter\(index)@example.org",
                                                                             "password": "a squatter's own passphrase", "language": "en"])
            }
            clock.advance(by: 8 * 24 * 3600)
            let released = try await withThrowingTaskGroup(of: Int.self) { group in
                for app in apps + apps { group.addTask { try await app.housekeeping.run().signUpsReleased } }
                return try await group.reduce(0, +)
            }
            #expect(released == 3)
            #expect(try await User.query(on: apps[1].db).filter(\.$disabledAt != nil).count() == 3)
        }
    }

    @Test("a newer request kills the older link, and a link is good for 24 hours")
    func linkLifetime() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let browser = try await Scenario.signedIn(app, email: Self.email)
            try await browser.post(SiteRoute.profileEmail.path, form: ["new_email": "first@example.org", "password": Scenario.password])
            try await browser.post(SiteRoute.profileEmail.path, form: ["new_email": Self.newEmail, "password": Scenario.password])
            let killed = try #require(try await Self.links(app, to: "first@example.org").first)
            let killedPage = try await Browser(app).get(killed)
            #expect(killedPage.status == .gone && killedPage.body.string.contains("id=\"sign-in-email-unusable\""))
            #expect(try await Browser(app).post(killed).status == .gone)
            let link = try #require(try await Self.links(app, to: Self.newEmail).first)
            clock.advance(by: SignInEmailChange.linkLifetime + 60)
            #expect(try await Browser(app).post(link).status == .gone, "expired")
            #expect(try await User.find(email: Self.email, on: app.db) != nil)
        }
    }

    @Test("two accounts confirm the same new address at the same moment on two servers: one gets it, the other is told 409, no 500, the address is never on two accounts")
    func twoAccountsOneAddress() async throws {
        try await withTestApps(count: 2) { apps, _ in
            for round in 0..<3 {
                let wanted = "shared\(round)@example.org"
                var links: [String] = []
                for (index, name) in ["Ana", "Bea"].enumerated() {
                    let email = "\(name.lowercased())\(round)@example.test"
                    try await Scenario.customer(apps[index], name: name, email: email)
                    let browser = try await Scenario.signedIn(apps[index], email: email)
                    #expect(try await browser.post(SiteRoute.profileEmail.path, form: ["new_email": wanted, "password": Scenario.password]).status == .seeOther)
                    links.append(try #require(try await Self.links(apps[0], to: wanted).last))
                }
                let visitors = [Browser(apps[0]), Browser(apps[1])]
                let tokens = [try await visitors[0].csrfToken(page: links[0]), try await visitors[1].csrfToken(page: links[1])]
                let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for index in 0..<2 {
                        let (visitor, link, token) = (visitors[index], links[index], tokens[index])
                        group.addTask { try await visitor.post(link, form: ["_csrf": token]).status.code }
                    }
                    return try await group.reduce(into: [UInt]()) { $0.append($1) }
                }
                #expect(statuses.sorted() == [303, 409], "round \(round): \(statuses)")
                #expect(try await User.query(on: apps[1].db).filter(\.$email == wanted).count() == 1)
            }
        }
    }

    @Test("PUT /me/email: the same rules and answers as the profile page, each refusal on its field")
    func api() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: Self.email)
            let token = try await Scenario.apiToken(app, email: Self.email)
            func change(_ body: String) async throws -> TestingHTTPResponse {
                try await Scenario.api(app, .PUT, .meEmail, token: token, body: body)
            }
            let wrong = try await change(#"{"email":"\#(Self.newEmail)","password":"not my password"}"#)
            #expect(try wrong.status == .unprocessableEntity && Scenario.apiError(wrong).fields?.map(\.field) == ["password"])
            let same = try await change(#"{"email":"\#(Self.email)","password":"\#(Scenario.password)"}"#)
            #expect(try same.status == .unprocessableEntity && Scenario.apiError(same).fields?.map(\.field) == ["email"])
            #expect(try await change(#"{"email":42}"#).status == .badRequest)
            #expect(try await Scenario.api(app, .PUT, .meEmail, token: nil, body: #"{"email":"x@example.org","password":"p"}"#).status == .unauthorized)
            let accepted = try await change(#"{"email":"\#(Self.newEmail)","password":"\#(Scenario.password)"}"#)
            #expect(accepted.status == .accepted)
            #expect(try accepted.content.decode(APIModels.Accepted.self).status == "confirmation_sent")
            let link = try #require(try await Self.links(app, to: Self.newEmail).first)
            #expect(try await Browser(app).post(link).status == .seeOther)
            #expect(try await User.find(email: Self.newEmail, on: app.db) != nil)
        }
    }
}

import Fluent
import SQLKit
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Accounts: sign-up, confirmation, sign-in")
struct AccountTests {
    @Test("signing up alone creates an organization named after me, where I am legal representative")
    func signUpCreatesOrganization() async throws {
        try await withTestApp { app, _ in
            let user = try await Scenario.customer(app, name: "Alice Example", email: "alice@example.test")
            let memberships = try await Membership.all(of: user.id!, on: app.db)
            #expect(memberships.count == 1)
            #expect(memberships.first?.organization.name == "Alice Example")
            #expect(memberships.first?.role == .legalRepresentative)
            #expect(user.supportCode.count == 8)
        }
    }

    @Test("sign-up answers the same for a new and a known address (no enumeration)")
    func signUpDoesNotRevealAccounts() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let form = ["name": "Mallory", "password": "another long passphrase", "language": "en"]
            let known = try await Browser(app).post(SiteRoute.signUp.path, form: form.merging(["email": "alice@example.test"]) { $1 })
            let unknown = try await Browser(app).post(SiteRoute.signUp.path, form: form.merging(["email": "nobody@example.test"]) { $1 })
            #expect(known.status == unknown.status)
            #expect(known.location == unknown.location)
            // The owner of the known address is told, and nothing about the account changed.
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "alice@example.test").count()
            #expect(mails == 2)
            #expect(try await User.find(email: "alice@example.test", on: app.db)?.name == "Alice")
        }
    }

    @Test("sign-up answers a known and a new address after the same floor of time, on the page and the API, so timing tells no more than the answer")
    func signUpTakesTheSameTime() async throws {
        try await withTestApp(configure: { $0.signUpAnswerFloor = .milliseconds(300) }) { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let form = ["name": "Mallory", "password": "another long passphrase", "language": "en"]
            for email in ["alice@example.test", "nobody@example.test"] {
                let started = ContinuousClock.now
                let page = try await Browser(app).post(SiteRoute.signUp.path, form: form.merging(["email": email]) { $1 })
                #expect(ContinuousClock.now - started >= .milliseconds(300), "\(email) on the page")
                #expect(page.status == .seeOther)
            }
            for email in ["alice@example.test", "nobody2@example.test"] {
                let started = ContinuousClock.now
                let api = try await app.testing().sendRequest(.POST, SiteRoute.api(.accounts).path, headers: ["Content-Type": "application/json"],
                    body: ByteBuffer(string: #"{"name":"Mallory","email":"\#(email)","password":"another long passphrase","language":"en"}"#))
                #expect(ContinuousClock.now - started >= .milliseconds(300), "\(email) on the API")
                #expect(api.status == .accepted)
            }
        }
    }

    @Test("an unconfirmed address cannot sign in, and a pre-registration never sets the owner's password")
    func confirmationBindsThePassword() async throws {
        try await withTestApp { app, clock in
            // Mallory registers Alice's address with her own password, and never sees the link.
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Mallory", "email": "alice@example.test", "password": "mallory knows this one", "language": "en"])
            let early = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "mallory knows this one"])
            #expect(early.status == .unauthorized)
            clock.advance(by: 60)
            // Alice signs up herself and opens her own link.
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Alice", "email": "alice@example.test", "password": Scenario.password, "language": "es"])
            let link = try await Scenario.lastLink(app, to: "alice@example.test", path: "/verify-email/")
            #expect(try await Scenario.confirmSignUp(Browser(app), link: link).status == .seeOther)
            let mallory = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "mallory knows this one"])
            #expect(mallory.status == .unauthorized)
            let alice = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": Scenario.password])
            #expect(alice.status == .seeOther)
            let user = try #require(try await User.find(email: "alice@example.test", on: app.db))
            #expect(user.name == "Alice" && user.language == "es")
        }
    }

    @Test("opening the sign-up link confirms nothing (a mail scanner follows every link); the page names the sign-up and its button confirms it")
    func openingTheLinkConfirmsNothing() async throws {
        try await withTestApp { app, _ in
            // Mallory signs up with Alice's address and her own password; Alice's mail gateway opens every link.
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Mallory", "email": "alice@example.test", "password": "mallory knows this one", "language": "en"])
            let link = try await Scenario.lastLink(app, to: "alice@example.test", path: "/verify-email/")
            let page = try await Browser(app).get(link)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Mallory") && page.body.string.contains("alice@example.test"), "the page says whose sign-up it confirms")
            #expect(page.body.string.contains("You did not sign up?"))
            let mallory = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "mallory knows this one"])
            #expect(mallory.status == .unauthorized, "opening the link activated the account")
            #expect(try await Browser(app).post(link, csrf: false).status == .forbidden, "the button needs the page's anti-forgery token")
            // Alice, taking the newest mail for her own, confirms it with her password: refused, nothing activated.
            let refused = try await Scenario.confirmSignUp(Browser(app), link: link)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("someone else used your address"))
            #expect(try await User.find(email: "alice@example.test", on: app.db)?.isEmailVerified == false)
            #expect(try await Scenario.confirmSignUp(Browser(app), link: link, password: "mallory knows this one").status == .seeOther)
            #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "mallory knows this one"]).status == .seeOther)
        }
    }

    @Test("a confirmation link works once")
    func confirmationLinkIsSingleUse() async throws {
        try await withTestApp { app, _ in
            try await Browser(app).post(SiteRoute.signUp.path, form: ["name": "Alice", "email": "alice@example.test", "password": Scenario.password, "language": "en"])
            let link = try await Scenario.lastLink(app, to: "alice@example.test", path: "/verify-email/")
            #expect(try await Scenario.confirmSignUp(Browser(app), link: link).status == .seeOther)
            #expect(try await Browser(app).get(link).status == .gone)
            #expect(try await Browser(app).post(link).status == .gone)
        }
    }

    @Test("a wrong password and an unknown address get the same answer")
    func signInDoesNotRevealAccounts() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let wrong = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "alice@example.test", "password": "not the password"])
            let unknown = try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "nobody@example.test", "password": "not the password"])
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.body.string.contains("The e-mail address or the password is not correct."))
            #expect(unknown.body.string.contains("The e-mail address or the password is not correct."))
        }
    }

    @Test("invalid sign-up input names each field, keeps what was typed and stores nothing")
    func signUpValidation() async throws {
        try await withTestApp { app, _ in
            let response = try await Browser(app).post(SiteRoute.signUp.path, form: [
                "name": "", "email": "not-an-address", "password": "short", "language": "xx"])
            #expect(response.status == .unprocessableEntity)
            let page = response.body.string
            #expect(page.contains("This field is required."))
            #expect(page.contains("Enter a valid e-mail address"))
            #expect(page.contains("at least 8 characters"))
            #expect(page.contains("Choose one of the offered languages."))
            #expect(page.contains("value=\"not-an-address\""))
            #expect(try await User.query(on: app.db).count() == 0)
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test("common and breached passwords and their obvious variants are refused on the form, which says why; so is one made of the name")
    func breachedPasswords() async throws {
        try await withTestApp { app, _ in
            let list = try #require(BundledResources.data("common-passwords.txt"))
            #expect(String(decoding: list, as: UTF8.self).split(separator: "\n").count >= 100_000, "a large list ships with Kontor")
            for password in ["password123", "qwerty123", "P@ssw0rd", "admin123", "Iloveyou2024!", "Dragon1234"] {
                let refused = try await Browser(app).post(SiteRoute.signUp.path, form: [
                    "name": "Ana García", "email": "ana@example.test", "password": password, "language": "es"])
                #expect(refused.status == .unprocessableEntity, "\(password) was accepted")
                #expect(refused.body.string.contains(app.kontor.localizer.text("error.password.common", .en)), "\(password): no reason shown")
            }
            let ownName = try await Browser(app).post(SiteRoute.signUp.path, form: [
                "name": "Wolfgang Schürmann", "email": "wolfgang@example.test", "password": "Schurmann-Wolfgang77", "language": "de"])
            #expect(ownName.status == .unprocessableEntity)
            let named = try await Browser(app).post(SiteRoute.signUp.path, form: [
                "name": "Wolfgang Schürmann", "email": "wolfgang@example.test", "password": "schürmannwolfgang2024", "language": "de"])
            #expect(named.body.string.contains(app.kontor.localizer.text("error.password.context", .en)))
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test("one mailbox of an international domain is one account, however its domain is spelled")
    func internationalDomainOneAccount() async throws {
        try await withTestApp { app, _ in
            for spelling in ["p@d\u{E9}mo-probe.ch", "p@de\u{301}mo-probe.ch", "p@xn--dmo-probe-b4a.ch"] {
                _ = try await Browser(app).post(SiteRoute.signUp.path, form: [
                    "name": "Pia Probe", "email": spelling, "password": "a quiet orchard at dawn", "language": "fr"])
            }
            let accounts = try await User.query(on: app.db).all().map(\.email)
            #expect(accounts == ["p@d\u{E9}mo-probe.ch"], "\(accounts)")
        }
    }

    @Test("an address stored in its xn-- spelling before is rewritten once, so its owner signs in as she types it; one another account has is left")
    func internationalDomainsRewritten() async throws {
        try await withTestApp { app, _ in
            let pia = try await Scenario.customer(app, name: "Pia", email: "pia@example.test")
            let other = try await Scenario.customer(app, name: "Pio", email: "pio@example.test")
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE users SET email = 'pia@xn--dmo-probe-b4a.ch' WHERE id = \(bind: pia.requireID())").run()
            try await sql.raw("UPDATE users SET email = 'pia@de\u{301}mo-probe.ch' WHERE id = \(bind: other.requireID())").run()
            try await M089CanonicalEmailDomains().prepare(on: app.db)
            let emails = try await User.query(on: app.db).all().map { Array($0.email.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
            #expect(emails.contains(Array("pia@d\u{E9}mo-probe.ch".utf8)), "one of them takes the one spelling")
            #expect(emails.count == 2 && Set(emails).count == 2, "the other keeps its own: nothing merged")
            #expect(try await Browser(app).post(SiteRoute.signIn.path, form: ["email": "pia@d\u{E9}mo-probe.ch", "password": Scenario.password]).status == .seeOther)
        }
    }

    @Test("a new password made of the name of one's organization is refused, as one made of one's own name")
    func organizationNamePassword() async throws {
        try await withTestApp { app, _ in
            let user = try await Scenario.customer(app, name: "Ana García", email: "ana@example.test")
            let organization = try await Scenario.organization(of: user, on: app)
            organization.name = "Zebrafisch Werkstatt"
            try await organization.save(on: app.db)
            let browser = try await Scenario.signedIn(app, email: "ana@example.test")
            let refused = try await browser.post(SiteRoute.profilePassword.path,
                                                 form: ["current_password": Scenario.password, "new_password": "Zebrafisch Werkstatt 2024"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(app.kontor.localizer.text("error.password.context", .en)))
            #expect(try await browser.post(SiteRoute.profilePassword.path,
                                           form: ["current_password": Scenario.password, "new_password": "Zebrafisch river lantern"]).status == .seeOther)
        }
    }

    @Test("a language picked in the footer stays on every page of that browser; the profile's form sets the account's, which e-mails use")
    func footerLanguageSticks() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let ana = try await Scenario.signedIn(app, email: "ana@example.test")
            #expect(try await ana.get(SiteRoute.console.path + "?lang=de").body.string.contains("<html lang=\"de\">"))
            #expect(try await ana.get(SiteRoute.profile.path).body.string.contains("<html lang=\"de\">"), "the next page, without the link")
            // A link is a GET: it changes nothing of the account, so a link from another site cannot choose the language
            // of her e-mails (security probe round 8). Her profile's form does.
            #expect(try await User.find(email: "ana@example.test", on: app.db)?.language == "en", "her profile is untouched by a link")
            let fresh = try await Scenario.signedIn(app, email: "ana@example.test")
            #expect(try await fresh.get(SiteRoute.console.path).body.string.contains("<html lang=\"en\">"), "another browser keeps her profile's")
            #expect(try await ana.post(SiteRoute.profile.path, form: ["name": "Ana", "language": "it", "time_zone": "Europe/Zurich"]).status == .seeOther)
            #expect(try await User.find(email: "ana@example.test", on: app.db)?.language == "it", "her profile, so e-mails follow")
            #expect(try await ana.get(SiteRoute.console.path).body.string.contains("<html lang=\"it\">"), "and this browser's pages")
        }
    }

    @Test("errors are said in the visitor's language")
    func spanishErrors() async throws {
        try await withTestApp { app, _ in
            let browser = Browser(app)
            browser.extraHeaders.add(name: .acceptLanguage, value: "es-ES,es;q=0.9")
            let response = try await browser.post(SiteRoute.signUp.path, form: ["name": "", "email": "x", "password": "", "language": "es"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("lang=\"es\""))
            #expect(!response.body.string.contains("This field is required."))
        }
    }

    @Test("the profile shows the support code, which I can regenerate")
    func supportCode() async throws {
        try await withTestApp { app, _ in
            let user = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let before = user.supportCode
            let page = try await browser.get(SiteRoute.profile.path).body.string
            #expect(page.contains(String(before.prefix(4)) + " " + String(before.suffix(4))))
            let response = try await browser.post(SiteRoute.profileSupportCode.path)
            #expect(response.status == .seeOther)
            let after = try #require(try await User.find(email: "alice@example.test", on: app.db)).supportCode
            #expect(after != before && after.count == 8)
        }
    }

    @Test("changing the password needs the current one and ends my other sessions")
    func changePassword() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let laptop = try await Scenario.signedIn(app, email: "alice@example.test")
            let phone = try await Scenario.signedIn(app, email: "alice@example.test")
            let refused = try await laptop.post(SiteRoute.profilePassword.path, form: ["current_password": "wrong", "new_password": "a brand new passphrase"])
            #expect(refused.status == .unprocessableEntity)
            // The current one again changes nothing: refused, saying so, and no other session ends.
            let same = try await laptop.post(SiteRoute.profilePassword.path, form: ["current_password": Scenario.password, "new_password": Scenario.password])
            #expect(same.status == .unprocessableEntity && same.body.string.contains("Choose a new password, not the current one."))
            #expect(try await phone.get(SiteRoute.profile.path).status == .ok)
            let changed = try await laptop.post(SiteRoute.profilePassword.path, form: ["current_password": Scenario.password, "new_password": "a brand new passphrase"])
            #expect(changed.status == .seeOther)
            #expect(try await laptop.get(SiteRoute.profile.path).status == .ok)
            #expect(try await phone.get(SiteRoute.profile.path).status == .seeOther)
            #expect(try await Scenario.signedIn(app, email: "alice@example.test", password: "a brand new passphrase").get(SiteRoute.console.path).status == .ok)
        }
    }
}

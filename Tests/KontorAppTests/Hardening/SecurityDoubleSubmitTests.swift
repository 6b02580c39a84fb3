import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Security settings sent twice at once — a double click, two tabs, a browser resending — through two servers.
/// On PostgreSQL each of these once went through twice: twenty valid backup codes, two live support accesses, or two
/// password changes each told it had won.
@Suite("Security settings sent twice at once act once")
struct SecurityDoubleSubmitTests {
    /// `Browser.postAtOnce` with the anti-forgery token of `browser`'s security page added to each form.
    static func sendAtOnce(_ apps: [Application], as browser: Browser, count: Int, _ path: String,
                           forms: @escaping @Sendable (Int) -> [String: String]) async throws -> [TestingHTTPResponse] {
        let csrf = Browser.token(in: try await browser.get(SiteRoute.security.path).body.string)
        return try await browser.postAtOnce(apps, count: count, path) { forms($0).merging(["_csrf": csrf]) { $1 } }
    }

    /// A copy that arrived after another copy's answer had given the session a new token (each of these forms asks for
    /// the password, and a right one renews the session ID: `SessionRotation`). The cookie it was sent with opens
    /// nothing any more, so it changes nothing, and is told it was sent twice (not that the form expired, which had
    /// people believe the first had not gone through). Whether any copy is that late is timing.
    static func late(_ answer: TestingHTTPResponse) -> Bool {
        answer.status == .seeOther && answer.location?.hasSuffix("?notice=sent_twice") == true
    }

    @Test("new backup codes asked for four times at once: ten valid codes, those of one answer")
    func backupCodesOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let ana = try await Scenario.signedInWithAuthenticator(apps[0], email: "ana@example.test", now: clock.now)
            let answers = try await Self.sendAtOnce(apps, as: ana, count: 4, SiteRoute.securityBackupCodes.path) { _ in ["password": Scenario.password] }
            // A copy that finds the codes replaced since it read them changes nothing and says so: its answer never shows
            // codes that a later commit deleted.
            #expect(answers.allSatisfy { $0.status == .ok || $0.location == SiteRoute.security.path + "?notice=backup_codes_replaced_meanwhile" || Self.late($0) },
                    "\(answers.map { "\($0.status) \($0.location ?? "")" })")
            #expect(answers.contains { $0.status == .ok })
            let stored = try await BackupCode.query(on: apps[1].db).all()
            #expect(stored.count == 10)
            // The codes that work are exactly one answer's: the last to be replaced.
            let shown = answers.filter { $0.status == .ok }.map { $0.body.string.components(separatedBy: "<li><code>").dropFirst().compactMap { $0.components(separatedBy: "</code>").first } }
            let valid = shown.filter { codes in
                codes.count == 10 && codes.allSatisfy { code in stored.contains { PasswordHasher.verifyNow(BackupCodes.normalize(code) ?? code, against: $0.codeHash) } }
            }
            #expect(valid.count == 1)
        }
    }

    @Test("two-factor authentication switched off four times at once over two servers: off, logged once, mailed once")
    func twoFactorOffOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let ana = try await Scenario.signedInWithAuthenticator(apps[0], email: "ana@example.test", now: clock.now)
            let answers = try await Self.sendAtOnce(apps, as: ana, count: 4, SiteRoute.securityDisableTwoFactor.path) { _ in ["password": Scenario.password] }
            #expect(answers.allSatisfy { $0.status.code < 500 }, "\(answers.map(\.status))")
            #expect(try await SecondFactor.query(on: apps[0].db).count() == 0)
            #expect(try await SecurityEvent.query(on: apps[0].db).filter(\.$kind == "two_factor_disabled").count() == 1)
            let subject = apps[0].kontor.localizer.text("mail.two_factor_off.subject", .en, ["provider": "Kontor"])
            #expect(try await OutboxMessage.query(on: apps[0].db).filter(\.$subject == subject).count() == 1)
        }
    }

    @Test("the same support access granted four times at once is one live access; another member's stays beside it")
    func supportAccessOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let ana = try await Scenario.customer(apps[0], name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: apps[0])
            let owner = try await Scenario.signedIn(apps[0], email: "ana@example.test")
            try await Scenario.customer(apps[0], name: "Louis", email: "louis@example.test")
            try await Scenario.join(apps[0], user: "louis@example.test", organization: organization, role: "administrator", invitedBy: owner)
            let louis = try await Scenario.signedIn(apps[1], email: "louis@example.test")
            #expect(try await louis.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "24"]).status == .seeOther)

            let answers = try await Self.sendAtOnce(apps, as: owner, count: 4, SiteRoute.grantSupportAccess(organization.id!).path) { _ in
                ["hours": "168", "can_change": "on"]
            }
            #expect(answers.allSatisfy { $0.status == .seeOther }, "\(answers.map(\.status))")
            let live = try await SupportGrant.query(on: apps[0].db).filter(\.$organization.$id == organization.requireID())
                .filter(\.$revokedAt == nil).all()
            #expect(live.count == 2, "Ana's one access and Louis's")
            #expect(live.filter { $0.$grantedBy.id == ana.id }.count == 1)
            // The settings page lists the two, each with its own "end access now".
            let settings = try await owner.get(SiteRoute.organizationSettings(organization.id!).path).body.string
            #expect(settings.components(separatedBy: "/revoke\"").count - 1 == 2)

            // A new decision replaces her access rather than adding one: read-only for a day now.
            #expect(try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "24"]).status == .seeOther)
            let after = try await SupportGrant.query(on: apps[0].db).filter(\.$grantedBy.$id == ana.requireID())
                .filter(\.$revokedAt == nil).all()
            #expect(after.count == 1 && after.first?.canChange == false)
        }
    }

    @Test("two tabs change the password at once: one wins, the other is told it changed meanwhile, and only the winner's password signs in")
    func passwordChangedOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            try await Scenario.customer(apps[0], name: "Ana", email: "ana@example.test")
            let ana = try await Scenario.signedIn(apps[0], email: "ana@example.test")
            let candidates = ["first new passphrase 2026", "second new passphrase 2026", "third new passphrase 2026", "fourth new passphrase 2026"]
            // A fifth tab, opened before and sent after: what a late copy of the form meets, whatever the timing below.
            let late = ana.tab(on: apps[1])
            let lateForm = try await late.get(SiteRoute.security.path).body.string
            let answers = try await Self.sendAtOnce(apps, as: ana, count: 4, SiteRoute.profilePassword.path) { copy in
                ["current_password": Scenario.password, "new_password": candidates[copy]]
            }
            let codes = answers.map(\.status.code)
            let won = { (answer: TestingHTTPResponse) in answer.location == SiteRoute.profile.path + "?notice=password_changed" }
            #expect(answers.filter(won).count == 1, "\(answers.map { "\($0.status) \($0.location ?? "")" })")
            // The others: 409, or 422 for a copy that read the password after the winner had changed it, or `late`.
            #expect(answers.filter { [409, 422].contains($0.status.code) || Self.late($0) }.count == 3, "\(codes)")
            let lateForm5 = ["current_password": Scenario.password, "new_password": "fifth new passphrase 2026", "_csrf": Browser.token(in: lateForm)]
            late.extraHeaders.add(name: .referer, value: "http://127.0.0.1:8080" + SiteRoute.profile.path + "?tab=password")
            let lateAnswer = try await late.post(SiteRoute.profilePassword.path, form: lateForm5, csrf: false)
            #expect(lateAnswer.location == SiteRoute.profile.path + "?notice=sent_twice", "back to the page it came from, told")
            #expect(try await ana.get(SiteRoute.profile.path + "?notice=sent_twice").body.string.contains("This form was sent twice"))
            // A minute later the old cookie is simply dead: the form has expired.
            clock.advance(by: SessionRotation.lateCopySeconds + 1)
            let expired = try await late.post(SiteRoute.profilePassword.path, form: lateForm5, csrf: false)
            #expect(expired.status == .forbidden && expired.body.string.contains("This form has expired"))
            if let refused = answers.first(where: { $0.status == .conflict })?.body.string {
                #expect(refused.contains("changed at the same moment"))
            }
            // The winner is the one told so; its password, and no other, signs in.
            let winner = try #require(answers.indices.first { won(answers[$0]) })
            for (index, candidate) in candidates.enumerated() {
                let attempt = try await Browser(apps[index % 2]).post(SiteRoute.signIn.path, form: ["email": "ana@example.test", "password": candidate])
                #expect((attempt.status == .seeOther) == (index == winner), "\(candidate): \(attempt.status)")
            }
            #expect(try await ana.get(SiteRoute.profile.path).status == .ok, "the tab that changed it stays signed in")
        }
    }

    @Test("one address signed up four times at once through two servers: one account, every answer the usual 'check your inbox'")
    func signUpOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let form = ["name": "Rosa", "email": "rosa@example.test", "password": Scenario.password, "language": "en"]
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for copy in 0..<4 { group.addTask { try await Browser(apps[copy % 2]).post(SiteRoute.signUp.path, form: form).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            #expect(try await User.query(on: apps[1].db).filter(\.$email == "rosa@example.test").count() == 1)
        }
    }

    /// The texts all servers sent (each may write a file of its own, or share one).
    private static func sentSMS(_ apps: [Application]) throws -> [SMSMessage] {
        var paths = Set<String>()
        return try apps.filter { app in
            guard case .file(let path) = app.kontor.config.sms else { return false }
            return paths.insert(path).inserted
        }.flatMap { try $0.sentSMS() }
    }

    @Test("a phone number added four times at once through two servers: one number waiting, one text, and its code confirms it")
    func phoneOnce() async throws {
        try await withTestApps(count: 2) { apps, clock in
            let ana = try await Scenario.signedInWithAuthenticator(apps[0], email: "ana@example.test", now: clock.now)
            let answers = try await Self.sendAtOnce(apps, as: ana, count: 4, SiteRoute.securityPhone.path) { _ in
                ["phone": "+41 79 123 45 67", "password": Scenario.password]
            }
            let sent = SiteRoute.securityPhone.path + "?notice=phone_code_sent", justSent = SiteRoute.securityPhone.path + "?notice=phone_code_just_sent"
            #expect(answers.filter { $0.location == sent }.count == 1, "\(answers.map { "\($0.status) \($0.location ?? "")" })")
            #expect(answers.filter { $0.location == justSent || Self.late($0) }.count == 3)
            let texts = try Self.sentSMS(apps)
            #expect(texts.count == 1)
            #expect(try await SecondFactor.query(on: apps[1].db).filter(\.$kindValue == "sms").count() == 1)
            #expect(try await ana.get(justSent).body.string.contains(apps[0].kontor.localizer.text("notice.phone_code_just_sent", .en)))
            let code = try #require(texts.first?.text.split(separator: " ").first.map(String.init))
            #expect(try await ana.post(SiteRoute.securityPhoneConfirm.path, form: ["code": code]).location == SiteRoute.security.path + "?notice=phone_added")
        }
    }

    @Test("the same number entered again after a minute texts a new code, and only the new one confirms; another number at once replaces it")
    func phoneAgainLater() async throws {
        try await withTestApp { app, clock in
            let ana = try await Scenario.signedInWithAuthenticator(app, email: "ana@example.test", now: clock.now)
            let form = ["phone": "+41 79 123 45 67", "password": Scenario.password]
            #expect(try await ana.post(SiteRoute.securityPhone.path, form: form).location == SiteRoute.securityPhone.path + "?notice=phone_code_sent")
            // Another number at once is no resend: it replaces the first and gets a code of its own.
            #expect(try await ana.post(SiteRoute.securityPhone.path, form: ["phone": "+41 79 765 43 21", "password": Scenario.password]).location
                    == SiteRoute.securityPhone.path + "?notice=phone_code_sent")
            #expect(try app.sentSMS().last?.to == "+41797654321")
            #expect(try app.sentSMS().count == 2)
            let earlier = try #require(try app.lastSMSCode())
            clock.advance(by: PhoneFactorService.sameRequestWindow + 1)
            #expect(try await ana.post(SiteRoute.securityPhone.path, form: ["phone": "+41 79 765 43 21", "password": Scenario.password]).location
                    == SiteRoute.securityPhone.path + "?notice=phone_code_sent")
            #expect(try app.sentSMS().count == 3)
            let latest = try #require(try app.lastSMSCode())
            // The earlier code for this same number is dead (one in a million the two codes are equal).
            if earlier != latest {
                #expect(try await ana.post(SiteRoute.securityPhoneConfirm.path, form: ["code": earlier]).status == .unprocessableEntity)
            }
            #expect(try await ana.post(SiteRoute.securityPhoneConfirm.path, form: ["code": latest]).location == SiteRoute.security.path + "?notice=phone_added")
        }
    }
}

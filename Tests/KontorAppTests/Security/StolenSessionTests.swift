import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import KontorMarkdown
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import Vapor
import VaporTesting

/// Someone holds the owner's password and a session. What they set in motion from it must not outlive the owner's
/// reset, password change or "sign out everywhere else" (security probe round 6), and the session cannot add second
/// factors of its own.
@Suite("A stolen session: what it started ends with it, and it cannot add a factor")
struct StolenSessionTests {
    static let email = "owner@example.test"
    static let thief = "thief@elsewhere.test"
    static let thiefRecovery = "thief.recovery@elsewhere.test"

    /// The thief's session asks for a new sign-in address and a new recovery address, both the thief's.
    private func thiefAsksForAddresses(_ app: Application) async throws -> (signIn: String, recovery: String) {
        let stolen = try await Scenario.signedIn(app, email: Self.email)
        #expect(try await stolen.post(SiteRoute.profileEmail.path, form: ["new_email": Self.thief, "password": Scenario.password]).status == .seeOther)
        #expect(try await stolen.post(SiteRoute.securityRecoveryEmail.path,
                                      form: ["recovery_email": Self.thiefRecovery, "password": Scenario.password]).status == .seeOther)
        let signIn = try #require(try await RecoveryTests.links(app, to: Self.thief, path: "/sign-in-email/").first)
        let recovery = try #require(try await RecoveryTests.links(app, to: Self.thiefRecovery, path: "/recovery-email/").first)
        return (signIn, recovery)
    }

    private func resetPassword(_ app: Application) async throws {
        try await Browser(app).post(SiteRoute.forgotPassword.path, form: ["email": Self.email])
        let link = try #require(try await RecoveryTests.links(app, to: Self.email, path: "/reset-password/").first)
        #expect(try await Browser(app).post(link, form: ["new_password": "a brand new river stone"]).location?.hasPrefix(SiteRoute.signIn.path) == true)
    }

    /// Both links are dead: opening them changes nothing, and the account keeps its addresses.
    private func expectAddressLinksDead(_ app: Application, _ links: (signIn: String, recovery: String)) async throws {
        let signIn = Browser(app)
        #expect(try await signIn.post(links.signIn).status == .gone, "the sign-in address link died with the session")
        let recovery = Browser(app)
        let page = try await recovery.get(links.recovery)
        #expect(page.status == .gone, "the recovery address link died with the session")
        let user = try #require(try await User.find(email: Self.email, on: app.db))
        #expect(user.recoveryEmail == nil && user.email == Self.email)
    }

    @Test("a password reset kills the address links a stolen session asked for, and its invitations")
    func resetKillsPendingAddressLinks() async throws {
        try await withTestApp { app, _ in
            let owner = try await Scenario.customer(app, name: "Owner", email: Self.email)
            let links = try await thiefAsksForAddresses(app)
            let stolen = try await Scenario.signedIn(app, email: Self.email)
            let organization = try await Scenario.organization(of: owner, on: app)
            #expect(try await stolen.post(SiteRoute.inviteMember(organization.id!).path,
                                          form: ["email": Self.thief, "role": "legal_representative"]).status == .seeOther)
            let invitation = try await Scenario.lastLink(app, to: Self.thief, path: "/invitations/")
            try await resetPassword(app)
            try await expectAddressLinksDead(app, links)
            #expect(try await Browser(app).get(invitation).status == .gone, "the invitation the thief sent is withdrawn")
            #expect(try await Invitation.query(on: app.db).filter(\.$revokedAt != nil).count() == 1)
        }
    }

    @Test("changing the password, or signing out everywhere else, kills them too; the owner's own session keeps its setup")
    func passwordChangeAndSignOutEverywhereKillThem() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Owner", email: Self.email)
            let links = try await thiefAsksForAddresses(app)
            let owner = try await Scenario.signedIn(app, email: Self.email)
            let changed = try await owner.post(SiteRoute.profilePassword.path,
                                               form: ["current_password": Scenario.password, "new_password": "a brand new river stone"])
            #expect(changed.status == .seeOther, "changing the password answered \(changed.status)")
            try await expectAddressLinksDead(app, links)
        }
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Owner", email: Self.email)
            let links = try await thiefAsksForAddresses(app)
            let owner = try await Scenario.signedIn(app, email: Self.email)
            let secret = { Scenario.between(try await owner.get(SiteRoute.securityAuthenticator.path).body.string, "id=\"totp-secret\">", "</code>") }
            let before = try #require(try await secret())
            #expect(try await owner.post(SiteRoute.endOtherSessions.path).status == .seeOther)
            try await expectAddressLinksDead(app, links)
            #expect(try await secret() == before, "the app the owner is setting up in this session is left as it was")
        }
    }

    @Test("an authenticator app being set up has a secret of its session's own: another session never sees the one the owner scans")
    func enrolmentSecretIsPerSession() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Owner", email: Self.email)
            let stolen = try await Scenario.signedIn(app, email: Self.email)
            let seen = try #require(Scenario.between(try await stolen.get(SiteRoute.securityAuthenticator.path).body.string, "id=\"totp-secret\">", "</code>"))
            let owner = try await Scenario.signedIn(app, email: Self.email)
            let (secret, _) = try await Scenario.enableTwoFactor(app, owner, now: clock.now)
            #expect(Base32.decode(seen) != secret, "the owner's app is not the one the other session was shown")
            // The thief, with the password and the secret they saw, cannot pass the second step.
            let step = try await Scenario.passwordStep(app, email: Self.email)
            let code = OneTimePassword.totp(secret: try #require(Base32.decode(seen)), time: clock.now, digits: 6)
            #expect(try await step.post(SiteRoute.signInSecondFactor.path, form: ["code": code]).status == .unauthorized,
                    "a code from the secret another session saw is refused")
            #expect(try await SecondFactor.query(on: app.db).count() == 1)
        }
    }

    @Test("a session that never gave the second factor cannot add, confirm or remove a phone; one that did can")
    func phoneNeedsASessionThatPassedTheSecondFactor() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Owner", email: Self.email)
            let owner = try await Scenario.signedIn(app, email: Self.email)
            _ = try await Scenario.enableTwoFactor(app, owner, now: clock.now)
            let stolen = try await Scenario.sessionWithoutSecondFactor(app, email: Self.email)
            let added = try await stolen.post(SiteRoute.securityPhone.path, form: ["phone": "+41 79 555 66 77", "password": Scenario.password])
            #expect(added.status == .forbidden, "adding a phone from the old session answered \(added.status)")
            #expect(added.body.string.contains(HTMLEscaping.escape(app.kontor.localizer.text("error.phone.session_without_second_factor", .en))))
            #expect(try await SMSChallengeRecord.query(on: app.db).count() == 0, "no code was texted to the thief's phone")
            #expect(!(try await stolen.get(SiteRoute.security.path).body.string.contains("id=\"phone-link\"")),
                    "the security page offers no phone to a session that cannot add one")

            try await Scenario.addPhone(app, owner, number: "+41 79 123 45 67")
            #expect(try await stolen.post(SiteRoute.securityPhoneRemove.path, form: ["password": Scenario.password]).status == .forbidden)
            #expect(try await SecondFactor.query(on: app.db).filter(\.$kindValue == SecondFactorKind.sms.rawValue).count() == 1)
        }
    }

    @Test("recovery-address changes are limited per account: a stranger's inbox is not flooded with confirmation links")
    func recoveryAddressChangesAreLimited() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Owner", email: Self.email)
            let owner = try await Scenario.signedIn(app, email: Self.email)
            let limit = ThrottlePolicy.recoveryAddressChangesPerAccount.limit
            for _ in 0..<limit {
                #expect(try await owner.post(SiteRoute.securityRecoveryEmail.path,
                                             form: ["recovery_email": "victim@elsewhere.test", "password": Scenario.password]).status == .seeOther)
            }
            let refused = try await owner.post(SiteRoute.securityRecoveryEmail.path, form: ["recovery_email": "victim@elsewhere.test", "password": Scenario.password])
            #expect(refused.status == .tooManyRequests)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "victim@elsewhere.test").count() == limit)
        }
    }

    @Test("identity uploads through the API are counted per address before their body is read")
    func identityUploadsCountedBeforeTheBody() async throws {
        try await withTestApp { app, _ in
            let path = SiteRoute.api(.identityChecks).path
            let limit = ThrottlePolicy.identityUploadsPerAddress.limit
            for index in 0..<limit {
                // Another address each time: the sign-in throttle (per account and address) is not what answers.
                let answer = try await Browser(app).postMultipart(path, fields: ["email": "nobody\(index)@example.test", "password": "guess"],
                                                                  files: Scenario.identityUploads())
                #expect(answer.status == .unauthorized)
            }
            let refused = try await Browser(app).postMultipart(path, fields: ["email": "nobody@example.test", "password": "guess"],
                                                               files: Scenario.identityUploads())
            #expect(refused.status == .tooManyRequests)
        }
    }

    @Test("upload places are taken without waiting and given back, and one address holds at most its share")
    func uploadSlots() {
        let slots = UploadSlots(count: 2, perAddress: 1)
        #expect(slots.take(address: "198.51.100.1"))
        #expect(!slots.take(address: "198.51.100.1"), "one address, one place")
        #expect(slots.take(address: "198.51.100.2"))
        #expect(!slots.take(address: "198.51.100.3"), "a third caller finds none")
        slots.give(address: "198.51.100.1")
        #expect(slots.take(address: "198.51.100.3"))
        #expect(!slots.take(address: "198.51.100.1"))
    }

    @Test("an upload trickled a byte at a time is answered 408 once its time is up, and its place is free again")
    func slowUploadTimesOut() async throws {
        try await withTestApp(configure: { $0.requestLimits.uploadReadSeconds = 1 }) { app, _ in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { $0.pipeline.addHandler(ResponseCollector()) }
                .connect(host: "127.0.0.1", port: port).get()
            let head = "POST \(SiteRoute.api(.identityChecks).path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 15000000\r\n\r\n--x"
            try await channel.writeAndFlush(ByteBuffer(string: head)).get()
            try await Task.sleep(for: .milliseconds(2_500))
            let answer = try await channel.pipeline.handler(type: ResponseCollector.self).get().text()
            try? await channel.close()
            #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer.prefix(40))")
            // The place is free: another caller's upload is read (and refused for what it holds, not for lack of room).
            let next = try await Browser(app).postMultipart(SiteRoute.api(.identityChecks).path, fields: ["email": "nobody@example.test", "password": "guess"],
                                                            files: Scenario.identityUploads())
            #expect(next.status == .unauthorized)
            await app.server.shutdown()
        }
    }
}

/// The owner fears the password leaked and switches 2FA on. A session opened before with the password alone had kept
/// working: it minted API tokens and changed the addresses and the password (security probe round 8).
@Suite("Switching two-factor authentication on ends every other session, and what they asked for")
struct TwoFactorOnEndsOtherSessionsTests {
    @Test("the thief's session, opened with the password alone, is signed out; its address links die; the owner's session stays")
    func otherSessionsEnd() async throws {
        try await withTestApp { app, clock in
            try await Scenario.customer(app, name: "Owner", email: StolenSessionTests.email)
            let thief = try await Scenario.signedIn(app, email: StolenSessionTests.email)
            #expect(try await thief.post(SiteRoute.profileEmail.path, form: ["new_email": StolenSessionTests.thief, "password": Scenario.password]).status == .seeOther)
            let link = try #require(try await RecoveryTests.links(app, to: StolenSessionTests.thief, path: "/sign-in-email/").first)
            let owner = try await Scenario.signedIn(app, email: StolenSessionTests.email)
            _ = try await Scenario.enableTwoFactor(app, owner, now: clock.now)

            #expect(try await thief.get(SiteRoute.profile.path).status == .seeOther, "the thief's session is over")
            #expect(try await thief.post(SiteRoute.apiTokens.path, form: ["name": "mine", "password": Scenario.password]).status != .ok)
            #expect(try await Browser(app).post(link).status == .gone, "the address link it asked for died with it")
            #expect(try await owner.get(SiteRoute.profile.path).status == .ok, "the owner stays signed in")
            let user = try #require(try await User.find(email: StolenSessionTests.email, on: app.db))
            #expect(try await AuthSession.query(on: app.db).filter(\.$user.$id == user.requireID()).count() == 1)
            let session = try #require(try await AuthSession.query(on: app.db).filter(\.$user.$id == user.requireID()).first())
            #expect(session.secondFactorAt != nil, "the owner's session proved the new factor")
        }
    }
}

/// Keeps what a raw test connection received, as text.
final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private let received = NIOLockedValueBox(ByteBuffer())

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        received.withLockedValue { $0.writeBuffer(&buffer) }
    }

    func text() -> String { received.withLockedValue { String(buffer: $0) } }
}

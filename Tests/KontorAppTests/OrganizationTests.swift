import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Organizations: switching, invitations, roles, leaving (seed guide on organizations)")
struct OrganizationTests {
    @Test("an invited person signs up straight into the organization, without one of their own")
    func invitedSignUp() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let organization = try await Scenario.organization(of: alice, on: app)
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let invite = try await browser.post(SiteRoute.inviteMember(organization.id!).path, form: ["email": "Bob@Example.test", "role": "user"])
            #expect(invite.status == .seeOther)
            let link = try await Scenario.lastLink(app, to: "bob@example.test", path: "/invitations/")
            let bob = Browser(app)
            #expect(try await bob.get(link).body.string.contains("invitation-sign-up-form"))
            let joined = try await bob.post(link, form: ["name": "Bob", "password": Scenario.password, "language": "de"])
            #expect(joined.status == .seeOther)
            #expect(joined.location == SiteRoute.console.path)
            let user = try #require(try await User.find(email: "bob@example.test", on: app.db))
            let memberships = try await Membership.all(of: user.id!, on: app.db)
            #expect(memberships.map(\.organization.name) == ["Alice"])
            #expect(memberships.first?.role == .user)
            #expect(try await bob.get(SiteRoute.console.path).body.string.contains("Alice"))
            // The link is single use.
            #expect(try await Browser(app).get(link).status == .gone)
        }
    }

    @Test("'join' clicked twice, four copies at once through two servers: one membership, and every answer is the console")
    func acceptTwice() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let alice = try await Scenario.customer(apps[0], name: "Alice", email: "alice@example.test")
            let organization = try await Scenario.organization(of: alice, on: apps[0])
            let inviter = try await Scenario.signedIn(apps[0], email: "alice@example.test")
            try await Scenario.customer(apps[0], name: "Bob", email: "bob@example.test")
            try await inviter.post(SiteRoute.inviteMember(organization.id!).path, form: ["email": "bob@example.test", "role": "user"])
            let link = try await Scenario.lastLink(apps[0], to: "bob@example.test", path: "/invitations/")
            let bob = try await Scenario.signedIn(apps[0], email: "bob@example.test")
            let csrf = Browser.token(in: try await bob.get(link).body.string)
            let answers = try await bob.postAtOnce(apps, count: 4, link + "/accept") { _ in ["_csrf": csrf] }
            #expect(answers.allSatisfy { $0.status == .seeOther && $0.location?.hasPrefix(SiteRoute.console.path) == true },
                    "\(answers.map { "\($0.status) \($0.location ?? "")" })")
            let user = try #require(try await User.find(email: "bob@example.test", on: apps[1].db))
            #expect(try await Membership.query(on: apps[1].db).filter(\.$user.$id == user.id!).filter(\.$organization.$id == organization.id!).count() == 1)
            // Someone else with the used link is still told it is no longer valid.
            try await Scenario.customer(apps[0], name: "Eve", email: "eve@example.test")
            let eve = try await Scenario.signedIn(apps[1], email: "eve@example.test")
            #expect(try await eve.post(link + "/accept").status == .gone)
        }
    }

    @Test("one account sends one address at most five invitation mails a day, from whichever of its organizations; a stranger's five do not keep another organization from inviting it")
    func invitationsPerRecipient() async throws {
        try await withTestApp { app, clock in
            let owner = try await Scenario.customer(app, name: "Owner", email: "owner@example.test")
            var organizations: [UUID] = []
            for _ in 0..<3 { organizations.append(try await Scenario.organization(of: owner, on: app).requireID()) }
            let browser = try await Scenario.signedIn(app, email: "owner@example.test")
            var sent: [HTTPStatus] = []
            for organization in organizations {
                for _ in 0..<2 {
                    sent.append(try await browser.post(SiteRoute.inviteMember(organization).path, form: ["email": "victim@example.test", "role": "user"]).status)
                    // Withdrawn, so the next one is a new invitation (and a new mail), as a script would do.
                    try await Invitation.query(on: app.db).filter(\.$revokedAt == nil).set(\.$revokedAt, to: clock.now).update()
                }
            }
            #expect(sent == Array(repeating: .seeOther, count: 5) + [.tooManyRequests], "\(sent)")
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "victim@example.test").count() == 5)

            // The address's employer is not held up by the stranger's allowance being spent.
            let employer = try await Scenario.customer(app, name: "Employer", email: "employer@example.test")
            let company = try await Scenario.organization(of: employer, on: app).requireID()
            let hiring = try await Scenario.signedIn(app, email: "employer@example.test")
            #expect(try await hiring.post(SiteRoute.inviteMember(company).path, form: ["email": "victim@example.test", "role": "user"]).status == .seeOther)

            clock.advance(by: 24 * 3600 + 60)
            #expect(try await browser.post(SiteRoute.inviteMember(organizations[0]).path, form: ["email": "victim@example.test", "role": "user"]).status == .seeOther)
        }
    }

    @Test("an invitation expires after seven days")
    func invitationExpires() async throws {
        try await withTestApp { app, clock in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let organization = try await Scenario.organization(of: alice, on: app)
            try await Scenario.signedIn(app, email: "alice@example.test").post(SiteRoute.inviteMember(organization.id!).path, form: ["email": "bob@example.test", "role": "user"])
            let link = try await Scenario.lastLink(app, to: "bob@example.test", path: "/invitations/")
            clock.advance(by: 7 * 24 * 3600 + 60)
            #expect(try await Browser(app).get(link).status == .gone)
        }
    }

    @Test("an existing user accepts while signed in, and switches between organizations at once")
    func acceptAndSwitch() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let carol = try await Scenario.customer(app, name: "Carol", email: "carol@example.test")
            let carolsOrganization = try await Scenario.organization(of: carol, on: app)
            let carolBrowser = try await Scenario.signedIn(app, email: "carol@example.test")
            try await Scenario.join(app, user: "alice@example.test", organization: carolsOrganization, role: "administrator", invitedBy: carolBrowser)
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let alicesOrganization = try await Scenario.organization(of: alice, on: app)
            #expect(try await browser.post(SiteRoute.switchOrganization(carolsOrganization.id!).path).status == .seeOther)
            #expect(try await browser.get(SiteRoute.console.path).body.string.contains("<h2 id=\"current-org\">Carol</h2>"))
            #expect(try await browser.post(SiteRoute.switchOrganization(alicesOrganization.id!).path).status == .seeOther)
            #expect(try await browser.get(SiteRoute.console.path).body.string.contains("<h2 id=\"current-org\">Alice</h2>"))
            // Switching to an organization I do not belong to is a 404.
            let stranger = try await Scenario.customer(app, name: "Dan", email: "dan@example.test")
            #expect(try await browser.post(SiteRoute.switchOrganization(try await Scenario.organization(of: stranger, on: app).id!).path).status == .notFound)
        }
    }

    @Test("after sign-in she lands in her own company the first time, then in the organization she switched to last, while she is still in it")
    func landing() async throws {
        try await withTestApps { apps, _ in
            let app = apps[0]
            let zoe = try await Scenario.customer(app, name: "Zoe", email: "zoe@example.test")
            let zoesCompany = try await Scenario.organization(of: zoe, on: app)
            let carl = try await Scenario.customer(app, name: "Carl", email: "carl@example.test")
            let carlsCompany = try await Scenario.organization(of: carl, on: app)
            let carlBrowser = try await Scenario.signedIn(app, email: "carl@example.test")
            try await Scenario.join(app, user: "zoe@example.test", organization: carlsCompany, role: "user", invitedBy: carlBrowser)
            try await User.query(on: app.db).filter(\.$id == zoe.id!).set(\.$lastOrganizationID, to: nil).update()
            func landsIn() async throws -> String? {
                let page = try await Scenario.signedIn(app, email: "zoe@example.test").get(SiteRoute.console.path).body.string
                return Scenario.between(page, "<h2 id=\"current-org\">", "</h2>")
            }
            #expect(try await landsIn() == "Zoe", "her own company, though Carl's sorts first and she is only a user there")

            let browser = try await Scenario.signedIn(app, email: "zoe@example.test")
            #expect(try await browser.post(SiteRoute.switchOrganization(carlsCompany.id!).path).status == .seeOther)
            #expect(try await landsIn() == "Carl", "the one she used last")

            let zoesMembership = try #require(try await Membership.find(user: zoe.id!, organization: carlsCompany.id!, on: app.db))
            #expect(try await carlBrowser.post(SiteRoute.removeMember(carlsCompany.id!, member: zoesMembership.id!).path).status == .seeOther)
            #expect(try await landsIn() == "Zoe", "removed from it, she lands in her own again")
            _ = zoesCompany
        }
    }

    @Test("leaving is refused with the reason for the last legal representative, allowed otherwise")
    func leaving() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let organization = try await Scenario.organization(of: alice, on: app)
            let aliceBrowser = try await Scenario.signedIn(app, email: "alice@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user", invitedBy: aliceBrowser)
            let refused = try await aliceBrowser.post(SiteRoute.leaveOrganization(organization.id!).path)
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("role=\"alert\""))
            #expect(refused.body.string.contains("last legal representative"))
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            #expect(try await bob.post(SiteRoute.leaveOrganization(organization.id!).path).status == .seeOther)
            let bobUser = try #require(try await User.find(email: "bob@example.test", on: app.db))
            #expect(try await Membership.find(user: bobUser.id!, organization: organization.id!, on: app.db) == nil)
            // Bob's access ends on the very next request.
            #expect(try await bob.get(SiteRoute.organizationMembers(organization.id!).path).status == .notFound)
        }
    }

    @Test("the last legal representative can never be removed or demoted; users change nothing")
    func roles() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let organization = try await Scenario.organization(of: alice, on: app)
            let aliceBrowser = try await Scenario.signedIn(app, email: "alice@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user", invitedBy: aliceBrowser)
            let members = try await Membership.members(of: organization.id!, on: app.db)
            let aliceMember = try #require(members.first { $0.user.email == "alice@example.test" })
            let bobMember = try #require(members.first { $0.user.email == "bob@example.test" })

            #expect(try await aliceBrowser.post(SiteRoute.changeMemberRole(organization.id!, member: aliceMember.id!).path, form: ["role": "user"]).status == .conflict)
            #expect(try await aliceBrowser.post(SiteRoute.removeMember(organization.id!, member: aliceMember.id!).path).status == .conflict)

            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            #expect(try await bob.post(SiteRoute.removeMember(organization.id!, member: aliceMember.id!).path).status == .forbidden)
            #expect(try await bob.post(SiteRoute.inviteMember(organization.id!).path, form: ["email": "eve@example.test", "role": "user"]).status == .forbidden)
            #expect(try await bob.post(SiteRoute.organizationSettings(organization.id!).path, form: ["name": "Bob's now"]).status == .forbidden)

            #expect(try await aliceBrowser.post(SiteRoute.changeMemberRole(organization.id!, member: bobMember.id!).path, form: ["role": "legal_representative"]).status == .seeOther)
            // Now there are two legal representatives: Alice may step down.
            #expect(try await aliceBrowser.post(SiteRoute.changeMemberRole(organization.id!, member: aliceMember.id!).path, form: ["role": "administrator"]).status == .seeOther)
            #expect(try await aliceBrowser.post(SiteRoute.changeMemberRole(organization.id!, member: bobMember.id!).path, form: ["role": "bogus"]).status == .unprocessableEntity)
            #expect(try await Membership.find(user: bobMember.$user.id, organization: organization.id!, on: app.db)?.role == .legalRepresentative)
            // Alice is an administrator now: she is told the real rule, and the page offers her nothing on Bob's row.
            let refused = try await aliceBrowser.post(SiteRoute.changeMemberRole(organization.id!, member: bobMember.id!).path, form: ["role": "user"])
            #expect(refused.status == .forbidden && refused.body.string.contains("Only a legal representative can appoint, change or remove a legal representative."))
            let page = try await aliceBrowser.get(SiteRoute.organizationMembers(organization.id!).path).body.string
            #expect(!page.contains(SiteRoute.removeMember(organization.id!, member: bobMember.id!).path))
        }
    }

    @Test("an administrator's pending invitations end with the role: removed, all of them; demoted to user, all; a legal representative's stepped down to administrator, those for legal representatives")
    func invitationsEndWithTheRole() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            let organization = try await Scenario.organization(of: alice, on: app)
            let org = organization.id!
            let aliceBrowser = try await Scenario.signedIn(app, email: "alice@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "administrator", invitedBy: aliceBrowser)
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            let bobMember = try #require(try await Membership.members(of: org, on: app.db).first { $0.user.email == "bob@example.test" })
            func pending(_ email: String) async throws -> Bool {
                try await Invitation.query(on: app.db).filter(\.$email == email).filter(\.$revokedAt == nil).filter(\.$acceptedAt == nil).first() != nil
            }

            #expect(try await bob.post(SiteRoute.inviteMember(org).path, form: ["email": "eve@example.test", "role": "administrator"]).status == .seeOther)
            #expect(try await pending("eve@example.test"))
            #expect(try await aliceBrowser.post(SiteRoute.changeMemberRole(org, member: bobMember.id!).path, form: ["role": "user"]).status == .seeOther)
            #expect(try await pending("eve@example.test") == false, "a user may invite no one: Bob's invitation ends")

            #expect(try await aliceBrowser.post(SiteRoute.changeMemberRole(org, member: bobMember.id!).path, form: ["role": "administrator"]).status == .seeOther)
            #expect(try await bob.post(SiteRoute.inviteMember(org).path, form: ["email": "mallory@example.test", "role": "user"]).status == .seeOther)
            #expect(try await aliceBrowser.post(SiteRoute.removeMember(org, member: bobMember.id!).path).status == .seeOther)
            #expect(try await pending("mallory@example.test") == false, "removed, Bob's invitations end with him")

            // Alice invites a second legal representative and a user, then steps down to administrator beside Carol.
            try await Scenario.customer(app, name: "Carol", email: "carol@example.test")
            try await Scenario.join(app, user: "carol@example.test", organization: organization, role: "legal_representative", invitedBy: aliceBrowser)
            #expect(try await aliceBrowser.post(SiteRoute.inviteMember(org).path, form: ["email": "rep@example.test", "role": "legal_representative"]).status == .seeOther)
            #expect(try await aliceBrowser.post(SiteRoute.inviteMember(org).path, form: ["email": "staff@example.test", "role": "user"]).status == .seeOther)
            let aliceMember = try #require(try await Membership.members(of: org, on: app.db).first { $0.user.email == "alice@example.test" })
            #expect(try await aliceBrowser.post(SiteRoute.changeMemberRole(org, member: aliceMember.id!).path, form: ["role": "administrator"]).status == .seeOther)
            let (rep, staff) = (try await pending("rep@example.test"), try await pending("staff@example.test"))
            #expect(!rep && staff, "an administrator may still invite users, not legal representatives")
        }
    }

    @Test("invitation input is validated, and members cannot be invited twice")
    func invitationValidation() async throws {
        try await withTestApp { app, _ in
            let alice = try await Scenario.customer(app, name: "Alice", email: "alice@example.test")
            let organization = try await Scenario.organization(of: alice, on: app)
            let browser = try await Scenario.signedIn(app, email: "alice@example.test")
            let bad = try await browser.post(SiteRoute.inviteMember(organization.id!).path, form: ["email": "bob@", "role": "owner"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Enter a valid e-mail address"))
            #expect(bad.body.string.contains("Choose one of the offered roles."))
            let me = try await browser.post(SiteRoute.inviteMember(organization.id!).path, form: ["email": "alice@example.test", "role": "user"])
            #expect(me.status == .unprocessableEntity)
            #expect(try await Invitation.query(on: app.db).count() == 0)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Temporary support access (seed guide: \"conceder un acceso temporal\"; ASVS 8.3.2, 16.3)")
struct SupportAccessTests {
    static func grant(_ app: Application, canChange: Bool, hours: Int = 1) async throws -> (owner: Browser, organization: Organization, grant: SupportGrant) {
        let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
        let organization = try await Scenario.organization(of: ana, on: app)
        let owner = try await Scenario.signedIn(app, email: "ana@example.test")
        var form = ["hours": String(hours)]
        if canChange { form["can_change"] = "on" }
        #expect(try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: form).status == .seeOther)
        return (owner, organization, try #require(try await SupportGrant.query(on: app.db).first()))
    }

    @Test("staff see an organization only under a live grant; every view is logged and shown to the customer")
    func readOnly() async throws {
        try await withTestApp { app, _ in
            let (owner, organization, grant) = try await Self.grant(app, canChange: false)
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.get(SiteRoute.staffGrants.path).body.string.contains("Ana"))
            let page = try await support.get(SiteRoute.staffGrant(grant.id!).path)
            #expect(page.status == .ok && page.body.string.contains("id=\"grant-members\""))
            #expect(!page.body.string.contains("id=\"grant-settings-form\""))
            #expect(try await support.post(SiteRoute.staffGrantSettings(grant.id!).path, form: ["name": "Taken over"]).status == .forbidden)
            #expect(try await Organization.find(organization.id, on: app.db)?.name == "Ana")
            let settings = try await owner.get(SiteRoute.organizationSettings(organization.id!).path).body.string
            #expect(settings.contains("id=\"support-actions\"") && settings.contains("viewed the organization"))
        }
    }

    @Test("an administrator switches Premium Support on a grant's page, as on the customer page, and lands back on it; support sees no switch there")
    func premiumSupportOnGrantPage() async throws {
        try await withTestApp { app, _ in
            let (_, organization, grant) = try await Self.grant(app, canChange: false)
            let support = try await Scenario.staff(app, role: .support)
            let admin = try await Scenario.staff(app, role: .administrator)
            let grantPath = SiteRoute.staffGrant(grant.id!).path
            #expect(!(try await support.get(grantPath).body.string.contains("id=\"premium-support\"")), "support does not switch a paid product")
            let page = try await admin.get(grantPath).body.string
            #expect(page.contains("id=\"premium-on\"") && page.contains(SiteRoute.staffPremiumSupport(organization.id!).path))

            let on = try await admin.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "true", "return_to": grantPath])
            #expect(on.location == grantPath + "?notice=premium_support_on")
            #expect(try await Organization.find(organization.id, on: app.db)?.vipCode != nil)
            #expect(try await admin.get(grantPath).body.string.contains("id=\"premium-off\""))
            let off = try await admin.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "false", "return_to": grantPath])
            #expect(off.location == grantPath + "?notice=premium_support_off")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "premium_support_changed").count() == 2)
            // Only a grant page's own shape leads back there; anything else goes to the customer page.
            let odd = try await admin.post(SiteRoute.staffPremiumSupport(organization.id!).path, form: ["enabled": "true", "return_to": grantPath + "/../x"])
            #expect(odd.location == SiteRoute.staffCustomer(organization.id!).path + "?notice=premium_support_on")
        }
    }

    @Test("with \"may change settings\" staff can rename the organization, and the change is listed for the customer")
    func mayChange() async throws {
        try await withTestApp { app, _ in
            let (owner, organization, grant) = try await Self.grant(app, canChange: true)
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.post(SiteRoute.staffGrantSettings(grant.id!).path, form: ["name": "Ana & Co"]).status == .seeOther)
            #expect(try await Organization.find(organization.id, on: app.db)?.name == "Ana & Co")
            #expect(try await support.post(SiteRoute.staffGrantSettings(grant.id!).path, form: ["name": ""]).status == .unprocessableEntity)
            // The customer's own rules: no bidi override, zero-width or control character in a name others read.
            for odd in ["Rossi \u{202E}gnp.exe\u{202C}", "Ana\u{200B} & Co", "Ana & Co\u{07}"] {
                let refused = try await support.post(SiteRoute.staffGrantSettings(grant.id!).path, form: ["name": odd])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("U+"), "\(odd.unicodeScalars.map(\.value))")
            }
            #expect(try await Organization.find(organization.id, on: app.db)?.name == "Ana & Co")
            let settings = try await owner.get(SiteRoute.organizationSettings(organization.id!).path).body.string
            #expect(settings.contains("renamed the organization"))
            // The account-security capability promised these in the customer's own security log too.
            let log = try await owner.get(SiteRoute.securityEvents.path).body.string
            #expect(log.contains("Support action under a granted access") && log.contains("renamed the organization"))
        }
    }

    @Test("what staff did under a grant is in the customer's log without the staff member's address or browser")
    func staffOriginNotShown() async throws {
        try await withTestApp { app, _ in
            let (owner, _, grant) = try await Self.grant(app, canChange: false)
            let support = try await Scenario.staff(app, role: .support)
            let workstation = "StaffWorkstation-42 (internal build host ws42.corp)"
            #expect(try await support.send(.GET, SiteRoute.staffGrant(grant.id!).path, body: nil, headers: ["User-Agent": workstation]).status == .ok)
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_action_under_grant").all()
                .contains { $0.userAgent.contains("ws42") }, "staff's own audit keeps where it came from")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let api = try await Scenario.api(app, .GET, .meSecurityEvents, token: token)
            let page = try api.content.decode(APIModels.SecurityLogPage.self)
            let staffEvents = page.items.filter { $0.kind == "staff_action_under_grant" }
            #expect(!staffEvents.isEmpty && staffEvents.allSatisfy { $0.ipAddress.isEmpty && $0.device.isEmpty })
            #expect(!api.body.string.contains("ws42"))
            #expect(!(try await owner.get(SiteRoute.securityEvents.path).body.string.contains("StaffWorkstation")))
        }
    }

    @Test("saving the organization's name unchanged under a grant is no rename: nothing is logged for the customer")
    func sameNameIsNoRename() async throws {
        try await withTestApp { app, _ in
            let (_, _, grant) = try await Self.grant(app, canChange: true)
            let support = try await Scenario.staff(app, role: .support)
            let before = try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_action_under_grant").count()
            #expect(try await support.post(SiteRoute.staffGrantSettings(grant.id!).path, form: ["name": " Ana "]).status == .seeOther)
            let events = try await SecurityEvent.query(on: app.db).filter(\.$kind == "staff_action_under_grant").all()
            #expect(events.count == before && !events.contains { $0.detail.contains("renamed") })
        }
    }

    @Test("revoking or expiry ends access on the very next staff request")
    func revokedAndExpired() async throws {
        try await withTestApp { app, clock in
            let (owner, organization, grant) = try await Self.grant(app, canChange: false)
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.get(SiteRoute.staffGrant(grant.id!).path).status == .ok)
            #expect(try await owner.post(SiteRoute.revokeSupportAccess(organization.id!, grant: grant.id!).path).status == .seeOther)
            #expect(try await support.get(SiteRoute.staffGrant(grant.id!).path).status == .notFound)

            try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "1"])
            let second = try #require(try await SupportGrant.query(on: app.db).filter(\.$revokedAt == nil).first())
            #expect(try await support.get(SiteRoute.staffGrant(second.id!).path).status == .ok)
            clock.advance(by: 3601)
            let later = try await Scenario.staff(app, role: .support, email: "later@staff.test")  // the first staff session idled out
            #expect(try await later.get(SiteRoute.staffGrant(second.id!).path).status == .notFound)
            #expect(!(try await later.get(SiteRoute.staffGrants.path).body.string.contains("Ana")))
        }
    }

    @Test("only legal representatives and administrators grant; durations are 1 hour to 7 days; editors cannot use grants")
    func rules() async throws {
        try await withTestApp { app, _ in
            let (owner, organization, grant) = try await Self.grant(app, canChange: false)
            #expect(try await owner.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "500"]).status == .unprocessableEntity)
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user", invitedBy: owner)
            let bob = try await Scenario.signedIn(app, email: "bob@example.test")
            #expect(try await bob.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "1"]).status == .forbidden)
            #expect(try await bob.post(SiteRoute.revokeSupportAccess(organization.id!, grant: grant.id!).path).status == .forbidden)
            let editor = try await Scenario.staff(app, role: .editor)
            #expect(try await editor.get(SiteRoute.staffGrant(grant.id!).path).status == .forbidden)
            #expect(try await SupportGrant.query(on: app.db).count() == 1)
        }
    }

    @Test("a grant ends with its giver's say in the organization: removed, leaving, made a plain user; the others' grants stay")
    func grantsEndWithTheirGiver() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            let owner = try await Scenario.signedIn(app, email: "ana@example.test")
            for (name, email) in [("Louis", "louis@example.test"), ("Marta", "marta@example.test"), ("Nils", "nils@example.test")] {
                try await Scenario.customer(app, name: name, email: email)
                try await Scenario.join(app, user: email, organization: organization, role: "administrator", invitedBy: owner)
            }
            var grants: [String: UUID] = [:]
            for email in ["ana@example.test", "louis@example.test", "marta@example.test", "nils@example.test"] {
                let member = try await Scenario.signedIn(app, email: email)
                #expect(try await member.post(SiteRoute.grantSupportAccess(organization.id!).path, form: ["hours": "168", "can_change": "on"]).status == .seeOther)
                let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
                grants[email] = try #require(try await SupportGrant.query(on: app.db).filter(\.$grantedBy.$id == user.id!)
                    .filter(\.$organization.$id == organization.id!).first()).id
            }
            let support = try await Scenario.staff(app, role: .support)
            for id in grants.values { #expect(try await support.get(SiteRoute.staffGrant(id).path).status == .ok) }
            func membership(_ email: String) async throws -> UUID {
                let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
                return try #require(try await Membership.query(on: app.db).filter(\.$user.$id == user.id!)
                    .filter(\.$organization.$id == organization.id!).first()).id!
            }
            // Louis is removed, Marta leaves by herself, Nils becomes a plain user.
            #expect(try await owner.post(SiteRoute.removeMember(organization.id!, member: try await membership("louis@example.test")).path).status == .seeOther)
            let marta = try await Scenario.signedIn(app, email: "marta@example.test")
            #expect(try await marta.post(SiteRoute.leaveOrganization(organization.id!).path).status == .seeOther)
            #expect(try await owner.post(SiteRoute.changeMemberRole(organization.id!, member: try await membership("nils@example.test")).path,
                                         form: ["role": "user"]).status == .seeOther)
            for email in ["louis@example.test", "marta@example.test", "nils@example.test"] {
                #expect(try await support.get(SiteRoute.staffGrant(grants[email]!).path).status == .notFound, "\(email)'s grant ended")
                #expect(try await support.post(SiteRoute.staffGrantSettings(grants[email]!).path, form: ["name": "Taken over"]).status == .notFound)
            }
            #expect(try await support.get(SiteRoute.staffGrant(grants["ana@example.test"]!).path).status == .ok, "the legal representative's own grant stays")
            #expect(try await Organization.find(organization.id, on: app.db)?.name == "Ana")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == SecurityEventKind.supportAccessRevoked.rawValue).count() == 3)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("JSON API for temporary support access: /organizations/{orgID}/support-grants")
struct SupportGrantsAPITests {
    /// Ana, legal representative of her organization, with an API token.
    static func owner(_ app: Application) async throws -> (token: String, organization: Organization) {
        let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
        return (try await Scenario.apiToken(app, email: "ana@example.test"), try await Scenario.organization(of: ana, on: app))
    }

    static func grants(_ app: Application, _ organization: Organization, token: String) async throws -> [APIModels.SupportGrant] {
        let response = try await Scenario.api(app, .GET, .organizationSupportGrants(organization.id!), token: token)
        #expect(response.status == .ok)
        return try response.content.decode(APIModels.List<APIModels.SupportGrant>.self).items
    }

    @Test("a legal representative grants access, sees what support did under it, and ends it: the next staff request is refused")
    func lifecycle() async throws {
        try await withTestApp { app, _ in
            let (token, organization) = try await Self.owner(app)
            let created = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: token, body: #"{"hours":4,"mayChange":true}"#)
            #expect(created.status == .created)
            let grant = try created.content.decode(APIModels.SupportGrant.self)
            #expect(grant.status == "live" && grant.mayChange && grant.grantedBy?.name == "Ana")
            #expect(grant.expiresAt.timeIntervalSince(grant.createdAt) == 4 * 3600)

            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.get(SiteRoute.staffGrant(grant.id).path).status == .ok)
            let listed = try await Self.grants(app, organization, token: token)
            #expect(listed.map(\.id) == [grant.id])
            #expect(listed[0].actions.map(\.action) == ["viewed"])
            #expect(listed[0].actions[0].staffName == "Staff support")
            #expect(listed[0].actions[0].description == app.kontor.localizer.text("support_access.action.viewed", .en))

            #expect(try await Scenario.api(app, .DELETE, .organizationSupportGrant(organization.id!, grant: grant.id), token: token).status == .noContent)
            #expect(try await support.get(SiteRoute.staffGrant(grant.id).path).status == .notFound)
            let ended = try await Self.grants(app, organization, token: token)
            #expect(ended.map(\.status) == ["revoked"] && ended[0].revokedAt != nil && ended[0].actions.count == 1)
            #expect(try await Scenario.api(app, .DELETE, .organizationSupportGrant(organization.id!, grant: grant.id), token: token).status == .noContent,
                    "ending it twice is fine")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "support_access_revoked").count() == 1)
        }
    }

    @Test("one access revoked twelve times at once over two servers: every answer 204, one entry in the log")
    func revokedOnceAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (token, organization) = try await Self.owner(apps[0])
            let grant = try await Scenario.api(apps[0], .POST, .organizationSupportGrants(organization.id!), token: token, body: #"{"hours":4}"#)
                .content.decode(APIModels.SupportGrant.self)
            let path = SiteRoute.api(.organizationSupportGrant(organization.id!, grant: grant.id)).path
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await apps[index % 2].testing().sendRequest(.DELETE, path, headers: ["Authorization": "Bearer \(token)"]).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 204 }, "\(statuses)")
            #expect(try await SecurityEvent.query(on: apps[0].db).filter(\.$kind == "support_access_revoked").count() == 1)
        }
    }

    @Test("past grants stay listed: an expired one says so, newest first; read-only is the default")
    func history() async throws {
        try await withTestApp { app, clock in
            let (token, organization) = try await Self.owner(app)
            let first = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: token, body: #"{"hours":1}"#)
            #expect(try first.content.decode(APIModels.SupportGrant.self).mayChange == false)
            clock.advance(by: 3601)
            _ = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: try await Scenario.apiToken(app, email: "ana@example.test"),
                                       body: #"{"hours":24}"#)
            let listed = try await Self.grants(app, organization, token: try await Scenario.apiToken(app, email: "ana@example.test"))
            #expect(listed.map(\.status) == ["live", "expired"])
        }
    }

    @Test("the duration must be one of those offered, named as hours", arguments: [
        (#"{"hours":5}"#, 422), ("{}", 422), (#"{"hours":0}"#, 422), (#"{"hours":"four"}"#, 400), (#"{"hours":4,"mayChange":"yes"}"#, 400),
    ])
    func validation(body: String, status: Int) async throws {
        try await withTestApp { app, _ in
            let (token, organization) = try await Self.owner(app)
            let response = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: token, body: body)
            #expect(Int(response.status.code) == status)
            let field = status == 422 ? "hours" : (body.contains("yes") ? "mayChange" : "hours")
            #expect(try Scenario.apiError(response).fields?.map(\.field) == [field])
            #expect(try await SupportGrant.query(on: app.db).count() == 0)
        }
    }

    @Test("a plain member sees the grants but can neither grant nor end them")
    func plainMember() async throws {
        try await withTestApp { app, _ in
            let (token, organization) = try await Self.owner(app)
            let created = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: token, body: #"{"hours":1}"#)
            let grant = try created.content.decode(APIModels.SupportGrant.self)
            try await Scenario.customer(app, name: "Bob", email: "bob@example.test")
            try await Scenario.join(app, user: "bob@example.test", organization: organization, role: "user",
                                    invitedBy: try await Scenario.signedIn(app, email: "ana@example.test"))
            let bob = try await Scenario.apiToken(app, email: "bob@example.test")

            #expect(try await Self.grants(app, organization, token: bob).map(\.id) == [grant.id])
            let grantRefused = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: bob, body: #"{"hours":1}"#)
            #expect(try grantRefused.status == .forbidden && Scenario.apiError(grantRefused).code == "not_permitted")
            let revokeRefused = try await Scenario.api(app, .DELETE, .organizationSupportGrant(organization.id!, grant: grant.id), token: bob)
            #expect(revokeRefused.status == .forbidden)
            #expect(try await SupportGrant.query(on: app.db).all().map(\.revokedAt) == [nil], "still one grant, still live")
        }
    }

    @Test("a member of another organization cannot list, grant or end its grants: 404, and nothing changes")
    func otherOrganization() async throws {
        try await withTestApp { app, _ in
            let (token, organization) = try await Self.owner(app)
            let created = try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: token, body: #"{"hours":1}"#)
            let grant = try created.content.decode(APIModels.SupportGrant.self)
            let mallory = try await Scenario.customer(app, name: "Mallory", email: "mallory@example.test")
            let malloryToken = try await Scenario.apiToken(app, email: "mallory@example.test")

            #expect(try await Scenario.api(app, .GET, .organizationSupportGrants(organization.id!), token: malloryToken).status == .notFound)
            #expect(try await Scenario.api(app, .POST, .organizationSupportGrants(organization.id!), token: malloryToken, body: #"{"hours":1}"#).status == .notFound)
            #expect(try await Scenario.api(app, .DELETE, .organizationSupportGrant(organization.id!, grant: grant.id), token: malloryToken).status == .notFound)
            // Her own organization's path with Ana's grant ID: still not found.
            let own = try await Scenario.organization(of: mallory, on: app)
            #expect(try await Scenario.api(app, .DELETE, .organizationSupportGrant(own.id!, grant: grant.id), token: malloryToken).status == .notFound)
            #expect(try await SupportGrant.query(on: app.db).all().map(\.revokedAt) == [nil])
            #expect(try await SupportGrant.query(on: app.db).count() == 1)
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// "An organization always keeps a legal representative" is a rule over several rows (every member's role), so two
/// requests that each see another legal representative could both step down. These tests send such pairs at once,
/// from two servers, and check the rule still holds.
@Suite("Members changed at the same instant over two servers: the organization always keeps a legal representative")
struct MembershipConcurrencyTests {
    /// Alice's organization with Bob and Carla as further legal representatives; one browser per person per server.
    private static func threeRepresentatives(_ apps: [Application]) async throws -> (Organization, [String: [Browser]]) {
        let alice = try await Scenario.customer(apps[0], name: "Alice", email: "alice@example.test")
        let organization = try await Scenario.organization(of: alice, on: apps[0])
        let aliceBrowser = try await Scenario.signedIn(apps[0], email: "alice@example.test")
        for name in ["bob", "carla"] {
            try await Scenario.customer(apps[0], name: name.capitalized, email: "\(name)@example.test")
            try await Scenario.join(apps[0], user: "\(name)@example.test", organization: organization, role: "legal_representative", invitedBy: aliceBrowser)
        }
        var browsers: [String: [Browser]] = [:]
        for name in ["alice", "bob", "carla"] {
            browsers[name] = [try await Scenario.signedIn(apps[0], email: "\(name)@example.test"),
                              try await Scenario.signedIn(apps[1], email: "\(name)@example.test")]
        }
        return (organization, browsers)
    }

    private static func representatives(of organizationID: UUID, on db: any Database) async throws -> [String] {
        try await Membership.members(of: organizationID, on: db).filter { $0.role == .legalRepresentative }.map(\.user.email).sorted()
    }

    @Test("three legal representatives leave at once, each from both servers: one stays, the others are told why, no 500")
    func leavingTogether() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, browsers) = try await Self.threeRepresentatives(apps)
            let path = SiteRoute.leaveOrganization(organization.id!).path
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for browser in browsers.values.flatMap({ $0 }) { group.addTask { try await browser.post(path).status.code } }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 < 500 }, "\(codes)")
            let left = try await Self.representatives(of: organization.id!, on: apps[1].db)
            #expect(left.count == 1, "exactly one legal representative stays: \(left)")
            #expect(codes.filter { $0 == 409 }.count == 2, "the one who stays was told why, in both tabs: \(codes.sorted())")
            #expect(codes.filter { $0 != 409 }.allSatisfy { $0 == 303 || $0 == 404 },
                    "a second tab of someone who left is sent on like the first, or finds the organization gone: \(codes.sorted())")
            #expect(try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "organization_left").count() == 2,
                    "each departure recorded once")
        }
    }

    @Test("legal representatives demote and remove each other at once: at least one stays, every answer is a sentence or a success")
    func demotingEachOther() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, browsers) = try await Self.threeRepresentatives(apps)
            let members = try await Membership.members(of: organization.id!, on: apps[0].db)
            let memberID = Dictionary(uniqueKeysWithValues: members.map { ($0.user.email.split(separator: "@")[0].description, $0.id!) })
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for (actor, pair) in browsers {
                    for (index, browser) in pair.enumerated() {
                        for target in memberID.keys where target != actor {
                            group.addTask {
                                index == 0
                                    ? try await browser.post(SiteRoute.changeMemberRole(organization.id!, member: memberID[target]!).path, form: ["role": "user"]).status.code
                                    : try await browser.post(SiteRoute.removeMember(organization.id!, member: memberID[target]!).path).status.code
                            }
                        }
                        group.addTask {
                            try await browser.post(SiteRoute.changeMemberRole(organization.id!, member: memberID[actor]!).path, form: ["role": "administrator"]).status.code
                        }
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 < 500 }, "\(codes.sorted())")
            let left = try await Self.representatives(of: organization.id!, on: apps[1].db)
            #expect(left.count >= 1, "the organization keeps a legal representative")
            #expect(codes.contains(409), "the request that would have taken the last one was refused: \(codes.sorted())")
        }
    }

    @Test("a member leaving while an administrator gives her a kSuite seat, over two servers: she leaves without a seat or stays with one, never both")
    func seatWhileLeaving() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let plan = try await Scenario.suitePlans(apps[0], users: 3).standard
            for round in 0..<4 {
                let owner = "owner\(round)@example.test", leaver = "leaver\(round)@example.test"
                let ownerUser = try await Scenario.customer(apps[0], name: "Owner \(round)", email: owner)
                let organization = try await Scenario.organization(of: ownerUser, on: apps[0])
                let org = try organization.requireID()
                let ownerBrowser = try await Scenario.signedIn(apps[0], email: owner)
                let suite = try await Scenario.suite(apps[0], in: org, plan: plan)
                _ = try await Scenario.customer(apps[0], name: "Leaver \(round)", email: leaver)
                try await Scenario.join(apps[0], user: leaver, organization: organization, role: "user", invitedBy: ownerBrowser)
                let member = try await Scenario.membership(apps[0], leaver, in: org).requireID()
                let leaving = [try await Scenario.signedIn(apps[0], email: leaver), try await Scenario.signedIn(apps[1], email: leaver)]
                let token = try await Scenario.apiToken(apps[0], email: owner)
                let seatPath = SiteRoute.api(.organizationProductSeats(org, product: suite.id!)).path
                let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for (index, browser) in leaving.enumerated() {
                        group.addTask { try await browser.post(SiteRoute.leaveOrganization(org).path).status.code }
                        group.addTask {
                            try await apps[index].testing().sendRequest(.POST, seatPath, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                                         body: ByteBuffer(string: #"{"memberId":"\#(member.uuidString)"}"#)).status.code
                        }
                    }
                    return try await group.reduce(into: [UInt]()) { $0.append($1) }
                }
                #expect(codes.allSatisfy { $0 < 500 }, "\(codes)")
                let user = try #require(try await User.find(email: leaver, on: apps[1].db))
                let stillMember = try await Membership.find(user: user.requireID(), organization: org, on: apps[1].db) != nil
                let seated = try await SuiteSeat.query(on: apps[1].db).filter(\.$user.$id == user.requireID()).count()
                #expect(seated <= 1 && (stillMember ? true : seated == 0),
                        "round \(round): member \(stillMember), seats \(seated), answers \(codes)")
            }
        }
    }

    @Test("hosting access given from eight tabs over two servers while the member is removed: one grant or none, never one for a non-member")
    func grantWhileRemoved() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (_, _, organization, products) = try await ProductPagesTests.setUp(apps[0])
            let org = try organization.requireID(), hosting = try #require(products.hosting.id)
            let bob = try await Scenario.membership(apps[0], "bob@example.test", in: org)
            var admins: [Browser] = []
            for index in 0..<8 { admins.append(try await Scenario.signedIn(apps[index % 2], email: "ana@example.test")) }
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for (index, admin) in admins.enumerated() {
                    group.addTask {
                        index == 5
                            ? try await admin.post(SiteRoute.removeMember(org, member: bob.id!).path).status.code
                            : try await admin.post(SiteRoute.productAccess(org, product: hosting).path, form: ["member": bob.id!.uuidString]).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 < 500 }, "\(codes)")
            #expect(codes.allSatisfy { $0 == 303 || $0 == 422 }, "given, or refused because Bob is no longer a member: \(codes)")
            #expect(try await Membership.find(bob.requireID(), on: apps[1].db) == nil)
            #expect(try await ProductMemberGrant.query(on: apps[1].db).count() == 0, "no access outlives the membership")
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// Seed review L5: a customer who left her only organization had none and no way to set one up, although the seed says
/// everyone "forma parte de al menos una Organización".
@Suite("Setting up an organization: for another company, or after leaving the last one")
struct CreateOrganizationTests {
    @Test("a customer sets up another organization, as its legal representative, and works in it at once")
    func fromTheOrganizationsPage() async throws {
        try await withTestApp { app, _ in
            let rosa = try await Scenario.customer(app, name: "Rosa", email: "rosa@example.test")
            let first = try await Scenario.organization(of: rosa, on: app)
            let browser = try await Scenario.signedIn(app, email: "rosa@example.test")
            #expect(try await browser.get(SiteRoute.organizations.path).body.string.contains("id=\"create-organization\""))
            let refused = try await browser.post(SiteRoute.organizations.path, form: ["name": " ", "idempotency_key": UUID().uuidString])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("id=\"organization-name-error\""))
            let made = try await browser.post(SiteRoute.organizations.path, form: ["name": "Rosa Diseño SL", "idempotency_key": UUID().uuidString])
            #expect(made.status == .seeOther && made.location?.hasPrefix(SiteRoute.console.path) == true)
            let organization = try #require(try await Organization.query(on: app.db).filter(\.$name == "Rosa Diseño SL").first())
            #expect(organization.customerNumber != nil && organization.id != first.id)
            let membership = try #require(try await Membership.find(user: rosa.requireID(), organization: organization.requireID(), on: app.db))
            #expect(membership.role == .legalRepresentative)
            let console = try await browser.get(SiteRoute.console.path).body.string
            #expect(console.contains("Rosa Diseño SL"), "the new organization is the current one")
            #expect(try await SecurityEvent.query(on: app.db).filter(\.$kind == "organization_created").count() == 1)
        }
    }

    @Test("the API sets one up too; a blank name names its field")
    func api() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let made = try await Scenario.api(app, .POST, .organizations, token: token, body: #"{"name":"Ana Two"}"#)
            #expect(made.status == .created)
            let body = try made.content.decode(APIModels.Organization.self)
            #expect(body.name == "Ana Two" && body.role == "legal_representative")
            let blank = try await Scenario.api(app, .POST, .organizations, token: token, body: #"{"name":""}"#)
            #expect(blank.status == .unprocessableEntity)
            #expect(try Scenario.apiError(blank).fields?.first?.field == "name")
            let list = try await Scenario.api(app, .GET, .organizations, token: token).body.string
            #expect(list.contains("Ana Two"))
        }
    }
}

@Suite("Setting up an organization through the API with an Idempotency-Key")
struct CreateOrganizationRetryTests {
    static func post(_ app: Application, token: String, name: String, key: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.POST, SiteRoute.api(.organizations).path,
                                            headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)", "Idempotency-Key": key],
                                            body: ByteBuffer(string: #"{"name":"\#(name)"}"#))
    }

    @Test("a retried set-up answers the first organization, also from two servers at once; another name with the key is refused; keys are each caller's own")
    func retried() async throws {
        try await withTestApps(count: 2) { apps, _ in
            try await Scenario.customer(apps[0], name: "Ana", email: "ana@example.test")
            try await Scenario.customer(apps[0], name: "Ben", email: "ben@example.test")
            let ana = try await Scenario.apiToken(apps[0], email: "ana@example.test")
            let ben = try await Scenario.apiToken(apps[0], email: "ben@example.test")
            async let first = Self.post(apps[0], token: ana, name: "Ana Two", key: "setup-1")
            async let second = Self.post(apps[1], token: ana, name: "Ana Two", key: "setup-1")
            let answers = try await [first, second]
            #expect(answers.allSatisfy { $0.status == .created }, "\(answers.map(\.status))")
            let ids = try answers.map { try $0.content.decode(APIModels.Organization.self).id }
            #expect(ids[0] == ids[1])
            let retry = try await Self.post(apps[1], token: ana, name: "Ana Two", key: "setup-1")
            #expect(retry.status == .created && retry.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try retry.content.decode(APIModels.Organization.self).id == ids[0])
            #expect(try await Organization.query(on: apps[0].db).filter(\.$name == "Ana Two").count() == 1)

            let renamed = try await Self.post(apps[0], token: ana, name: "Ana Three", key: "setup-1")
            #expect(renamed.status == .unprocessableEntity && (try? Scenario.apiFields(renamed)) == ["Idempotency-Key"])
            let bad = try await Self.post(apps[0], token: ana, name: "Ana Three", key: "with space")
            #expect(bad.status == .unprocessableEntity && (try? Scenario.apiFields(bad)) == ["Idempotency-Key"])
            let bens = try await Self.post(apps[0], token: ben, name: "Ben Two", key: "setup-1")
            #expect(bens.status == .created && bens.headers.first(name: "Idempotent-Replayed") == nil, "Ben's key is his own")
            #expect(try bens.content.decode(APIModels.Organization.self).name == "Ben Two")
        }
    }
}

@Suite("Setting up organizations at once, on one server and over two")
struct CreateOrganizationConcurrencyTests {
    @Test("24 set-ups at once over two servers: the 20-organization limit holds, every customer number differs, no 500")
    func limitHoldsAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            try await Scenario.customer(apps[0], name: "Ana", email: "ana@example.test")   // leads her own already
            let token = try await Scenario.apiToken(apps[0], email: "ana@example.test")
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for index in 0..<24 {
                    let app = apps[index % 2]
                    group.addTask {
                        try await app.testing().sendRequest(.POST, SiteRoute.api(.organizations).path,
                                                            headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"],
                                                            body: ByteBuffer(string: #"{"name":"Ana \#(index)"}"#)).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == OrganizationService.maximumOwnOrganizations - 1, "\(statuses.sorted())")
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses.sorted())")
            let organizations = try await Organization.query(on: apps[0].db).all()
            #expect(organizations.count == OrganizationService.maximumOwnOrganizations)
            #expect(Set(organizations.compactMap(\.customerNumber)).count == organizations.count, "each its own customer number")
        }
    }

    @Test("a double click on 'set up' creates one organization, also through two servers; other values with the same form are refused")
    func doubleClickCreatesOne() async throws {
        try await withTestApps(count: 2) { apps, _ in
            try await Scenario.customer(apps[0], name: "Rosa", email: "rosa@example.test")
            let browser = try await Scenario.signedIn(apps[0], email: "rosa@example.test")
            let page = try await browser.get(SiteRoute.organizations.path).body.string
            let key = try #require(page.firstRange(of: "name=\"idempotency_key\" value=\"").map { String(page[$0.upperBound...].prefix { $0 != "\"" }) })
            let form = ["name": "Rosa Diseño SL", "idempotency_key": key, "_csrf": Browser.token(in: page)]
            let codes = try await browser.postAtOnce(apps, count: 4, SiteRoute.organizations.path) { _ in form }.map(\.status.code)
            #expect(codes.allSatisfy { $0 == 303 }, "\(codes)")
            #expect(try await Organization.query(on: apps[1].db).filter(\.$name == "Rosa Diseño SL").count() == 1)

            var renamed = form
            renamed["name"] = "Rosa Diseño y Moda SL"
            let refused = try await browser.post(SiteRoute.organizations.path, form: renamed)
            #expect(refused.status == .conflict && refused.body.string.contains("already sent with other values"))
            #expect(refused.body.string.contains("value=\"Rosa Diseño y Moda SL\""), "the name comes back as typed")
            renamed["idempotency_key"] = nil
            let expired = try await browser.post(SiteRoute.organizations.path, form: renamed)
            #expect(expired.status == .unprocessableEntity && expired.body.string.contains("This form had expired"))
            #expect(try await Organization.query(on: apps[0].db).count() == 2, "her first and the one set up once")
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// A double click on "add", a browser resending after a timeout, or an API client retrying added the same billing
/// address twice; the customer then had to tell two identical addresses apart when choosing one for a product.
@Suite("Adding a billing address once, however often the form or the call is sent")
struct BillingAddressResendTests {
    static func key(in page: String) throws -> String {
        try #require(page.firstRange(of: "name=\"idempotency_key\" value=\"").map { String(page[$0.upperBound...].prefix { $0 != "\"" }) })
    }

    @Test("the same form sent four times through two servers adds one address; changed and sent again it is refused; without its key it adds nothing")
    func formSentAgain() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(apps[0])
            let org = try organization.requireID()
            let page = try await ana.get(SiteRoute.billingAddresses(org).path).body.string
            var form = BillingAddressTests.bakery
            form["idempotency_key"] = try Self.key(in: page)
            form["_csrf"] = Browser.token(in: page)
            let sent = form
            let codes = try await ana.postAtOnce(apps, count: 4, SiteRoute.billingAddresses(org).path) { _ in sent }.map(\.status.code)
            #expect(codes.allSatisfy { $0 == 303 }, "\(codes)")
            #expect(try await BillingAddress.query(on: apps[1].db).count() == 1)

            // She went back, corrected the street and sent the same form again: the first address stands.
            form["street"] = "Calle Mayor Alta"
            let changed = try await ana.post(SiteRoute.billingAddresses(org).path, form: form)
            #expect(changed.status == .conflict && changed.body.string.contains("already sent with other values"))
            #expect(changed.body.string.contains("value=\"Calle Mayor Alta\""), "what she typed comes back")
            #expect(try Self.key(in: changed.body.string) != form["idempotency_key"], "with a fresh key, to add it on purpose")

            form["idempotency_key"] = nil
            let expired = try await ana.post(SiteRoute.billingAddresses(org).path, form: form)
            #expect(expired.status == .unprocessableEntity && expired.body.string.contains("This form had expired"))
            let freshKey = try Self.key(in: expired.body.string)
            #expect(expired.body.string.contains("value=\"Calle Mayor Alta\"") && !freshKey.isEmpty)
            #expect(try await BillingAddress.query(on: apps[0].db).count() == 1)

            form["idempotency_key"] = try Self.key(in: changed.body.string)
            #expect(try await ana.post(SiteRoute.billingAddresses(org).path, form: form).status == .seeOther)
            #expect(try await BillingAddress.query(on: apps[0].db).count() == 2, "a second address, added on purpose")
        }
    }

    @Test("a refused form keeps its key, so the corrected one adds the address once")
    func correctedAfterRefusal() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, _) = try await ProductPagesTests.setUp(app)
            let org = try organization.requireID()
            var form = BillingAddressTests.bakery
            let key = try #require(form["idempotency_key"])
            form["postcode"] = "2801"
            let refused = try await ana.post(SiteRoute.billingAddresses(org).path, form: form)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("id=\"ba-postcode-error\""))
            #expect(try Self.key(in: refused.body.string) == key, "the page keeps the form's key")
            form["postcode"] = "28013"
            #expect(try await ana.post(SiteRoute.billingAddresses(org).path, form: form).status == .seeOther)
            #expect(try await ana.post(SiteRoute.billingAddresses(org).path, form: form).status == .seeOther, "a resend")
            #expect(try await BillingAddress.query(on: app.db).count() == 1)
        }
    }

    static func post(_ app: Application, _ org: UUID, token: String, key: String, name: String = "Panadería García SL") async throws -> TestingHTTPResponse {
        let body = #"{"name":"\#(name)","street":"Calle Mayor","buildingNumber":"12","postcode":"28013","town":"Madrid","country":"ES"}"#
        return try await app.testing().sendRequest(.POST, SiteRoute.api(.organizationBillingAddresses(org)).path,
                                                   headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)", "Idempotency-Key": key],
                                                   body: ByteBuffer(string: body))
    }

    @Test("a retried POST with an Idempotency-Key answers the first address, also from two servers at once; another body, or another organization, with the key is refused")
    func apiRetried() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (_, _, organization, _) = try await ProductPagesTests.setUp(apps[0])
            let org = try organization.requireID()
            let token = try await Scenario.apiToken(apps[0], email: "ana@example.test")
            let answers = try await withThrowingTaskGroup(of: TestingHTTPResponse.self) { group in
                for copy in 0..<4 { group.addTask { try await Self.post(apps[copy % 2], org, token: token, key: "address-1") } }
                return try await group.reduce(into: [TestingHTTPResponse]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.status == .created }, "\(answers.map(\.status))")
            #expect(Set(try answers.map { try $0.content.decode(APIModels.BillingAddress.self).id }).count == 1)
            #expect(answers.filter { $0.headers.first(name: "Idempotent-Replayed") == "true" }.count == 3)
            #expect(try await BillingAddress.query(on: apps[1].db).count() == 1)

            let other = try await Self.post(apps[0], org, token: token, key: "address-1", name: "García Contabilidad")
            #expect(other.status == .unprocessableEntity && (try? Scenario.apiFields(other)) == ["Idempotency-Key"])

            // Her second organization, the same key and body: refused, not answered with the first one's address.
            let second = try await Scenario.api(apps[0], .POST, .organizations, token: token, body: #"{"name":"Ana Two"}"#)
            let secondID = try second.content.decode(APIModels.Organization.self).id
            let elsewhere = try await Self.post(apps[1], secondID, token: token, key: "address-1")
            #expect(elsewhere.status == .unprocessableEntity && (try? Scenario.apiFields(elsewhere)) == ["Idempotency-Key"])
            #expect(try await Self.post(apps[1], secondID, token: token, key: "address-2").status == .created)
            #expect(try await BillingAddress.query(on: apps[0].db).count() == 2)
        }
    }
}

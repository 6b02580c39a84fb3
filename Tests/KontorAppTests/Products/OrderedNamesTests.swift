import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

/// What a name ordered and never paid for may and may not do: found in a review of the product lifecycle.
@Suite("Ordered names: a domain is registered once, an unpaid domain gives no addresses, a hosting that is gone gives its sites back")
struct OrderedNamesTests {
    @Test("a domain held by any organization, running or waiting for payment, cannot be ordered again; once its order is cancelled it can")
    func domainOrderedOnce() async throws {
        try await withTestApp { app, _ in
            let (ana, anaBrowser) = try await Scenario.orderingCustomer(app)
            let (bob, bobBrowser) = try await Scenario.orderingCustomer(app, name: "Bob")
            let domain = try await Scenario.catalogItem(app, .domain, name: "Domain .ch", prices: [(12, "13.00", "CHF")])
            #expect(try await Scenario.order(anaBrowser, ana.requireID(), item: domain, name: "rossi-shop.ch").status == .seeOther)
            let again = try await Scenario.order(anaBrowser, ana.requireID(), item: domain, name: "Rossi-Shop.ch")
            #expect(again.status == .unprocessableEntity && again.body.string.contains("already registered with us"))
            let other = try await Scenario.order(bobBrowser, bob.requireID(), item: domain, name: "rossi-shop.ch")
            #expect(other.status == .unprocessableEntity, "another organization cannot order it either")
            #expect(try await Product.query(on: app.db).filter(\.$kindRaw == ProductKind.domain.rawValue).count() == 1)

            let (order, _, _) = try await Scenario.onlyOrder(app, ana.requireID())
            #expect(try await anaBrowser.post(SiteRoute.orderCancel(ana.requireID(), order: order.id!).path).status == .seeOther)
            #expect(try await Scenario.order(bobBrowser, bob.requireID(), item: domain, name: "rossi-shop.ch").status == .seeOther,
                    "a cancelled order holds the name no longer")
        }
    }

    @Test("four orders of one domain at once over two servers, each with its own form, make one domain")
    func domainOrderedAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (organization, _) = try await Scenario.orderingCustomer(apps[0])
            let domain = try await Scenario.catalogItem(apps[0], .domain, name: "Domain .ch", prices: [(12, "13.00", "CHF")])
            let statuses = try await OrderConcurrencyTests.apiOrders(4, over: apps, organization: organization.requireID(),
                body: #"{"itemId":"\#(domain.id!.uuidString)","periodMonths":12,"currency":"CHF","name":"dup-name.ch"}"#, key: { "form-\($0)" })
            #expect(statuses.filter { $0 == 201 }.count == 1 && statuses.filter { $0 == 422 }.count == 3, "\(statuses)")
            #expect(try await Product.query(on: apps[0].db).filter(\.$kindRaw == ProductKind.domain.rawValue).count() == 1)
        }
    }

    @Test("two organizations ordering one domain at the same moment over two servers: one gets it, the other is told it is taken (three rounds)")
    func domainOrderedByTwoOrganizationsAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let (ana, _) = try await Scenario.orderingCustomer(apps[0])
            let (bob, _) = try await Scenario.orderingCustomer(apps[0], name: "Bob")
            let domain = try await Scenario.catalogItem(apps[0], .domain, name: "Domain .ch", prices: [(12, "13.00", "CHF")])
            let buyers = [(try ana.requireID(), try await Scenario.apiToken(apps[0], email: "ana@example.test")),
                          (try bob.requireID(), try await Scenario.apiToken(apps[0], email: "bob@example.test"))]
            for round in 1...3 {
                let name = "race-\(round).ch"
                let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for (index, (organization, token)) in buyers.enumerated() {
                        group.addTask {
                            let headers: HTTPHeaders = ["Content-Type": "application/json", "Authorization": "Bearer \(token)", "Idempotency-Key": "r\(round)-\(index)"]
                            let body = #"{"itemId":"\#(domain.id!.uuidString)","periodMonths":12,"currency":"CHF","name":"\#(name)"}"#
                            return try await apps[index].testing().sendRequest(.POST, SiteRoute.api(.organizationOrders(organization)).path, headers: headers,
                                                                               body: ByteBuffer(string: body)).status.code
                        }
                    }
                    return try await group.reduce(into: [UInt]()) { $0.append($1) }
                }
                #expect(statuses.sorted() == [201, 422], "round \(round): \(statuses)")
                #expect(try await Product.query(on: apps[0].db).filter(\.$name == name).count() == 1)
            }
        }
    }

    @Test("a domain only ordered, its invoice unpaid, gives no e-mail addresses")
    func noMailboxOnAnUnpaidDomain() async throws {
        try await withTestApp { app, _ in
            let (organization, _) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let pending = Product(organizationID: org, kind: .domain, name: "walker-new.ch", renewsAt: Date(), createdAt: Date())
            pending.statusRaw = ProductState.pending.rawValue
            try await pending.create(on: app.db)
            let running = Product(organizationID: org, kind: .domain, name: "walker.ch", renewsAt: Date().addingTimeInterval(86_400 * 90), createdAt: Date())
            try await running.create(on: app.db)
            #expect(try await MailboxService(db: app.db).domains(of: org) == ["walker.ch"])
        }
    }

    @Test("a hosting whose order is cancelled gives its site back: gone from the console, and the name can be ordered again with its site")
    func cancelledHostingReleasesItsSite() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let item = try await Scenario.catalogItem(app)
            #expect(try await Scenario.order(browser, org, item: item, name: "cancelled-host.ch").status == .seeOther)
            let (order, product, _) = try await Scenario.onlyOrder(app, org)
            let site = try #require(try await HostingSite.query(on: app.db).filter(\.$product.$id == product.id!).first())
            #expect(try await browser.post(SiteRoute.orderCancel(org, order: order.id!).path).status == .seeOther)
            #expect(try await HostingSite.query(on: app.db).count() == 0)
            #expect(try await browser.get(SiteRoute.site(org, site: site.id!).path).status == .notFound)

            #expect(try await Scenario.order(browser, org, item: item, name: "cancelled-host.ch").status == .seeOther)
            #expect(try await HostingSite.query(on: app.db).filter(\.$domainName == "cancelled-host.ch").count() == 1,
                    "ordered again, the hosting comes with its site")
        }
    }
}

import Fluent
import Foundation
import KontorDomain
@testable import KontorApp
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Sites: the same variables edited from two servers at once; the product-level MySQL prefix flag moved to sites")
struct SiteConcurrencyAndMigrationTests {
    @Test("two servers add, edit and delete the same variables at once: no 500, nothing doubled, a 409 or the same result")
    func twoServers() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let ana = try await Scenario.customer(apps[0], name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: apps[0])
            let products = try await Scenario.products(apps[0], in: organization)
            let org = organization.id!, site = products.site.id!
            var browsers: [Browser] = []
            for index in 0..<8 { browsers.append(try await Scenario.signedIn(apps[index % 2], email: "ana@example.test")) }
            let store = SiteVariables(db: apps[0].db, secretKey: apps[0].kontor.config.secretKey)
            let shared = try await store.add(to: site, name: "SHARED", value: "v1", isSecret: false, now: Date()) { _, _ in }
            let doomed = try await store.add(to: site, name: "DOOMED", value: "x", isSecret: false, now: Date()) { _, _ in }

            let statuses = try await withThrowingTaskGroup(of: (String, UInt).self) { group in
                for (index, browser) in browsers.enumerated() {
                    group.addTask { ("add", try await browser.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "SAME", "value": "\(index)"]).status.code) }
                    group.addTask {
                        ("edit", try await browser.post(SiteRoute.siteVariable(org, site: site, variable: shared.id!).path,
                                                        form: ["value": "from \(index)", "version": "1"]).status.code)
                    }
                    group.addTask { ("delete", try await browser.post(SiteRoute.siteVariableDelete(org, site: site, variable: doomed.id!).path).status.code) }
                    group.addTask { ("add-own", try await browser.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "OWN_\(index)", "value": "x"]).status.code) }
                }
                var all: [(String, UInt)] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.allSatisfy { $0.1 < 500 }, "server errors: \(statuses.filter { $0.1 >= 500 })")
            #expect(statuses.filter { $0.0 == "add" && $0.1 == 303 }.count == 1 && statuses.filter { $0.0 == "add" && $0.1 == 409 }.count == 7)
            #expect(statuses.filter { $0.0 == "edit" && $0.1 == 303 }.count == 1 && statuses.filter { $0.0 == "edit" && $0.1 == 409 }.count == 7,
                    "one edit from version 1 wins, the others learn someone changed it")
            #expect(statuses.filter { $0.0 == "delete" }.allSatisfy { $0.1 == 303 }, "deleting is idempotent")
            #expect(statuses.filter { $0.0 == "add-own" }.allSatisfy { $0.1 == 303 })
            let names = try await SiteEnvironmentVariable.query(on: apps[1].db).all().map(\.name).sorted()
            #expect(names == (["SAME", "SHARED"] + (0..<8).map { "OWN_\($0)" }).sorted())
            #expect(try await SiteEnvironmentVariable.find(shared.id, on: apps[1].db)?.version == 2)
        }
    }

    @Test("eight saves of the same site settings at once over two servers: applied once, each change audited once, no 500")
    func settingsAtOnce() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let ana = try await Scenario.customer(apps[0], name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: apps[0])
            let products = try await Scenario.products(apps[0], in: organization)
            let org = organization.id!, site = products.site.id!
            let before = try #require(try await HostingSite.find(site, on: apps[0].db))
            let version = try #require(apps[0].kontor.config.phpVersions.map(\.description).first { $0 != before.phpVersion })
            var browsers: [Browser] = []
            for index in 0..<8 { browsers.append(try await Scenario.signedIn(apps[index % 2], email: "ana@example.test")) }
            let eventsBefore = try await SecurityEvent.query(on: apps[0].db).filter(\.$kind == "product_setting_changed").count()
            let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                for browser in browsers {
                    group.addTask {
                        try await browser.post(SiteRoute.siteSettings(org, site: site).path,
                                               form: ["php_version": version, "mysql_prefix": before.mysqlPrefixEnabled ? "" : "on", "confirm": "yes"]).status.code
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            #expect(codes.allSatisfy { $0 == 303 }, "\(codes)")
            let after = try #require(try await HostingSite.find(site, on: apps[1].db))
            #expect(after.phpVersion == version && after.mysqlPrefixEnabled == !before.mysqlPrefixEnabled)
            let events = try await SecurityEvent.query(on: apps[1].db).filter(\.$kind == "product_setting_changed").count()
            #expect(events - eventsBefore == 2, "the PHP version and the prefix switch, each recorded once, not once per save")
        }
    }

    @Test("the count limit holds when two servers add the 50th variable at once")
    func countUnderConcurrency() async throws {
        try await withTestApps(count: 2) { apps, _ in
            let ana = try await Scenario.customer(apps[0], name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: apps[0])
            let products = try await Scenario.products(apps[0], in: organization)
            let store = SiteVariables(db: apps[0].db, secretKey: apps[0].kontor.config.secretKey)
            for index in 0..<48 { _ = try await store.add(to: products.site.id!, name: "V\(index)", value: "x", isSecret: false, now: Date()) { _, _ in } }
            let one = try await Scenario.signedIn(apps[0], email: "ana@example.test")
            let two = try await Scenario.signedIn(apps[1], email: "ana@example.test")
            let path = SiteRoute.siteVariables(organization.id!, site: products.site.id!).path
            async let a = one.post(path, form: ["name": "LAST_A", "value": "x"]), b = two.post(path, form: ["name": "LAST_B", "value": "x"])
            async let c = one.post(path, form: ["name": "LAST_C", "value": "x"])
            let codes = try await [a, b, c].map(\.status.code).sorted()
            #expect(codes == [303, 303, 422], "\(codes)")
            #expect(try await SiteEnvironmentVariable.query(on: apps[1].db).count() == 50)
        }
    }

    @Test("upgrading: each hosting's product-level switch becomes its site's, on or off as the customer left it, and the column goes")
    func flagMovesToSites() async throws {
        try await withTestApp { app, _ in
            let ana = try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let organization = try await Scenario.organization(of: ana, on: app)
            // One connection for the schema changes and what reads them: SQLite checks an ALTER TABLE against the schema
            // its connection last read, so a second connection that had not yet seen the column dropped answered
            // "duplicate column name" when adding it back (once, in CI).
            try await app.db.withConnection { db in
                try await M048CreateProductMemberGrants().revert(on: db)
                try await M047MoveMySQLPrefixToSites().revert(on: db)
                let sql = try #require(db as? any SQLDatabase)
                func hosting(_ name: String, _ flag: Bool?) async throws -> UUID {
                    let id = UUID()
                    try await sql.insert(into: "products")
                        .columns("id", "organization_id", "kind", "name", "created_at", "renews_at", "renewal_warranty", "mysql_server_prefix", "mysql_prefix_enabled")
                        .values(SQLBind(id), SQLBind(organization.id!), SQLBind("web_hosting"), SQLBind(name), SQLBind(Date()), SQLBind(Date()), SQLBind(false),
                                SQLBind("wxyz"), flag.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                        .run()
                    return id
            }
            let on = try await hosting("old.example", true)
            let off = try await hosting("new.example", false)
            let unset = try await hosting("Old.Example", nil)  // the same name as another: still gets its site

            try await M047MoveMySQLPrefixToSites().prepare(on: db)
            try await M048CreateProductMemberGrants().prepare(on: db)

            let sites = try await HostingSite.query(on: db).all()
            let byProduct = Dictionary(uniqueKeysWithValues: sites.map { ($0.$product.id, $0) })
            #expect(byProduct[on]?.mysqlPrefixEnabled == true && byProduct[on]?.migratedFromOlderOffer == true && byProduct[on]?.domainName == "old.example")
            #expect(byProduct[off]?.mysqlPrefixEnabled == false && byProduct[off]?.migratedFromOlderOffer == false)
            #expect(byProduct[unset]?.mysqlPrefixEnabled == false && byProduct[unset]?.domainName.hasPrefix("old.example-") == true)
            #expect(sites.count == 3)
            await #expect(throws: (any Error).self) { try await sql.raw("SELECT mysql_prefix_enabled FROM products").run() }
            // Going back restores the switch from the sites.
            try await M048CreateProductMemberGrants().revert(on: db)
            try await M047MoveMySQLPrefixToSites().revert(on: db)
            struct Row: Decodable { let id: UUID; let mysql_prefix_enabled: Bool? }
            let rows = try await sql.raw("SELECT id, mysql_prefix_enabled FROM products").all(decoding: Row.self)
            #expect(rows.first { $0.id == on }?.mysql_prefix_enabled == true && rows.first { $0.id == off }?.mysql_prefix_enabled == false)
            try await M047MoveMySQLPrefixToSites().prepare(on: db)
            try await M048CreateProductMemberGrants().prepare(on: db)
            #expect(try await HostingSite.query(on: db).count() == 3, "running it again adds nothing")
            }
        }
    }
}

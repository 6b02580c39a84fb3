import Fluent
import Foundation
import KontorDomain
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Sites: PHP / Apache settings and the MySQL prefix option per site (seed guide \"Prefijo MySQL\")")
struct SitePagesTests {
    @Test("the page lists each database and user as scripts must write them with the option on and off, and recommends switching a migrated site's option off")
    func names() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await ProductPagesTests.setUp(app)
            let page = try await ana.get(SiteRoute.site(organization.id!, site: products.site.id!).path)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("<td><code>mabase</code></td><td><code>wxyz_mabase</code></td><td><code>mabase</code></td>"))
            #expect(html.contains("<td><code>monuser</code></td><td><code>wxyz_monuser</code></td><td><code>monuser</code></td>"))
            #expect(html.contains("id=\"prefix-recommendation\"") && html.contains("migrated from an older offer"))
            #expect(html.contains("id=\"mysql-prefix\" name=\"mysql_prefix\" checked"))
            #expect(html.contains("<option value=\"8.4\"") && html.contains("id=\"advanced-settings\""))
        }
    }

    @Test("switching the option off first shows the names and the warning; only the confirmation switches it, audited")
    func confirmOff() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await ProductPagesTests.setUp(app)
            let org = organization.id!, site = products.site.id!
            let asked = try await ana.post(SiteRoute.siteSettings(org, site: site).path, form: ["php_version": "8.3"])
            #expect(asked.status == .ok)
            let html = asked.body.string
            #expect(html.contains("id=\"prefix-off-warning\"") && html.contains("configuration files"))
            #expect(html.contains("<td><code>mabase</code></td><td><code>wxyz_mabase</code></td>"))
            #expect(html.contains("name=\"confirm\" value=\"yes\"") && html.contains("name=\"php_version\" value=\"8.3\""))
            #expect(html.contains("href=\"\(SiteRoute.site(org, site: site).path)\" id=\"confirm-prefix-off-cancel\""), "cancel goes back to the site")
            #expect(try await HostingSite.find(site, on: app.db)?.mysqlPrefixEnabled == true, "nothing changes before the confirmation")

            let confirmed = try await ana.post(SiteRoute.siteSettings(org, site: site).path, form: ["php_version": "8.3", "confirm": "yes"])
            #expect(confirmed.status == .seeOther && confirmed.location?.contains("notice=mysql_prefix_off") == true)
            let stored = try #require(try await HostingSite.find(site, on: app.db))
            #expect(!stored.mysqlPrefixEnabled && stored.phpVersion == "8.3")
            let after = try await ana.get(SiteRoute.site(org, site: site).path).body.string
            #expect(after.contains("<td><code>monuser</code></td><td><code>wxyz_monuser</code></td><td><code>wxyz_monuser</code></td>"), "now the full name")
            #expect(!after.contains("id=\"prefix-recommendation\""))
            let logged = try await SecurityEvent.query(on: app.db).filter(\.$kind == "product_setting_changed").all().compactMap { GrantAction.read($0.detail)?.action }
            #expect(logged.sorted() == ["mysql_prefix_off", "php_version"])
            #expect(try await ana.get(SiteRoute.securityEvents.path).body.string.contains("switched the MySQL prefix option off for “ana.example”"))

            // Switching it back on needs no confirmation; an unoffered PHP version is refused by field on the page.
            let on = try await ana.post(SiteRoute.siteSettings(org, site: site).path, form: ["php_version": "8.3", "mysql_prefix": "on"])
            #expect(on.location?.contains("notice=mysql_prefix_on") == true)
            let bad = try await ana.post(SiteRoute.siteSettings(org, site: site).path, form: ["php_version": "5.6", "mysql_prefix": "on"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Choose one of the PHP versions offered."))
            #expect(try await HostingSite.find(site, on: app.db)?.phpVersion == "8.3")
        }
    }

    @Test("a plain user reads the site but changes it only once given access to that hosting; access ends when taken back or on leaving")
    func rolesAndGrants() async throws {
        try await withTestApp { app, _ in
            let (ana, bob, organization, products) = try await ProductPagesTests.setUp(app)
            let org = organization.id!, site = products.site.id!
            let read = try await bob.get(SiteRoute.site(org, site: site).path)
            #expect(read.status == .ok && read.body.string.contains("disabled") && !read.body.string.contains("id=\"add-variable-form\""))
            #expect(try await bob.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "APP_ENV", "value": "prod"]).status == .forbidden)
            #expect(try await bob.post(SiteRoute.siteSettings(org, site: site).path, form: ["php_version": "8.1", "confirm": "yes"]).status == .forbidden)
            #expect(try await bob.post(SiteRoute.productAccess(org, product: products.hosting.id!).path, form: ["member": UUID().uuidString]).status == .forbidden,
                    "a plain user gives nobody access")

            let bobMember = try #require(try await Membership.members(of: org, on: app.db).first { $0.user.email == "bob@example.test" })
            let anaMember = try #require(try await Membership.members(of: org, on: app.db).first { $0.user.email == "ana@example.test" })
            let product = try await ana.get(SiteRoute.organizationProduct(org, product: products.hosting.id!).path).body.string
            #expect(product.contains("value=\"\(bobMember.id!.uuidString)\"") && !product.contains("value=\"\(anaMember.id!.uuidString)\""), "only plain users are offered")
            let refused = try await ana.post(SiteRoute.productAccess(org, product: products.hosting.id!).path, form: ["member": anaMember.id!.uuidString])
            #expect(refused.status == .unprocessableEntity)
            for _ in 0..<2 {
                let given = try await ana.post(SiteRoute.productAccess(org, product: products.hosting.id!).path, form: ["member": bobMember.id!.uuidString])
                #expect(given.location?.contains("notice=product_access_granted") == true)
            }
            #expect(try await ProductMemberGrant.query(on: app.db).count() == 1, "given twice, held once")
            #expect(try await bob.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "APP_ENV", "value": "prod"]).status == .seeOther)
            #expect(try await bob.post(SiteRoute.productRenewalWarranty(org, product: products.hosting.id!).path, form: ["enabled": "true"]).status == .forbidden,
                    "the grant covers the hosting's sites, not the organization's billing choices")
            let bobToken = try await Scenario.apiToken(app, email: "bob@example.test")
            #expect(try await Scenario.api(app, .PATCH, .organizationSite(org, site: site), token: bobToken, body: #"{"phpVersion":"8.2"}"#).status == .ok)

            let revoke = SiteRoute.productAccessRevoke(org, product: products.hosting.id!, member: bobMember.id!).path
            #expect(try await ana.post(revoke).status == .seeOther)
            #expect(try await ana.post(revoke).status == .seeOther, "taking it back twice is not an error")
            #expect(try await bob.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "OTHER", "value": "x"]).status == .forbidden)
            let events = try await SecurityEvent.query(on: app.db).filter(\.$kind == "product_setting_changed").all().compactMap { GrantAction.read($0.detail)?.action }
            #expect(events.filter { $0 == "product_access_granted" }.count == 1 && events.contains("product_access_revoked"))

            // Given again, then made an administrator (who needs no grant) and a plain user again: the old grant does not come back.
            try await ana.post(SiteRoute.productAccess(org, product: products.hosting.id!).path, form: ["member": bobMember.id!.uuidString])
            let role = SiteRoute.changeMemberRole(org, member: bobMember.id!).path
            #expect(try await ana.post(role, form: ["role": "administrator"]).status == .seeOther)
            #expect(try await ProductMemberGrant.query(on: app.db).count() == 0)
            #expect(try await ana.post(role, form: ["role": "user"]).status == .seeOther)
            #expect(try await bob.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "LATER", "value": "x"]).status == .forbidden)

            // Given again, then removed from the organization: a later return brings no access back.
            try await ana.post(SiteRoute.productAccess(org, product: products.hosting.id!).path, form: ["member": bobMember.id!.uuidString])
            #expect(try await ana.post(SiteRoute.removeMember(org, member: bobMember.id!).path).status == .seeOther)
            #expect(try await ProductMemberGrant.query(on: app.db).count() == 0)
        }
    }

    @Test("support staff under a grant that may change settings switch a site's option and variables; each step is shown to the customer")
    func supportGrant() async throws {
        try await withTestApp { app, _ in
            let (owner, organization, products, grant) = try await ProductSupportAccessTests.grantHosting(app, canChange: true)
            let support = try await Scenario.staff(app, role: .support)
            let productPage = try await support.get(SiteRoute.staffGrantProduct(grant.id!, product: products.hosting.id!).path).body.string
            #expect(productPage.contains(SiteRoute.staffGrantSite(grant.id!, site: products.site.id!).path))
            let page = try await support.get(SiteRoute.staffGrantSite(grant.id!, site: products.site.id!).path)
            #expect(page.status == .ok && page.body.string.contains("wxyz_mabase"))
            let asked = try await support.post(SiteRoute.staffGrantSiteSettings(grant.id!, site: products.site.id!).path, form: ["php_version": "8.4"])
            #expect(asked.body.string.contains("id=\"confirm-prefix-off\""))
            #expect(try await support.post(SiteRoute.staffGrantSiteSettings(grant.id!, site: products.site.id!).path,
                                           form: ["php_version": "8.4", "confirm": "yes"]).status == .seeOther)
            #expect(try await support.post(SiteRoute.staffGrantSiteVariables(grant.id!, site: products.site.id!).path,
                                           form: ["name": "DB_PASSWORD", "value": "hunter2-support", "secret": "on"]).status == .seeOther)
            #expect(try await HostingSite.find(products.site.id, on: app.db)?.mysqlPrefixEnabled == false)
            let settings = try await owner.get(SiteRoute.organizationSettings(organization.id!).path).body.string
            #expect(settings.contains("switched the MySQL prefix option off for “ana.example”"))
            #expect(settings.contains("added the environment variable DB_PASSWORD to “ana.example”"))
            #expect(!(try await support.get(SiteRoute.staffGrantSite(grant.id!, site: products.site.id!).path).body.string.contains("hunter2-support")))
        }
    }

    @Test("a read-only support grant shows the site and changes nothing; a grant for another product does not reach it")
    func supportReadOnly() async throws {
        try await withTestApp { app, _ in
            let (_, _, products, grant) = try await ProductSupportAccessTests.grantHosting(app, canChange: false)
            let support = try await Scenario.staff(app, role: .support)
            #expect(try await support.get(SiteRoute.staffGrantSite(grant.id!, site: products.site.id!).path).status == .ok)
            #expect(try await support.post(SiteRoute.staffGrantSiteSettings(grant.id!, site: products.site.id!).path,
                                           form: ["php_version": "8.1", "confirm": "yes"]).status == .forbidden)
            #expect(try await support.post(SiteRoute.staffGrantSiteVariables(grant.id!, site: products.site.id!).path,
                                           form: ["name": "X", "value": "y"]).status == .forbidden)
            #expect(try await HostingSite.find(products.site.id, on: app.db)?.mysqlPrefixEnabled == true)
            let bea = try await Scenario.customer(app, name: "Bea", email: "bea@example.test")
            let beas = try await Scenario.products(app, in: try await Scenario.organization(of: bea, on: app), site: "bea.example")
            #expect(try await support.get(SiteRoute.staffGrantSite(grant.id!, site: beas.site.id!).path).status == .notFound)
        }
    }
}

import Fluent
import Foundation
import KontorDomain
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Sites: environment variables (names, reserved names, limits, secrets that never come back)")
struct SiteVariablesTests {
    @Test("each rule refuses on the page with a sentence naming what is wrong, and nothing is written")
    func rules() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await ProductPagesTests.setUp(app)
            let path = SiteRoute.siteVariables(organization.id!, site: products.site.id!).path
            let cases: [([String: String], String)] = [
                (["name": "2FAST", "value": "x"], "A variable name starts with a letter or _"),
                (["name": "PATH", "value": "/tmp"], "The web server, PHP or the system sets this name"),
                (["name": "http_proxy", "value": "evil"], "The web server, PHP or the system sets this name"),
                (["name": "PHP_VALUE", "value": "x"], "The web server, PHP or the system sets this name"),
                (["name": "APP", "value": String(repeating: "x", count: 4_097)], "A value has at most 4096 bytes."),
                (["name": "APP", "value": "a\nPHP_ADMIN_VALUE=1"], "A value fits on one line"),
                (["name": String(repeating: "A", count: 129), "value": "x"], "A variable name has at most 128 characters."),
            ]
            for (form, sentence) in cases {
                let response = try await ana.post(path, form: form)
                #expect(response.status == .unprocessableEntity, "\(form["name"] ?? "")")
                #expect(response.body.string.contains(sentence), "\(form["name"] ?? ""): \(sentence)")
            }
            #expect(try await SiteEnvironmentVariable.query(on: app.db).count() == 0)
            // Each error names its field: the banner stands above the whole form.
            let blank = try await ana.post(path, form: ["name": "", "value": ""]).body.string
            #expect(blank.contains("Name: This field is required."), "the field is named")
            // What was typed comes back in the form; a value marked secret does not come back in the page.
            let kept = try await ana.post(path, form: ["name": "PATH", "value": "/opt/app/bin"]).body.string
            #expect(kept.contains("value=\"PATH\"") && kept.contains("value=\"/opt/app/bin\""))
            let secret = try await ana.post(path, form: ["name": "PATH", "value": "s3cr3t-token", "secret": "on"]).body.string
            #expect(secret.contains("value=\"PATH\"") && !secret.contains("s3cr3t-token"))
        }
    }

    @Test("a site holds 50 variables; the 51st is refused, and a name exists once (409)")
    func limits() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await ProductPagesTests.setUp(app)
            let store = SiteVariables(db: app.db, secretKey: app.kontor.config.secretKey)
            for index in 0..<50 {
                _ = try await store.add(to: products.site.id!, name: "VAR_\(index)", value: "\(index)", isSecret: false, now: Date()) { _, _ in }
            }
            let path = SiteRoute.siteVariables(organization.id!, site: products.site.id!).path
            let full = try await ana.post(path, form: ["name": "ONE_MORE", "value": "x"])
            #expect(full.status == .unprocessableEntity && full.body.string.contains("A site has at most 50 environment variables"))
            #expect(try await ana.get(SiteRoute.site(organization.id!, site: products.site.id!).path).body.string.contains("id=\"variables-full\""))
            try await store.delete(try #require(try await SiteEnvironmentVariable.query(on: app.db).filter(\.$name == "VAR_0").first()).id!, of: products.site.id!) { _, _ in }
            #expect(try await ana.post(path, form: ["name": "ONE_MORE", "value": "x"]).status == .seeOther)
            let twice = try await ana.post(path, form: ["name": "ONE_MORE", "value": "y"])
            #expect(twice.status == .conflict && twice.body.string.contains("already has a variable ONE_MORE"))
            #expect(try await SiteEnvironmentVariable.query(on: app.db).count() == 50)
        }
    }

    @Test("a secret's value is masked once saved: never in the page's HTML, never in the API's JSON, sealed in the database; it can only be replaced")
    func secrets() async throws {
        try await withTestApp { app, _ in
            let (ana, _, organization, products) = try await ProductPagesTests.setUp(app)
            let org = organization.id!, site = products.site.id!
            let secret = "s3cr3t-Value-4711"
            #expect(try await ana.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "DB_PASSWORD", "value": secret, "secret": "on"]).status == .seeOther)
            #expect(try await ana.post(SiteRoute.siteVariables(org, site: site).path, form: ["name": "APP_ENV", "value": "production"]).status == .seeOther)
            let stored = try #require(try await SiteEnvironmentVariable.query(on: app.db).filter(\.$name == "DB_PASSWORD").first())
            #expect(stored.value == nil && stored.sealedValue?.contains(secret) == false && stored.isSecret)
            #expect(try SiteVariables(db: app.db, secretKey: app.kontor.config.secretKey).deployableValue(of: stored) == secret, "the hosting still gets it")

            let html = try await ana.get(SiteRoute.site(org, site: site).path).body.string
            #expect(!html.contains(secret) && html.contains("value=\"production\"") && html.contains("id=\"value-DB_PASSWORD\" name=\"value\" type=\"password\""))
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let list = try await Scenario.api(app, .GET, .organizationSiteVariables(org, site: site), token: token)
            #expect(list.status == .ok && !list.body.string.contains(secret))
            let one = try await Scenario.api(app, .GET, .organizationSiteVariable(org, site: site, variable: stored.id!), token: token)
            #expect(!one.body.string.contains(secret) && !one.body.string.contains("\"value\""))

            // Saved with the field left empty: unchanged. Made public without a new value: refused, never revealed.
            let edit = SiteRoute.siteVariable(org, site: site, variable: stored.id!).path
            #expect(try await ana.post(edit, form: ["value": "", "secret": "on", "version": "1"]).status == .seeOther)
            let reveal = try await ana.post(edit, form: ["value": "", "version": "1"])
            #expect(reveal.status == .unprocessableEntity && !reveal.body.string.contains(secret))
            let apiReveal = try await Scenario.api(app, .PATCH, .organizationSiteVariable(org, site: site, variable: stored.id!), token: token, body: #"{"isSecret":false}"#)
            #expect(apiReveal.status == .unprocessableEntity && !apiReveal.body.string.contains(secret))
            let replaced = try await Scenario.api(app, .PATCH, .organizationSiteVariable(org, site: site, variable: stored.id!), token: token,
                                                  body: #"{"value":"new-secret-0815"}"#)
            #expect(replaced.status == .ok && !replaced.body.string.contains("new-secret-0815"))
            let after = try #require(try await SiteEnvironmentVariable.find(stored.id, on: app.db))
            #expect(try SiteVariables(db: app.db, secretKey: app.kontor.config.secretKey).deployableValue(of: after) == "new-secret-0815" && after.version == 2)
            let created = try await Scenario.api(app, .POST, .organizationSiteVariables(org, site: site), token: token,
                                                 body: #"{"name":"API_KEY","value":"api-secret-42","isSecret":true}"#)
            #expect(created.status == .created && !created.body.string.contains("api-secret-42"))
            let events = try await SecurityEvent.query(on: app.db).all().map(\.detail).joined()
            #expect(!events.contains(secret) && !events.contains("api-secret-42"), "values never reach the security log")
        }
    }

    @Test("the API edits, then deletes idempotently; an edit from an older version is a 409 naming the variable")
    func apiLifecycle() async throws {
        try await withTestApp { app, _ in
            let (_, _, organization, products) = try await ProductPagesTests.setUp(app)
            let org = organization.id!, site = products.site.id!
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let created = try await Scenario.api(app, .POST, .organizationSiteVariables(org, site: site), token: token, body: #"{"name":"APP_ENV","value":"staging"}"#)
            let variable = try created.content.decode(APIModels.EnvironmentVariable.self)
            #expect(variable.value == "staging" && variable.version == 1)
            let route = APIRoute.organizationSiteVariable(org, site: site, variable: variable.id)
            #expect(try await Scenario.api(app, .PATCH, route, token: token, body: #"{"value":"production","version":1}"#).status == .ok)
            // A field left out keeps what the variable has: nothing to change is no error, and changes nothing.
            for body in [#"{}"#, #"{"isSecret":false}"#, #"{"version":2}"#] {
                let kept = try await Scenario.api(app, .PATCH, route, token: token, body: body)
                #expect(kept.status == .ok, "\(body): \(kept.status)")
                let unchanged = try kept.content.decode(APIModels.EnvironmentVariable.self)
                #expect(unchanged.value == "production" && unchanged.version == 2, "\(body)")
            }
            let stale = try await Scenario.api(app, .PATCH, route, token: token, body: #"{"value":"other","version":1}"#)
            let staleError = try Scenario.apiError(stale)
            #expect(stale.status == .conflict && staleError.message.contains("APP_ENV") && staleError.code == "changed_meanwhile")
            let reserved = try await Scenario.api(app, .POST, .organizationSiteVariables(org, site: site), token: token, body: #"{"name":"DOCUMENT_ROOT","value":"/"}"#)
            let reservedField = try Scenario.apiError(reserved).fields?.first?.field
            #expect(reserved.status == .unprocessableEntity && reservedField == "name")
            #expect(try await Scenario.api(app, .DELETE, route, token: token).status == .noContent)
            #expect(try await Scenario.api(app, .DELETE, route, token: token).status == .noContent, "deleting again is not an error")
            #expect(try await Scenario.api(app, .GET, route, token: token).status == .notFound)
            let sites = try await Scenario.api(app, .GET, .organizationSites(org), token: token).content.decode(APIModels.List<APIModels.Site>.self).items
            #expect(sites.map(\.domainName) == ["ana.example"])
            #expect(sites[0].mysqlNames.map(\.withOptionOff) == ["wxyz_mabase", "wxyz_monuser"] && sites[0].mysqlPrefix?.switchingOffRecommended == true)
            let off = try await Scenario.api(app, .PATCH, .organizationSite(org, site: site), token: token, body: #"{"mysqlPrefix":false}"#)
            #expect(try off.content.decode(APIModels.Site.self).mysqlPrefix?.enabled == false)
            let badVersion = try await Scenario.api(app, .PATCH, .organizationSite(org, site: site), token: token, body: #"{"phpVersion":"4.4"}"#)
            let badField = try Scenario.apiError(badVersion).fields?.first?.field
            #expect(badVersion.status == .unprocessableEntity && badField == "phpVersion")
        }
    }
}

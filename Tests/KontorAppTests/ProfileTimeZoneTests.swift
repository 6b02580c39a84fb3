import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import Testing
import Vapor
import VaporTesting

@Suite("Times are shown in the customer's time zone, chosen in the profile, else the provider's")
struct ProfileTimeZoneTests {
    static func formatted(_ date: Date, in zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        return formatter.string(from: date)
    }

    @Test("the sessions page shows the provider's time, then the zone the customer chose; a renewal day stays the same day anywhere")
    func sessionsPage() async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let product = try await Scenario.product(app, .domain, "ana.example", in: org)
            let session = try #require(try await AuthSession.query(on: app.db).sort(\.$lastSeenAt, .descending).first())
            let provider = app.kontor.config.billing.timeZone.identifier
            let before = try await browser.get(SiteRoute.sessions.path).body.string
            #expect(before.contains(Self.formatted(session.lastSeenAt, in: provider)), "the provider's time, with its zone")

            let form = try await browser.get(SiteRoute.profile.path).body.string
            #expect(form.contains("id=\"time_zone\"") && form.contains("time (\(provider))"))
            let saved = try await browser.post(SiteRoute.profile.path, form: ["name": "Ana", "language": "en", "time_zone": "Pacific/Pago_Pago"])
            #expect(saved.status == .seeOther)
            let after = try await browser.get(SiteRoute.sessions.path).body.string
            let seen = try #require(try await AuthSession.find(session.id, on: app.db)).lastSeenAt
            #expect(after.contains(Self.formatted(seen, in: "Pacific/Pago_Pago")))
            let list = try await browser.get(SiteRoute.organizationProducts(org).path).body.string
            #expect(list.contains(product.expiresOn), "a renewal day is a calendar day: eleven hours west it is still \(product.expiresOn)")

            let refused = try await browser.post(SiteRoute.profile.path, form: ["name": "Ana", "language": "en", "time_zone": "Mars/Olympus_Mons"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Choose one of the time zones in the list."))
            #expect(try await User.find(email: "ana@example.test", on: app.db)?.timeZone == "Pacific/Pago_Pago", "a refusal changes nothing")
            _ = try await browser.post(SiteRoute.profile.path, form: ["name": "Ana", "language": "en", "time_zone": ""])
            #expect(try await User.find(email: "ana@example.test", on: app.db)?.timeZone == nil, "back to the provider's")
        }
    }

    @Test("days and times are written as the reader's language writes them, on every page alike", arguments: [
        ("de", "dd.MM.yyyy"), ("it", "dd.MM.yyyy"), ("fr", "dd/MM/yyyy"), ("es", "dd/MM/yyyy"), ("en", "yyyy-MM-dd"),
    ])
    func datesInTheReadersLanguage(language: String, dayFormat: String) async throws {
        try await withTestApp { app, _ in
            let (organization, browser) = try await Scenario.orderingCustomer(app)
            let org = try organization.requireID()
            let product = try await Scenario.product(app, .domain, "ana.example", in: org)
            _ = try await browser.post(SiteRoute.profile.path, form: ["name": "Ana", "language": language, "time_zone": "Europe/Zurich"])
            let utc = DateFormatter(), zurich = DateFormatter()
            for (formatter, zone) in [(utc, "UTC"), (zurich, "Europe/Zurich")] {
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = TimeZone(identifier: zone)
            }
            utc.dateFormat = dayFormat
            let renewal = utc.string(from: product.renewsAt)
            let products = try await browser.get(SiteRoute.organizationProducts(org).path).body.string
            #expect(products.contains(renewal), "the products list (written in Swift)")
            let console = try await browser.get(SiteRoute.console.path).body.string
            #expect(console.contains(renewal), "the console (a template)")
            let sessions = try await browser.get(SiteRoute.sessions.path).body.string
            let seen = try #require(try await AuthSession.query(on: app.db).sort(\.$lastSeenAt, .descending).first()).lastSeenAt
            zurich.dateFormat = dayFormat + " HH:mm zzz"
            #expect(sessions.contains(zurich.string(from: seen)), "a moment: the day as above, the time and the zone")
            if language != "en" {
                utc.dateFormat = "yyyy-MM-dd"
                #expect(!products.contains(utc.string(from: product.renewsAt)) && !console.contains(utc.string(from: product.renewsAt)),
                        "no ISO day left beside the reader's")
            }
        }
    }

    @Test("the API reads and sets the zone; an unknown one is a 422 naming timeZone")
    func api() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let token = try await Scenario.apiToken(app, email: "ana@example.test")
            let bad = try await Scenario.api(app, .PATCH, .me, token: token, body: #"{"timeZone":"Nowhere/Land"}"#)
            #expect(bad.status == .unprocessableEntity && (try? Scenario.apiFields(bad)) == ["timeZone"])
            let good = try await Scenario.api(app, .PATCH, .me, token: token, body: #"{"timeZone":"Europe/Rome"}"#)
            #expect(good.status == .ok)
            #expect(try good.content.decode(APIModels.Me.self).timeZone == "Europe/Rome")
            let unchanged = try await Scenario.api(app, .PATCH, .me, token: token, body: #"{"name":"Ana B"}"#)
            #expect(try unchanged.content.decode(APIModels.Me.self).timeZone == "Europe/Rome", "left out, it stays")
        }
    }
}

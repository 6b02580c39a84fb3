import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Operations: health, metrics, configuration")
struct SystemTests {
    @Test("health reports the database")
    func health() async throws {
        try await withTestApp { app, _ in
            let response = try await app.testing().sendRequest(.GET, "/health")
            #expect(response.status == .ok)
            #expect(try response.content.decode(SystemController.Health.self).database == "ok")
        }
    }

    @Test("metrics speak the Prometheus text format and count requests, for whoever sends the metrics token")
    func metrics() async throws {
        let token = "scrape-" + String(repeating: "7", count: 24)
        try await withTestApp(configure: { $0.metricsToken = token }) { app, _ in
            _ = try await app.testing().sendRequest(.GET, "/sign-in")
            let response = try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer \(token)"])
            #expect(response.status == .ok)
            #expect(response.body.string.contains("# TYPE kontor_http_requests_total counter"))
            #expect(response.body.string.contains("route=\"/sign-in\""))
            for headers: HTTPHeaders in [[:], ["Authorization": "Bearer wrong-token-of-some-length"], ["Authorization": "Basic \(token)"]] {
                let refused = try await app.testing().sendRequest(.GET, "/metrics", headers: headers)
                #expect(refused.status == .notFound && !refused.body.string.contains("kontor_http_requests_total"))
            }
        }
    }

    @Test("without a metrics token, /metrics answers a scraper connected directly over loopback, not a request a proxy forwarded, nor a trusted proxy")
    func metricsWithoutToken() async throws {
        try await withTestApp { app, _ in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let url = URI(string: "http://127.0.0.1:\(port)/metrics")
            let direct = try await app.client.get(url)
            let forwarded = try await app.client.get(url, headers: ["X-Forwarded-For": "198.51.100.7"])
            let rfc7239 = try await app.client.get(url, headers: ["Forwarded": "for=198.51.100.7"])
            await app.server.shutdown()
            #expect(direct.status == .ok)
            #expect(forwarded.status == .notFound && rfc7239.status == .notFound)
        }
        // Where loopback is the reverse proxy, a request without a forwarding header may still be the internet's.
        try await withTestApp(configure: { $0.trustedProxies = try! TrustedProxies.parse("127.0.0.1").get() }) { app, _ in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let response = try await app.client.get(URI(string: "http://127.0.0.1:\(port)/metrics"))
            await app.server.shutdown()
            #expect(response.status == .notFound)
        }
    }

    @Test("only pages set cookies on a visitor (the form token, the language chosen): not /health, /metrics or the API")
    func formTokenCookieOnlyForPages() async throws {
        try await withTestApp { app, _ in
            for path in ["/health", "/metrics", "/api/v1/help/search?lang=en&q=password"] {
                let response = try await app.testing().sendRequest(.GET, path)
                #expect(response.headers[.setCookie].isEmpty, "\(path): \(response.headers[.setCookie])")
            }
            let page = try await app.testing().sendRequest(.GET, "/sign-in")
            #expect(page.headers[.setCookie].contains { $0.contains("csrf") }, "the sign-in form needs its token")
        }
    }

    @Test("a metrics token too short to be secret stops Kontor with a line naming it")
    func metricsTokenConfiguration() throws {
        do {
            _ = try AppConfig.load(environment: ["KONTOR_METRICS_TOKEN": "secret", "KONTOR_SECRET_KEY": String(repeating: "ab", count: 32)],
                                   dotEnvPath: nil, isProduction: false)
            Issue.record("a six-character token was accepted")
        } catch let error as ConfigurationError {
            #expect(error.variable == "KONTOR_METRICS_TOKEN")
        }
    }

    @Test("a bad configuration value names the variable", arguments: [
        (["KONTOR_PORT": "eighty"], "KONTOR_PORT"),
        (["KONTOR_PORT": "70000"], "KONTOR_PORT"),
        (["KONTOR_DATABASE_CONNECTIONS": "0"], "KONTOR_DATABASE_CONNECTIONS"),
        (["DATABASE_URL": "mysql://x"], "DATABASE_URL"),
        (["KONTOR_SECRET_KEY": "short"], "KONTOR_SECRET_KEY"),
        (["KONTOR_PUBLIC_URL": "ftp://x"], "KONTOR_PUBLIC_URL"),
        (["KONTOR_SECURE_COOKIES": "maybe"], "KONTOR_SECURE_COOKIES"),
        (["KONTOR_DEFAULT_LANGUAGE": "pt"], "KONTOR_DEFAULT_LANGUAGE"),
        (["KONTOR_PROVIDER_COUNTRY": "Switzerland"], "KONTOR_PROVIDER_COUNTRY"),
        (["DATABASE_URL": "postgres://u:p@localhost/db"], "KONTOR_SECRET_KEY"),
    ])
    func badConfiguration(environment: [String: String], variable: String) {
        var env = environment
        if env["KONTOR_SECRET_KEY"] == nil && variable != "KONTOR_SECRET_KEY" { env["KONTOR_SECRET_KEY"] = String(repeating: "ab", count: 32) }
        #expect(throws: ConfigurationError.self) { try AppConfig.load(environment: env, dotEnvPath: nil, isProduction: false) }
        do {
            _ = try AppConfig.load(environment: env, dotEnvPath: nil, isProduction: false)
        } catch let error as ConfigurationError {
            #expect(error.variable == variable)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("production requires a secret key; defaults are safe for development")
    func defaults() throws {
        #expect(throws: ConfigurationError.self) { try AppConfig.load(environment: [:], dotEnvPath: nil, isProduction: true) }
        let config = try AppConfig.load(environment: ["KONTOR_SECRET_KEY": String(repeating: "0f", count: 32)], dotEnvPath: nil, isProduction: false)
        #expect(config.database == .sqlite(path: "kontor.sqlite"))
        #expect(config.port == 8080 && config.hostname == "127.0.0.1")
        #expect(!config.secureCookies && config.smtp == nil)
        let https = try AppConfig.load(environment: ["KONTOR_SECRET_KEY": String(repeating: "0f", count: 32), "KONTOR_PUBLIC_URL": "https://console.example.ch"]
                                        .merging(BillingConfigurationTests.productionCreditor) { $1 }, dotEnvPath: nil, isProduction: true)
        #expect(https.secureCookies)
    }

    @Test(".env fills gaps, the environment wins")
    func dotEnv() {
        let parsed = AppConfig.parseDotEnv("# comment\nKONTOR_PORT=9000\nSMTP_FROM=\"Kontor <k@example.ch>\"\n")
        #expect(parsed == ["KONTOR_PORT": "9000", "SMTP_FROM": "Kontor <k@example.ch>"])
    }

    @Test("an error page is headed by a sentence in the reader's language, not by its status code, and says no field names")
    func errorPages() async throws {
        try await withTestApp { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            let ana = try await Scenario.signedIn(app, email: "ana@example.test")
            let missing = try await ana.get(SiteRoute.organizationProducts(UUID()).path)
            #expect(missing.status == .notFound)
            let html = missing.body.string
            #expect(html.contains("<h1 id=\"error-headline\">Page not found</h1>") && html.contains("<title>Page not found · "))
            #expect(html.contains("Error code 404") && !html.contains("<h1>404</h1>"))
            let spanish = try await ana.get(SiteRoute.organizationProducts(UUID()).path + "?lang=es").body.string
            #expect(spanish.contains("<h1 id=\"error-headline\">Página no encontrada</h1>") && spanish.contains("Código de error 404"))
        }
    }
}

import Fluent
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

@Suite("Behind a reverse proxy: the real client's address, believed only from trusted proxies")
struct TrustedProxiesTests {
    static let proxies = try! TrustedProxies.parse("10.0.0.0/8, 192.0.2.7, fd00::/8").get()

    @Test("forwarding headers are read only when the connection comes from a trusted proxy, from the right")
    func resolution() {
        let forwarded: HTTPHeaders = ["X-Forwarded-For": "198.51.100.9, 203.0.113.5, 10.1.2.3"]
        #expect(Self.proxies.client(peer: "10.0.0.1", headers: forwarded) == "203.0.113.5", "the spoofable left part is skipped")
        #expect(Self.proxies.client(peer: "203.0.113.99", headers: forwarded) == "203.0.113.99", "an untrusted peer's header is ignored")
        #expect(TrustedProxies.none.client(peer: "10.0.0.1", headers: forwarded) == "10.0.0.1", "nothing trusted without configuration")
        var rfc7239Proxies = Self.proxies
        rfc7239Proxies.header = .forwarded
        let rfc7239: HTTPHeaders = ["Forwarded": "for=198.51.100.17;proto=https, for=\"[2001:db8::cafe]:4711\""]
        #expect(rfc7239Proxies.client(peer: "192.0.2.7", headers: rfc7239) == "2001:db8::cafe")
        #expect(rfc7239Proxies.client(peer: "192.0.2.7", headers: ["Forwarded": "for=198.51.100.17, proto=https"]) == "192.0.2.7",
                "a hop that names nobody ends the reading: what the client wrote left of it is not believed")
        #expect(Self.proxies.client(peer: "fd12::1", headers: ["X-Forwarded-For": "203.0.113.5:51000"]) == "203.0.113.5")
        #expect(Self.proxies.client(peer: "10.0.0.1", headers: ["X-Forwarded-For": "not-an-address"]) == "10.0.0.1")
        #expect(Self.proxies.client(peer: "10.0.0.1", headers: [:]) == "10.0.0.1")
    }

    @Test("only the header the proxy writes is read: a client's own Forwarded beside the proxy's X-Forwarded-For names nobody, and the other way round")
    func onlyTheProxysHeader() {
        let spoofed: HTTPHeaders = ["Forwarded": "for=6.6.6.6", "X-Forwarded-For": "203.0.113.77"]
        #expect(Self.proxies.client(peer: "10.0.0.1", headers: spoofed) == "203.0.113.77")
        var rfc7239Proxies = Self.proxies
        rfc7239Proxies.header = .forwarded
        let other: HTTPHeaders = ["Forwarded": "for=203.0.113.77", "X-Forwarded-For": "6.6.6.6"]
        #expect(rfc7239Proxies.client(peer: "10.0.0.1", headers: other) == "203.0.113.77")
        #expect(rfc7239Proxies.client(peer: "10.0.0.1", headers: ["X-Forwarded-For": "6.6.6.6"]) == "10.0.0.1",
                "a proxy that writes Forwarded and did not: the connection's address, not the client's header")
    }

    @Test("a bad KONTOR_TRUSTED_PROXIES entry stops Kontor with a line naming it")
    func configuration() throws {
        #expect(throws: ConfigurationError.self) {
            _ = try AppConfig.load(environment: ["KONTOR_TRUSTED_PROXIES": "10.0.0.0/33", "KONTOR_SECRET_KEY": String(repeating: "ab", count: 32)],
                                   dotEnvPath: nil, isProduction: false)
        }
        let config = try AppConfig.load(environment: ["KONTOR_TRUSTED_PROXIES": "127.0.0.1, ::1", "KONTOR_SECRET_KEY": String(repeating: "ab", count: 32)],
                                        dotEnvPath: nil, isProduction: false)
        #expect(config.trustedProxies.trusts("127.0.0.1") && config.trustedProxies.trusts("::1") && !config.trustedProxies.trusts("127.0.0.2"))
        #expect(config.trustedProxies.header == .xForwardedFor, "what nginx, HAProxy, Traefik, Caddy and cloud balancers write")
        let rfc = try AppConfig.load(environment: ["KONTOR_TRUSTED_PROXIES": "127.0.0.1", "KONTOR_TRUSTED_PROXY_HEADER": "Forwarded",
                                                   "KONTOR_SECRET_KEY": String(repeating: "ab", count: 32)], dotEnvPath: nil, isProduction: false)
        #expect(rfc.trustedProxies.header == .forwarded)
        do {
            _ = try AppConfig.load(environment: ["KONTOR_TRUSTED_PROXY_HEADER": "X-Real-IP", "KONTOR_SECRET_KEY": String(repeating: "ab", count: 32)],
                                   dotEnvPath: nil, isProduction: false)
            Issue.record("an unknown header was accepted")
        } catch let error as ConfigurationError {
            #expect(error.variable == "KONTOR_TRUSTED_PROXY_HEADER" && error.description.contains("X-Real-IP"))
        }
    }

    @Test("through a real connection from a trusted proxy, the security log names the client and each client has its own limit, whatever Forwarded header the client adds")
    func overTheWire() async throws {
        try await withTestApp(configure: { $0.trustedProxies = try! TrustedProxies.parse("127.0.0.1").get() }) { app, _ in
            try await Scenario.customer(app, name: "Ana", email: "ana@example.test")
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            func signIn(from client: String) async throws -> (status: UInt, retryAfter: Int?) {
                let response = try await app.client.post(URI(string: "http://127.0.0.1:\(port)/api/v1/sessions"),
                                                         headers: ["X-Forwarded-For": client, "Content-Type": "application/json",
                                                                   "Forwarded": "for=198.51.100.\(Int.random(in: 1...250))"]) { request in
                    try request.content.encode(["email": "ana@example.test", "password": "wrong password"])
                }
                return (response.status.code, response.headers.first(name: .retryAfter).flatMap(Int.init))
            }
            var first: [(status: UInt, retryAfter: Int?)] = []
            for _ in 0..<11 { first.append(try await signIn(from: "203.0.113.5")) }
            let other = try await signIn(from: "198.51.100.9")
            await app.server.shutdown()
            #expect(first.prefix(10).allSatisfy { $0.status == 401 } && first.last?.status == 429)
            #expect((first.last?.retryAfter ?? 0) > 600, "the guessing address waits for its window (15 minutes)")
            // Another client is only under the account's short, growing delay, not the first client's window.
            #expect(other.status == 401 || (other.status == 429 && (other.retryAfter ?? 999) <= 4), "\(other)")
            let addresses = Set(try await SecurityEvent.query(on: app.db).filter(\.$kind == "sign_in_failed").all().map(\.ipAddress))
            #expect(addresses.contains("203.0.113.5") && !addresses.contains("127.0.0.1"), "the security log names the client, not the proxy")
        }
    }
}

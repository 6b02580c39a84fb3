import Crypto
import Foundation
@testable import KontorApp
import KontorDomain
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

/// A real HTTP server standing in for the provider's SMS gateway: it records what it is sent.
final class SMSGatewayStub: @unchecked Sendable {
    struct Received: Sendable {
        let headers: HTTPHeaders
        let body: Data
    }
    private let received = NIOLockedValueBox<[Received]>([])
    let status: HTTPResponseStatus

    init(status: HTTPResponseStatus = .accepted) { self.status = status }

    var messages: [Received] { received.withLockedValue { $0 } }

    /// Runs `body` with the gateway listening on 127.0.0.1 and its URL.
    func run(_ body: (URL) async throws -> Void) async throws {
        let server = try await Application.make(.testing)
        server.http.server.configuration.hostname = "127.0.0.1"
        server.http.server.configuration.port = 0
        server.post("sms") { [self] request -> Response in
            received.withLockedValue { $0.append(Received(headers: request.headers, body: Data(buffer: request.body.data ?? ByteBuffer()))) }
            return Response(status: status)
        }
        do {
            try await server.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(server.http.server.shared.localAddress?.port)
            try await body(URL(string: "http://127.0.0.1:\(port)/sms")!)
        } catch {
            await server.server.shutdown()
            try? await server.asyncShutdown()
            throw error
        }
        await server.server.shutdown()
        try await server.asyncShutdown()
    }
}

@Suite("The SMS webhook transport posts the documented JSON, signed, to the configured URL")
struct SMSWebhookTests {
    @Test("the body is the documented JSON and X-Kontor-Signature is the HMAC-SHA-256 of it")
    func postsSignedJSON() async throws {
        let gateway = SMSGatewayStub()
        try await gateway.run { url in
            try await withTestApp { app, clock in
                let sender = WebhookSMSSender(url: url, secret: "gateway-secret", client: VaporHTTPPoster(client: app.client))
                let message = SMSMessage(id: UUID(), to: "+41791234567", text: "123456 is your code", purpose: "sign_in", createdAt: clock.now)
                try await sender.send(message)
                let received = try #require(gateway.messages.first)
                #expect(received.headers.contentType == .json)
                let json = try #require(try JSONSerialization.jsonObject(with: received.body) as? [String: Any])
                #expect(Set(json.keys) == ["id", "to", "text", "purpose", "createdAt"])
                #expect(json["to"] as? String == "+41791234567" && json["purpose"] as? String == "sign_in")
                #expect((json["createdAt"] as? String)?.hasSuffix("Z") == true, "ISO 8601 in UTC")
                let expected = "sha256=" + HMAC<SHA256>.authenticationCode(for: received.body, using: SymmetricKey(data: Data("gateway-secret".utf8)))
                    .map { String(format: "%02x", $0) }.joined()
                #expect(received.headers.first(name: WebhookSMSSender.signatureHeader) == expected)
            }
        }
    }

    @Test("an answer other than 2xx is a failed delivery")
    func refusedIsAnError() async throws {
        let gateway = SMSGatewayStub(status: .serviceUnavailable)
        try await gateway.run { url in
            try await withTestApp { app, clock in
                let sender = WebhookSMSSender(url: url, secret: nil, client: VaporHTTPPoster(client: app.client))
                await #expect(throws: SMSDeliveryError.self) {
                    try await sender.send(SMSMessage(id: UUID(), to: "+41791234567", text: "x", purpose: "sign_in", createdAt: clock.now))
                }
                #expect(gateway.messages.first?.headers.first(name: WebhookSMSSender.signatureHeader) == nil, "no secret, no signature")
            }
        }
    }

    @Test("in production without a transport, an SMS is refused instead of written with its code to the log")
    func productionLogRefuses() async throws {
        var config = AppConfig.testing(database: .sqlite(path: "/dev/null"))
        config.isProduction = true
        let sender = config.makeSMSSender(client: NoHTTP())
        await #expect(throws: SMSDeliveryError.self) {
            try await sender.send(SMSMessage(id: UUID(), to: "+41791234567", text: "123456", purpose: "sign_in", createdAt: Date()))
        }
        config.isProduction = false
        try await config.makeSMSSender(client: NoHTTP())
            .send(SMSMessage(id: UUID(), to: "+41791234567", text: "123456", purpose: "sign_in", createdAt: Date()))
    }

    /// A poster that must not be reached.
    struct NoHTTP: HTTPPoster {
        func post(url: URL, headers: [(String, String)], body: Data) async throws -> Int {
            Issue.record("no HTTP call expected")
            return 500
        }
    }

    @Test("configuration: KONTOR_SMS_WEBHOOK_URL selects the webhook; a bad URL or a secret shorter than 16 characters stops the start, naming the variable")
    func configuration() throws {
        let secret = "4f1c9e2a7b3d8e6f0a5c"
        let webhook = try AppConfig.load(environment: ["KONTOR_SMS_WEBHOOK_URL": "https://sms.example.net/send", "KONTOR_SMS_WEBHOOK_SECRET": secret],
                                         dotEnvPath: nil, isProduction: false)
        #expect(webhook.sms == .webhook(url: URL(string: "https://sms.example.net/send")!, secret: secret))
        do {
            _ = try AppConfig.load(environment: ["KONTOR_SMS_WEBHOOK_URL": "https://sms.example.net/send", "KONTOR_SMS_WEBHOOK_SECRET": "s"],
                                   dotEnvPath: nil, isProduction: false)
            Issue.record("a one-letter secret is refused")
        } catch let error as ConfigurationError {
            #expect(error.variable == "KONTOR_SMS_WEBHOOK_SECRET")
        }
        #expect(try AppConfig.load(environment: [:], dotEnvPath: nil, isProduction: false).sms == .log)
        #expect(try AppConfig.load(environment: ["KONTOR_SMS_FILE": "/tmp/sms.jsonl"], dotEnvPath: nil, isProduction: false).sms == .file(path: "/tmp/sms.jsonl"))
        #expect(throws: ConfigurationError.self) {
            try AppConfig.load(environment: ["KONTOR_SMS_WEBHOOK_URL": "ftp://x"], dotEnvPath: nil, isProduction: false)
        }
        do {
            _ = try AppConfig.load(environment: ["KONTOR_SMS_WEBHOOK_URL": "http://sms.example.net/send", "KONTOR_SECRET_KEY": String(repeating: "ab", count: 32)],
                                   dotEnvPath: nil, isProduction: true)
            Issue.record("plain http to another host is refused in production")
        } catch let error as ConfigurationError {
            #expect(error.variable == "KONTOR_SMS_WEBHOOK_URL")
        }
    }
}

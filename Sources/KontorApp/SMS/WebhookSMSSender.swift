import Crypto
import Foundation
import KontorDomain

/// Posts a JSON body somewhere and reports the HTTP status; Vapor's client in the app, so this file stays
/// free of a particular HTTP library.
protocol HTTPPoster: Sendable {
    func post(url: URL, headers: [(String, String)], body: Data) async throws -> Int
}

/// Production delivery: each message is POSTed as JSON to the configured URL, where the provider's SMS gateway
/// (or a small adapter in front of it) sends it. With a secret, `X-Kontor-Signature: sha256=<hex>` carries the
/// HMAC-SHA-256 of the exact body, so the receiver can refuse forged requests. Any 2xx answer is success.
struct WebhookSMSSender: SMSSender {
    let url: URL
    let secret: String?
    let client: any HTTPPoster

    static let signatureHeader = "X-Kontor-Signature"

    func send(_ message: SMSMessage) async throws {
        let body = try SMSMessage.encoder.encode(message)
        var headers = [("Content-Type", "application/json"), ("User-Agent", "Kontor SMS webhook")]
        if let secret {
            headers.append((Self.signatureHeader, Self.signature(of: body, secret: secret)))
        }
        let status = try await client.post(url: url, headers: headers, body: body)
        guard (200..<300).contains(status) else {
            throw SMSDeliveryError(description: "SMS webhook \(url.host ?? "") answered HTTP \(status)")
        }
    }

    /// `sha256=` and the lowercase hex HMAC-SHA-256 of `body` under `secret`.
    static func signature(of body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Hex.encode(mac)
    }
}

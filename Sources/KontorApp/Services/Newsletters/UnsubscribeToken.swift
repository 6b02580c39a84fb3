import Crypto
import Foundation

/// The token in a newsletter's one-click unsubscribe link (RFC 8058): the user and topic, signed with
/// HMAC-SHA256 under the secret key. Mail providers POST to it without cookies, so the signature is the
/// whole authorisation: it can unsubscribe that one user from that one topic, nothing else.
struct UnsubscribeToken: Equatable {
    let userID: UUID
    let topicID: UUID

    func signed(key: [UInt8]) -> String {
        let payload = userID.uuidString + "." + topicID.uuidString
        return payload + "." + Self.signature(payload, key: key)
    }

    static func verify(_ token: String, key: [UInt8]) -> UnsubscribeToken? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let user = UUID(uuidString: parts[0]), let topic = UUID(uuidString: parts[1]),
              SecretToken.constantTimeEquals(signature(parts[0] + "." + parts[1], key: key), parts[2]) else { return nil }
        return UnsubscribeToken(userID: user, topicID: topic)
    }

    private static func signature(_ payload: String, key: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("unsubscribe|" + payload).utf8), using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

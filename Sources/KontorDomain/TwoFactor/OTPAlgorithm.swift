import Crypto

/// The HMAC hash behind a one-time password (RFC 6238 §1.2). Authenticator apps are given SHA-1.
public enum OTPAlgorithm: String, Sendable, CaseIterable, Codable {
    /// HMAC-SHA-1, the RFC 4226 default and what authenticator apps implement everywhere.
    case sha1 = "SHA1"
    /// HMAC-SHA-256.
    case sha256 = "SHA256"
    /// HMAC-SHA-512.
    case sha512 = "SHA512"

    /// The HMAC of `message` under `key` with this hash.
    func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch self {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
    }
}

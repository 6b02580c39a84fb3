import Crypto
import Foundation
import KontorDomain

/// HMAC-SHA256 under a key of its own, derived with HKDF from the configured secret key for one `purpose`: the stored
/// form of a secret that is only ever compared (staff API tokens, SMS codes, a password among a form's compared values),
/// so a database dump alone neither reveals it nor lets it be checked offline. The purpose is part of what is stored:
/// changing it makes every stored hash stop matching.
struct KeyedHash: Sendable {
    private let key: SymmetricKey

    init(secretKey: [UInt8], purpose: String) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secretKey), info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// The HMAC of `value`'s UTF-8, as bytes.
    func bytes(_ value: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key))
    }

    /// Hex of the HMAC of `value`'s UTF-8.
    func hex(_ value: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key))
    }
}

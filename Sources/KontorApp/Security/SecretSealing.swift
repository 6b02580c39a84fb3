import Crypto
import Foundation

/// Seals small secrets (TOTP keys) for storage: AES-256-GCM under a key derived with HKDF from the configured
/// secret key (which lives outside the database), so a database dump alone does not reveal them.
struct SecretSealing: Sendable {
    private let key: SymmetricKey

    init(secretKey: [UInt8], purpose: String) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secretKey), info: Data(purpose.utf8), outputByteCount: 32)
    }

    func seal(_ plaintext: [UInt8]) throws -> String {
        guard let combined = try AES.GCM.seal(plaintext, using: key).combined else { throw SealingError.failed }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: sealed) else { throw SealingError.failed }
        return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key))
    }

    /// Seals larger binary data (identity documents): nonce, ciphertext and tag in one blob.
    func sealData(_ plaintext: [UInt8]) throws -> Data {
        guard let combined = try AES.GCM.seal(plaintext, using: key).combined else { throw SealingError.failed }
        return combined
    }

    func openData(_ sealed: Data) throws -> [UInt8] {
        Array(try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key))
    }

    enum SealingError: Error { case failed }
}

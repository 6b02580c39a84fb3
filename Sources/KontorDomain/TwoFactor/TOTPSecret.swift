/// The shared secret of an authenticator-app factor (RFC 4226 §4 asks ≥ 128 bits and recommends 160).
///
/// Generate it with `SystemRandomNumberGenerator` (a CSPRNG) in the app; tests pass a seeded generator.
/// The app keeps it encrypted at rest (AES-GCM, key outside the database): this type knows nothing of storage.
public enum TOTPSecret {
    /// 20 bytes = 160 bits: RFC 4226's recommended length, and the size of a SHA-1 digest.
    public static let byteCount = 20

    /// A new secret of `byteCount` random bytes from `random`.
    public static func generate(using random: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &random) }
    }

    /// `secret` in base32, in groups of four separated by spaces, for a person typing it into an app by hand
    /// (`GEZD GNBV …`). Authenticator apps ignore the spaces; `Base32.decode` does too.
    public static func base32(_ secret: [UInt8]) -> String {
        var groups: [Substring] = []
        var rest = Substring(Base32.encode(secret))
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }
}

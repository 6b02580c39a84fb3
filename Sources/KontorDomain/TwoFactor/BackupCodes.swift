import Crypto

/// Single-use recovery codes shown once when two-factor authentication is switched on.
///
/// Ten codes of ten symbols from an alphabet without the look-alikes 0/O, 1/I/L, shown as `XXXXX-XXXXX`.
/// People may type them in any case, with or without the hyphen or spaces; `normalize` turns what they typed
/// into the canonical ten symbols, or nil when it cannot be a code.
///
/// Entropy: 10 × log2(31) ≈ 49.5 bits per code — just under 50 bits, and far under the 112 bits at which
/// NIST SP 800-63B and OWASP ASVS 6.5.2 let look-up secrets be stored with a plain (unsalted, fast) hash.
/// Below 112 bits they ask for a salted password hash. `keyedHash` is an HMAC-SHA-256 under a key the app
/// keeps outside the database: a stolen database alone cannot be searched, but whoever also has the key
/// can try all 2^49.5 codes offline. Online guessing is bounded by the backup-code rate limit (ASVS 2.4.1).
/// The app stores only the hash; this type knows nothing of storage.
public enum BackupCodes {
    /// The 31 symbols a code is made of: 2–9 and A–Z without I, L and O.
    public static let alphabet: [Character] = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    /// How many codes a user gets at a time.
    public static let count = 10
    /// Symbols per code, not counting the hyphen.
    public static let length = 10

    /// `count` distinct new codes in display form (`XXXXX-XXXXX`); pass `SystemRandomNumberGenerator` in the app.
    public static func generate(using random: inout some RandomNumberGenerator) -> [String] {
        var seen: Set<String> = []
        var codes: [String] = []
        while codes.count < count {
            let code = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            if seen.insert(code).inserted { codes.append(display(code)) }
        }
        return codes
    }

    /// The canonical form of a typed code — upper case, without spaces or hyphens — or nil when it is not ten
    /// symbols of the alphabet. Look-alikes are not mapped (`O` is not read as `0`): neither is in the alphabet,
    /// so a code containing one was mistyped or never issued.
    public static func normalize(_ typed: String) -> String? {
        let compact = typed.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard compact.count == length, compact.allSatisfy(alphabetSet.contains) else { return nil }
        return compact
    }

    /// A canonical code split for reading: `ABCDE-FGHJK`.
    public static func display(_ normalized: String) -> String {
        let half = normalized.count / 2
        return String(normalized.prefix(half)) + "-" + String(normalized.dropFirst(half))
    }

    /// The lower-case hex HMAC-SHA-256 of a canonical code under `key`, the value the app stores and looks up.
    public static func keyedHash(_ normalized: String, key: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(normalized.utf8), using: SymmetricKey(data: key))
        return mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }

    private static let alphabetSet = Set(alphabet)
}

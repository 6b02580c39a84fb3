import Foundation

/// HOTP (RFC 4226) and TOTP (RFC 6238) code generation. Pure: the secret, counter and time are given.
public enum OneTimePassword {
    /// The HOTP code for `counter`: HMAC over the big-endian counter, dynamic truncation, `digits` decimal digits
    /// with leading zeros kept. `digits` must be 1…10 (a 31-bit value has at most 10 digits).
    public static func hotp(secret: [UInt8], counter: UInt64, digits: Int = 6, algorithm: OTPAlgorithm = .sha1) -> String {
        precondition((1...10).contains(digits), "an OTP has 1 to 10 digits")
        let message = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64($0))) }
        let mac = algorithm.authenticationCode(for: message, key: secret)
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt64(mac[offset] & 0x7F) << 24)
            | (UInt64(mac[offset + 1]) << 16)
            | (UInt64(mac[offset + 2]) << 8)
            | UInt64(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(binary % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }

    /// The TOTP code at `time`: the HOTP code for the time step that contains `time`.
    public static func totp(
        secret: [UInt8], time: Date, step: TimeInterval = 30, digits: Int = 6, algorithm: OTPAlgorithm = .sha1
    ) -> String {
        hotp(secret: secret, counter: timeStep(time, step: step), digits: digits, algorithm: algorithm)
    }

    /// The number of whole `step`s since the Unix epoch at `time` (RFC 6238 T); 0 before the epoch.
    public static func timeStep(_ time: Date, step: TimeInterval = 30) -> UInt64 {
        precondition(step > 0, "a time step is positive")
        let steps = (time.timeIntervalSince1970 / step).rounded(.down)
        guard steps > 0 else { return 0 }
        guard steps < 18_446_744_073_709_551_616.0 else { return .max }
        return UInt64(steps)
    }
}

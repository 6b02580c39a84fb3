import Foundation

/// The rules for codes sent by SMS at sign-in (security bar "SMS codes", OWASP ASVS 2.4.1).
///
/// Six digits, dead 10 minutes after they were issued, and at most five wrong tries per sign-in attempt: the
/// sixth try is refused whatever it says, and the person starts the sign-in again.
public enum SMSCodePolicy {
    /// Digits per code.
    public static let digits = 6
    /// How long a code works after it was issued: 10 minutes.
    public static let lifetime: TimeInterval = 10 * 60
    /// Wrong tries allowed per code; a challenge with this many failures takes no more tries.
    public static let maximumFailures = 5

    /// A new code of `digits` digits, leading zeros included; pass `SystemRandomNumberGenerator` in the app.
    public static func generateCode(using random: inout some RandomNumberGenerator) -> String {
        String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }

    /// True once `lifetime` has passed since `issuedAt`: at exactly 10 minutes the code is already dead.
    public static func isExpired(issuedAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(issuedAt) >= lifetime
    }

    /// True when `failures` wrong tries have used up the allowance.
    public static func isExhausted(failures: Int) -> Bool {
        failures >= maximumFailures
    }
}

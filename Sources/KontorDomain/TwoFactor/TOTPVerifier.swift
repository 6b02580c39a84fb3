import Foundation

/// Checks a typed authenticator-app code (RFC 6238 §5.2, OWASP ASVS 6.5.1).
///
/// A code is accepted for the current time step or one step either side (clock drift and typing time), and only
/// when its step is later than the last one accepted for this factor, so a code that has been used, or an older
/// one, never works again. The caller stores the returned step atomically
/// (`UPDATE … SET last_step = :step WHERE id = :id AND (last_step IS NULL OR last_step < :step)`) and treats
/// an update of zero rows as a rejection: that closes the race between two requests sending the same code.
public struct TOTPVerifier: Sendable, Equatable {
    /// Codes have exactly this many digits.
    public static let digits = 6
    /// How many steps before or after the current one are still accepted.
    public static let skew: UInt64 = 1

    /// The length of a time step in seconds.
    public let step: TimeInterval
    /// The HMAC hash the secret was enrolled with.
    public let algorithm: OTPAlgorithm

    /// A verifier for codes of `step` seconds made with `algorithm` (authenticator apps: 30 s, SHA-1).
    public init(step: TimeInterval = 30, algorithm: OTPAlgorithm = .sha1) {
        precondition(step > 0, "a time step is positive")
        self.step = step
        self.algorithm = algorithm
    }

    /// The time step `code` belongs to, if it is a valid, unused code for `secret` at `time`; nil otherwise.
    ///
    /// Spaces in `code` are ignored (`123 456`); anything but exactly six ASCII digits is rejected. Every
    /// candidate step is computed and compared in constant time before the answer is chosen, so timing does
    /// not tell which step, or which digit, was close. When the code matches more than one step (a one-in-a-
    /// million coincidence) the earliest step later than `lastAcceptedStep` is returned.
    public func verify(code: String, secret: [UInt8], at time: Date, lastAcceptedStep: UInt64?) -> UInt64? {
        let typed = Array(code.filter { !$0.isWhitespace }.utf8)
        guard typed.count == Self.digits, typed.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }

        let current = OneTimePassword.timeStep(time, step: step)
        let first = current >= Self.skew ? current - Self.skew : 0
        let last = current <= UInt64.max - Self.skew ? current + Self.skew : .max

        var accepted: UInt64?
        for candidate in first...last {
            let expected = OneTimePassword.hotp(secret: secret, counter: candidate, digits: Self.digits, algorithm: algorithm)
            let matches = OneTimeCodeComparison.equal(Array(expected.utf8), typed)
            let unused = lastAcceptedStep.map { candidate > $0 } ?? true
            if matches, unused, accepted == nil { accepted = candidate }
        }
        return accepted
    }
}

import Foundation

/// What checking a typed SMS code gave.
public enum SMSCheckResult: Sendable, Equatable {
    /// The right code, in time: the app deletes the challenge (a code works once) and completes the sign-in.
    case accepted
    /// Not the code; `remaining` more tries are allowed (0: the next one is refused). The app adds one failure.
    case wrong(remaining: Int)
    /// The code's 10 minutes are over; a new code has to be sent.
    case expired
    /// Five wrong tries were made: this sign-in attempt takes no more codes.
    case exhausted
    /// The right code, but another request (a double click, a second tab) used it a moment before: that request
    /// completes what it was for. Nothing is counted, ended or deleted for it.
    case alreadyUsed
}

/// An SMS code sent for one sign-in attempt, as the app stores it: only a hash of the code is kept.
///
/// The code is bound to its attempt by hashing it together with `attemptID`, so a code sent for one attempt
/// never verifies against another attempt's challenge, even when the app's look-up or a copied row mixes them up.
/// `check` is pure: the app persists the failure count it reports (atomically, `failures = failures + 1`).
public struct SMSChallenge: Sendable, Equatable, Codable {
    /// The caller's hash of `"<attemptID>:<code>"` (e.g. hex HMAC-SHA-256 under the app's key).
    public let codeHash: String
    /// When the code was sent.
    public let issuedAt: Date
    /// Wrong tries so far.
    public let failures: Int
    /// The sign-in attempt the code was sent for.
    public let attemptID: String

    /// A challenge as stored.
    public init(codeHash: String, issuedAt: Date, failures: Int = 0, attemptID: String) {
        self.codeHash = codeHash
        self.issuedAt = issuedAt
        self.failures = failures
        self.attemptID = attemptID
    }

    /// A fresh challenge for `code`, sent at `issuedAt` for the sign-in attempt `attemptID`.
    public static func issue(code: String, attemptID: String, issuedAt: Date, hash: (String) -> String) -> SMSChallenge {
        SMSChallenge(codeHash: hash(boundInput(code: code, attemptID: attemptID)), issuedAt: issuedAt, attemptID: attemptID)
    }

    /// Checks `typed` at `now`. An exhausted or expired challenge refuses even the right code. Spaces are
    /// ignored; anything that is not six ASCII digits counts as a wrong try. Hashes compare in constant time.
    public func check(_ typed: String, now: Date, hash: (String) -> String) -> SMSCheckResult {
        if SMSCodePolicy.isExhausted(failures: failures) { return .exhausted }
        if SMSCodePolicy.isExpired(issuedAt: issuedAt, now: now) { return .expired }
        let code = typed.filter { !$0.isWhitespace }
        let wellFormed = code.utf8.count == SMSCodePolicy.digits
            && code.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        if wellFormed,
           OneTimeCodeComparison.equal(Array(hash(Self.boundInput(code: code, attemptID: attemptID)).utf8), Array(codeHash.utf8)) {
            return .accepted
        }
        return .wrong(remaining: max(0, SMSCodePolicy.maximumFailures - failures - 1))
    }

    /// The text that is hashed: the code bound to its attempt.
    static func boundInput(code: String, attemptID: String) -> String { "\(attemptID):\(code)" }
}

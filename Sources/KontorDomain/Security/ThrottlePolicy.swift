/// A limit of `limit` events per `windowSeconds` for one key.
public struct RateLimit: Sendable, Equatable {
    public let limit: Int
    public let windowSeconds: Int

    public init(limit: Int, windowSeconds: Int) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }
}

/// The limits Kontor applies (OWASP ASVS 6.3.1, 2.4.1). Counting per account *and* IP slows a guesser down
/// without letting them lock the owner out; the per-account limit caps consecutive failures at 100 and then
/// only lets through attempts from a device the owner already signed in from.
public enum ThrottlePolicy {
    public static let signInPerAccountAndAddress = RateLimit(limit: 10, windowSeconds: 15 * 60)
    public static let signInPerAccount = RateLimit(limit: 100, windowSeconds: 24 * 3600)
    public static let signInPerKnownDevice = RateLimit(limit: 10, windowSeconds: 15 * 60)
    public static let signUpPerAddress = RateLimit(limit: 20, windowSeconds: 3600)
    public static let invitationsPerOrganization = RateLimit(limit: 50, windowSeconds: 3600)
    public static let verificationMailsPerAccount = RateLimit(limit: 5, windowSeconds: 3600)
    /// Staff look-ups by support or VIP code: a code identifies, so guessing through them must be slow.
    public static let staffLookupsPerStaffMember = RateLimit(limit: 30, windowSeconds: 15 * 60)
    /// Password-reset e-mails per address: enough for a person, useless for flooding someone's inbox.
    public static let resetMailsPerAccount = RateLimit(limit: 5, windowSeconds: 3600)
    /// Second-factor codes and backup codes, per account: a million TOTP codes cannot be walked through.
    public static let secondFactorPerAccount = RateLimit(limit: 10, windowSeconds: 15 * 60)
    /// SMS codes sent per account: each costs the provider money and can be used to pester a phone.
    public static let smsCodesPerAccount = RateLimit(limit: 5, windowSeconds: 3600)
    /// Codes sent for one sign-in attempt or one phone being verified; the wrong tries carry over a resend.
    public static let smsSendsPerAttempt = 3
    /// Identity-verification requests per account: each one is read by a person.
    public static let identityRequestsPerAccount = RateLimit(limit: 3, windowSeconds: 24 * 3600)
    /// Current-password checks from a signed-in session (confirming a sensitive change), per account.
    public static let passwordChecksPerAccount = RateLimit(limit: 10, windowSeconds: 15 * 60)
}

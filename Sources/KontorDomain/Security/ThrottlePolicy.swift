/// A limit of `limit` events per `windowSeconds` for one key.
public struct RateLimit: Sendable, Equatable {
    public let limit: Int
    public let windowSeconds: Int

    public init(limit: Int, windowSeconds: Int) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }
}

/// A wait that grows with consecutive unsuccessful attempts on one account, up to a cap, instead of a lockout.
///
/// NIST SP 800-63B-4 §3.2.2 asks to limit consecutive failed attempts on an account, and OWASP's authentication
/// cheat sheet warns that a hard lockout lets anyone lock the owner out. A delay does both: after `freeAttempts`
/// the next attempt must wait 1 s, then 2, 4, 8 … up to `maximumSeconds`, so guessing from any number of addresses
/// is held to about one try per `maximumSeconds` (96 a day), while the owner waits at most that long — and not at
/// all on a known device, with the second factor, or through the link mailed when the delay starts.
public struct ProgressiveDelay: Sendable, Equatable {
    public let freeAttempts: Int
    public let maximumSeconds: Int
    /// Attempts older than this are forgotten.
    public let windowSeconds: Int

    public init(freeAttempts: Int, maximumSeconds: Int, windowSeconds: Int) {
        self.freeAttempts = freeAttempts
        self.maximumSeconds = maximumSeconds
        self.windowSeconds = windowSeconds
    }

    /// How long to wait after the last of `attempts` consecutive unsuccessful attempts.
    public func delaySeconds(afterAttempts attempts: Int) -> Int {
        guard attempts >= freeAttempts else { return 0 }
        return min(maximumSeconds, 1 << min(attempts - freeAttempts, 30))
    }
}

/// The limits Kontor applies (OWASP ASVS 6.3.1, 2.4.1). Counting per account *and* address stops one guesser;
/// the per-account delay slows guessing spread over many addresses without ever locking the owner out for more
/// than minutes (see docs/security.md, "Guessing passwords").
public enum ThrottlePolicy {
    public static let signInPerAccountAndAddress = RateLimit(limit: 10, windowSeconds: 15 * 60)
    /// New "was this helpful?" votes on one article from one address a day (a vote changed by its reader does not count).
    public static let helpVotesPerArticleAndAddress = RateLimit(limit: 3, windowSeconds: 24 * 3600)
    public static let signInAccountDelay = ProgressiveDelay(freeAttempts: 10, maximumSeconds: 15 * 60, windowSeconds: 24 * 3600)
    /// "Someone is guessing your password" mails with an unlock link, per account.
    public static let unlockMailsPerAccount = RateLimit(limit: 1, windowSeconds: 3600)
    public static let signInPerKnownDevice = RateLimit(limit: 10, windowSeconds: 15 * 60)
    public static let signUpPerAddress = RateLimit(limit: 20, windowSeconds: 3600)
    public static let invitationsPerOrganization = RateLimit(limit: 50, windowSeconds: 3600)
    /// Invitation mails one account sends one address a day, from all the organizations it leads: one account leading
    /// twenty organizations had sent one person a thousand an hour, each subject naming an organization the sender chose
    /// (security probe round 9). Not per address alone, which let a stranger block the address's real employer.
    public static let invitationsPerRecipient = RateLimit(limit: 5, windowSeconds: 24 * 3600)
    public static let verificationMailsPerAccount = RateLimit(limit: 5, windowSeconds: 3600)
    /// Staff look-ups by support or VIP code: a code identifies, so guessing through them must be slow.
    public static let staffLookupsPerStaffMember = RateLimit(limit: 30, windowSeconds: 15 * 60)
    /// Password-reset e-mails per address: enough for a person, useless for flooding someone's inbox.
    public static let resetMailsPerAccount = RateLimit(limit: 5, windowSeconds: 3600)
    /// Second-factor codes and backup codes, per account: a million TOTP codes cannot be walked through.
    public static let secondFactorPerAccount = RateLimit(limit: 10, windowSeconds: 15 * 60)
    /// Wrong second-factor codes in a row, per account, however slowly they come: at 10 per 15 minutes a guesser with
    /// the password still had ~960 tries a day, a fair chance at a TOTP code within months. NIST SP 800-63B §5.2.2 caps
    /// consecutive failures at 100; then codes are refused until the owner sets a new password (`SecondFactorLockout`).
    /// A right code ends the run. The window only forgets a run nobody added to for a year.
    public static let secondFactorConsecutiveFailures = RateLimit(limit: 100, windowSeconds: 365 * 24 * 3600)
    /// SMS codes sent per account: each costs the provider money and can be used to pester a phone.
    public static let smsCodesPerAccount = RateLimit(limit: 5, windowSeconds: 3600)
    /// Codes sent for one sign-in attempt or one phone being verified; the wrong tries carry over a resend.
    public static let smsSendsPerAttempt = 3
    /// Identity-verification requests per account: each one is read by a person.
    public static let identityRequestsPerAccount = RateLimit(limit: 3, windowSeconds: 24 * 3600)
    /// Identity-check uploads through the API per client address, counted before the body (up to ~15 MB) is read:
    /// a person sends one or two; a flood is refused before it costs memory.
    public static let identityUploadsPerAddress = RateLimit(limit: 10, windowSeconds: 3600)
    /// Recovery-address changes asked for per account: each mails a stranger's address a confirmation link (and the
    /// owner a notice), so, like the sign-in address, a few an hour.
    public static let recoveryAddressChangesPerAccount = RateLimit(limit: 5, windowSeconds: 3600)
    /// Current-password checks from a signed-in session (confirming a sensitive change), per account.
    public static let passwordChecksPerAccount = RateLimit(limit: 10, windowSeconds: 15 * 60)
}

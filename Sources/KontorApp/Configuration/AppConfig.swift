import Foundation
import KontorDomain
import KontorMail

/// Where Kontor keeps its data.
public enum DatabaseChoice: Sendable, Equatable {
    case sqlite(path: String)
    /// `schema` places every table in one PostgreSQL schema (the tests give each test its own).
    case postgres(url: String, schema: String?)
}

/// Kontor's whole configuration, read once from the environment (and `.env`) and validated at start.
public struct AppConfig: Sendable {
    public var database: DatabaseChoice
    /// Connections one server keeps open to PostgreSQL at most (`KONTOR_DATABASE_CONNECTIONS`); nil: four per
    /// event loop (per core). Servers × this must stay under the database's `max_connections`.
    public var databaseConnections: Int?
    /// How long a statement waits for a row or advisory lock on PostgreSQL before the request is answered 503 busy
    /// (`lock_timeout`; 55P03 is `ConcurrentChange.busy`). Below the connection idle timeout (30 s): a request that
    /// waited longer behind a bulk job was cut off unanswered, then committed, and its unkeyed retry did it twice (bank
    /// probe round 6). Bulk jobs wait as long as they need (`Database.waitForLocksUnbounded`). Not read from the
    /// environment; tests shorten it.
    public var lockWaitSeconds = 20
    public var hostname: String
    public var port: Int
    /// The address customers reach Kontor at; used in every e-mail link and for the `Origin` check.
    public var publicURL: URL
    /// 32 bytes: the key for tokens' keyed hashes and the password pepper.
    public var secretKey: [UInt8]
    /// `__Host-` cookies with `Secure`; on by default when the public URL is https.
    public var secureCookies: Bool
    /// Absent: e-mail is written to the log (development). Present: delivered over SMTP.
    public var smtp: SMTPConfiguration?
    public var mailFrom: String
    public var mailPollSeconds: Int
    /// How long a message that keeps failing is retried before staff are shown it as failed.
    public var mailRetryHours = 72
    public var sessionIdleMinutes: Int
    public var sessionAbsoluteHours: Int
    public var defaultLanguage: Language
    public var providerName: String
    public var isProduction: Bool
    /// Where SMS codes go: the log (development), a JSON-lines file, or an HTTP webhook.
    public var sms: SMSConfiguration = .log
    /// How customers reach support, shown in every page's help window (Premium Support adds its own line).
    public var supportContacts = SupportContacts()
    /// How long identity documents are kept after the request was decided, in days.
    public var identityDocumentRetentionDays: Int = 30
    /// The provider's own country (ISO 3166-1 alpha-2): addresses there are printed without a country line, and
    /// a new billing address starts with it.
    public var providerCountry = "CH"
    /// Who is paid, in which accounts, at which VAT rates (`BillingConfiguration`).
    public var billing = BillingConfiguration.sample(providerName: "Kontor")
    /// Grace and retention days of expired products (`KONTOR_RENEWAL_GRACE_DAYS`, `KONTOR_RENEWAL_RETENTION_DAYS`).
    public var renewals = RenewalPolicy()
    /// Bank files marked as tests (`SPS/x.y/TEST`) are refused unless this is on (`KONTOR_ALLOW_TEST_STATEMENTS`).
    public var allowTestStatements = false
    /// How long a statement upload waits for its import before answering "still running", and when a running import
    /// whose server stopped counts as interrupted (`KONTOR_STATEMENT_IMPORT_WAIT_SECONDS`, `…_STALE_MINUTES`).
    public var statementImports = StatementImportTimes()
    /// The PHP lines sites may run, oldest first (`KONTOR_PHP_VERSIONS`); a new site gets the newest.
    public var phpVersions = AppConfig.defaultPHPVersions
    public static let defaultPHPVersions = ["8.1", "8.2", "8.3", "8.4"].compactMap(PHPVersion.init)
    /// Reverse proxies whose forwarding headers name the real client (`KONTOR_TRUSTED_PROXIES`).
    var trustedProxies = TrustedProxies.none
    /// A sign-up answers no sooner than this after its password is hashed: a new address costs a user, an organization,
    /// a support code and a security event, a known one an e-mail only, and the 4 ms between them told which addresses
    /// have an account (ASVS 6.3.8: the same answer, in similar time). Zero in the tests' configuration.
    var signUpAnswerFloor: Duration = .milliseconds(250)
    /// While an account's guessing delay is on, a password sent with a second factor is still checked (the owner's
    /// way through); refused, it answers no sooner than this after the check began, right password or wrong, so the
    /// time of the 429 does not tell a guesser which it was. Above the password's and a backup code's hashing together.
    var throttledSignInAnswerFloor: Duration = .seconds(1)
    /// The bearer token `/metrics` asks for (`KONTOR_METRICS_TOKEN`); without one it answers only direct connections
    /// over loopback (`MetricsAccess`).
    var metricsToken: String?
    /// What one request may cost (URL, query, headers, idle connections).
    var requestLimits = RequestLimits()
    /// argon2id's cost: OWASP's everywhere but in the tests' configuration (`PasswordHasher.Cost.testing`).
    var passwordHashing = PasswordHasher.Cost.owasp

    /// A configuration for tests and tools: SQLite at `path`, a fixed key, log-only mail.
    public static func testing(database: DatabaseChoice) -> AppConfig {
        var config = AppConfig(
            database: database, hostname: "127.0.0.1", port: 8080, publicURL: URL(string: "http://127.0.0.1:8080")!,
            secretKey: Array(repeating: 7, count: 32), secureCookies: false, smtp: nil, mailFrom: "Kontor <no-reply@kontor.test>",
            mailPollSeconds: 1, sessionIdleMinutes: 30, sessionAbsoluteHours: 12, defaultLanguage: .en,
            providerName: "Kontor", isProduction: false, passwordHashing: .testing)
        config.signUpAnswerFloor = .zero
        return config
    }
}

/// The provider's support contacts. Standard ones for everyone; the Premium Support ones only for organizations
/// with Premium Support (seed guide "code support y code VIP": the VIP code goes with a priority line).
public struct SupportContacts: Sendable, Equatable {
    public var email: String?
    public var phone: String?
    /// Free text such as "Mon–Fri 8:00–18:00 CET".
    public var hours: String?
    public var premiumEmail: String?
    public var premiumPhone: String?

    public init(email: String? = nil, phone: String? = nil, hours: String? = nil, premiumEmail: String? = nil, premiumPhone: String? = nil) {
        self.email = email
        self.phone = phone
        self.hours = hours
        self.premiumEmail = premiumEmail
        self.premiumPhone = premiumPhone
    }
}

/// How Kontor hands SMS codes to the outside world (see docs/operations.md, "SMS").
public enum SMSConfiguration: Sendable, Equatable {
    /// Development: the message, code included, goes to the log.
    case log
    /// Development and tests: each message is appended as one JSON line to the file at `path`.
    case file(path: String)
    /// Production: each message is POSTed as JSON to `url`; with `secret`, the body is signed (HMAC-SHA-256).
    case webhook(url: URL, secret: String?)
}

/// A configuration value that stops the program: one line naming the variable.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let problem: String
    public var description: String { "\(variable): \(problem)" }
}

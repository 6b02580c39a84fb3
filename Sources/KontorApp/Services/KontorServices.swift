import Fluent
import Foundation
import KontorDomain
import Vapor

/// The clock every rule reads, injected so tests can move time.
struct AppClock: Sendable {
    let now: @Sendable () -> Date
    static let system = AppClock { Date() }
}

/// Kontor's dependencies, built once in `configure` and reached through `app.kontor`.
///
/// A class, not a struct: `app.kontor` is read dozens of times per page (every translated text), and reading a
/// struct out of Vapor's storage copied the whole configuration, a retain and release for each of its strings.
final class KontorServices: Sendable {
    let config: AppConfig
    let localizer: Localizer
    let passwordPolicy: PasswordPolicy
    let hasher: PasswordHasher
    let clock: AppClock
    let mailTransport: any MailTransport
    /// Where SMS codes go (log, file or webhook, from `AppConfig.sms`).
    let smsSender: any SMSSender
    /// The help center's in-memory snapshot and search index, refreshed from the database.
    let helpSearch: HelpSearchService
    /// Article views and logged searches, written in batches.
    let readerAnalytics = ReaderAnalytics()
    /// Work done after the answer, so its duration tells nothing.
    let backgroundWork = BackgroundWork()
    /// Whether the database takes writes, for `/health` (one write per server every two seconds at most).
    let databaseWriteProbe = DatabaseWriteProbe()
    /// This server's invoices are issued one at a time (`IssuingQueue`).
    let issuing = IssuingQueue()
    /// Statement imports running on their own task, so an answer that cannot wait for one does not lose it.
    let statementImports = StatementImportJobs()
    /// The places for identity-check uploads on this server (`UploadGate`).
    let identityUploads = UploadGate(slots: UploadSlots(count: 4, perAddress: 1))

    init(config: AppConfig, localizer: Localizer, passwordPolicy: PasswordPolicy, hasher: PasswordHasher, clock: AppClock,
         mailTransport: any MailTransport, smsSender: any SMSSender, helpSearch: HelpSearchService) {
        (self.config, self.localizer, self.passwordPolicy, self.hasher) = (config, localizer, passwordPolicy, hasher)
        (self.clock, self.mailTransport, self.smsSender, self.helpSearch) = (clock, mailTransport, smsSender, helpSearch)
    }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = KontorServices }

    var kontor: KontorServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:config:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var kontor: KontorServices { application.kontor }
    var now: Date { application.kontor.clock.now() }
    var rateLimiter: RateLimiter { limiter(on: db) }
    /// A limiter on `database`: inside a transaction, pass the transaction's database (SQLite has one connection).
    func limiter(on database: any Database) -> RateLimiter { RateLimiter(database: database, now: application.kontor.clock.now) }
    /// The client's address: the connection's, or what a trusted reverse proxy says it forwarded (`TrustedProxies`).
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let proxies = application.kontor.config.trustedProxies
        if proxies.header == .xForwardedFor, headers.contains(name: .forwarded), !headers.contains(name: .xForwardedFor), proxies.trusts(peer) {
            TrustedProxies.warnOfForwardedOnly(logger)
        }
        return proxies.client(peer: peer, headers: headers)
    }
    var userAgentSummary: String { String((headers.first(name: .userAgent) ?? "unknown").prefix(200)) }
}

import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import KontorDomain
import KontorMail
import Leaf
import LeafKit
import NIOSSL
import Vapor

/// Builds the application for `main` and for the tests alike.
public func configure(_ app: Application, config: AppConfig, clock: @escaping @Sendable () -> Date = { Date() }) async throws {
    KontorMetrics.bootstrap()
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "64kb"
    app.http.server.configuration.idleTimeout = .seconds(config.requestLimits.idleTimeoutSeconds)

    try configureDatabase(app, config.database, connections: config.databaseConnections, lockWaitSeconds: config.lockWaitSeconds)
    try await connectDatabase(app, config.database)
    app.migrations.add(Migrations.all)

    let transport: any MailTransport = config.smtp.map { SMTPTransport(client: SMTPClient(configuration: $0)) } ?? LogTransport()
    app.kontor = KontorServices(
        config: config, localizer: .bundled, passwordPolicy: PasswordPolicy(commonPasswords: { CommonPasswords.shared }),
        hasher: PasswordHasher(cost: config.passwordHashing), clock: AppClock(now: clock), mailTransport: transport,
        smsSender: config.makeSMSSender(client: VaporHTTPPoster(client: app.client)),
        helpSearch: HelpSearchService())

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    // Vapor's decoders, refusing text with U+0000 (see NULCharacterRefused).
    ContentConfiguration.global.use(decoder: NULRefusingDecoder.json(decoder), for: .json)
    ContentConfiguration.global.use(decoder: NULRefusingDecoder.urlEncodedForm, for: .urlEncodedForm)
    ContentConfiguration.global.use(decoder: FormDataBodyDecoder(), for: .formData)
    ContentConfiguration.global.use(decoder: UnreadMediaType(), for: .plainText)

    try configureViews(app)
    // Routes first: the 405 answer needs to know every path and its methods.
    try routes(app)
    app.middleware = Middlewares()
    // Outside everything else, so that error answers (built by KontorErrorMiddleware) and refusals of the request
    // limits carry the security headers and `no-store` too: their bodies hold private data as well.
    app.middleware.use(SecurityHeadersMiddleware(isHTTPS: config.publicURL.scheme == "https"))
    app.middleware.use(RequestMetricsMiddleware())
    app.middleware.use(RequestLimitsMiddleware(limits: config.requestLimits))
    app.middleware.use(KontorErrorMiddleware())
    app.middleware.use(MediaTypeCaseMiddleware())
    app.middleware.use(APIBodyTypesMiddleware())
    app.middleware.use(StaticFilesMiddleware(files: FileMiddleware(publicDirectory: resourcePath("Public"), defaultFile: nil)))
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(NULInURLMiddleware())
    // After sign-in and language are known, so a 405 is said in the signed-in customer's own language; before the
    // CSRF check, so a method no route takes is 405 whatever the form carries.
    app.middleware.use(MethodNotAllowedMiddleware(routes: app.routes.all))
    app.middleware.use(CSRFProtection())
    app.lifecycle.use(MailWorker())
    app.lifecycle.use(HousekeepingWorker())
    app.lifecycle.use(ReaderAnalyticsWorker())
    app.lifecycle.use(StatementImportDrain())

    registerCommands(app)
    try await app.autoMigrate()
}

private func configureDatabase(_ app: Application, _ choice: DatabaseChoice, connections: Int?, lockWaitSeconds: Int) throws {
    switch choice {
    case .sqlite(let path):
        let factory = DatabaseConfigurationFactory.sqlite(.file(path))
        app.databases.use(DatabaseConfigurationFactory {
            SQLiteWriteTransactions(base: factory.make(), busyTimeoutMilliseconds: SQLiteWriteTransactions.busyTimeoutMilliseconds)
        }, as: .sqlite)
    case .postgres(let url, let schema):
        var configuration = try SQLPostgresConfiguration(url: url)
        if let schema { configuration.searchPath = [schema] }
        // Every connection's waits for locks are bounded (see `AppConfig.lockWaitSeconds`), set at connection start.
        configuration.coreConfiguration.options.additionalStartupParameters.append(("lock_timeout", "\(lockWaitSeconds)s"))
        // A burst of writes that queue on one row (invoice numbers) waits for a connection up to 30 s rather than
        // Fluent's 10 s; past that the request is answered 503 busy (`ConcurrentChange`), never 500.
        // The pool is per event loop; a total from the configuration is spread over the loops, rounded up.
        let loops = app.eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 }
        let perLoop = connections.map { max(1, ($0 + loops - 1) / loops) } ?? 4
        app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: perLoop, connectionPoolTimeout: .seconds(30)), as: .psql)
    }
}

/// Opens the database once before anything else uses it, so that a database that cannot be reached or opened stops the
/// start with one sentence naming it (`DatabaseUnavailableError`), not with whatever a migration would have said.
private func connectDatabase(_ app: Application, _ choice: DatabaseChoice) async throws {
    do {
        switch choice {
        case .sqlite:
            try await SQLiteWriteTransactions.preparePragmas(app, busyTimeoutMilliseconds: SQLiteWriteTransactions.busyTimeoutMilliseconds)
        case .postgres:
            try await (app.db as! any SQLDatabase).raw("SELECT 1").run()
        }
    } catch {
        throw DatabaseUnavailableError(choice, underlying: error)
    }
}

private func configureViews(_ app: Application) throws {
    app.views.use(.leaf)
    let views = resourcePath("Views")
    // Not `.default`: it refuses hidden path components, and SwiftPM bundles live under `.build/`.
    app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: views, viewDirectory: views))
    app.leaf.tags["t"] = TranslateTag()
    app.leaf.tags["csrf"] = CSRFFieldTag()
    app.leaf.tags["date"] = CachedDateTag()
    app.leaf.tags["day"] = DayTag()
    app.leaf.tags["moment"] = MomentTag()
    // Parsed templates are cached everywhere but a development environment, where editing a template shows at once
    // (Leaf itself turns the cache off there; see KontorEnvironment for how the environment is chosen).
    app.leaf.cache.isEnabled = true
}

/// A folder inside the bundled `Resources`, with a trailing slash as Leaf and FileMiddleware expect.
func resourcePath(_ folder: String) -> String {
    BundledResources.url(folder).path + "/"
}

/// Headers every response carries: no framing, no sniffing, a strict content security policy; HSTS when Kontor is
/// served over https (ASVS 3.4.1).
struct SecurityHeadersMiddleware: AsyncMiddleware {
    var isHTTPS = false

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if isHTTPS { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000") }
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // A route may add directives of its own (`sandbox` for a file a customer uploaded); they are kept after these.
        let own = response.headers.first(name: "Content-Security-Policy").map { "; " + $0 } ?? ""
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; media-src 'self' https:; frame-ancestors 'none'; form-action 'self'" + own)
        if request.path != "/metrics", !request.path.hasPrefix("/css"), !request.path.hasPrefix("/js") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

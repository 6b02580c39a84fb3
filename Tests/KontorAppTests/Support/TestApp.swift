import FluentPostgresDriver
import Foundation
@testable import KontorApp
import Testing
import Vapor
import VaporTesting

/// A test's clock: starts at a fixed instant and moves only when the test says so.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_790_000_000)

    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Where the tests' databases live: SQLite by default, PostgreSQL when `DATABASE_URL` is set.
/// Each test gets a database of its own, a copy of one migrated once (`MigratedTemplate`), so tests run in parallel
/// without seeing each other: a file on SQLite, a database on the server `DATABASE_URL` names on PostgreSQL.
struct TestDatabase: Sendable {
    let choice: DatabaseChoice
    let cleanup: @Sendable () async throws -> Void

    /// An empty `DATABASE_URL` counts as unset, as it does for the app's own configuration.
    /// Without an `sslmode` the driver's default ("prefer") builds a TLS context, reading the system's whole CA bundle,
    /// for every configuration made from the URL: some 10% of the suite's CPU on PostgreSQL, three times per test, for
    /// a server on loopback that offers no TLS anyway. A URL that names its `sslmode` keeps it.
    static let postgresURL: String? = {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { return nil }
        // PostgresKit reads any of these, in any case; the last one wins.
        let tlsNames: Set<String> = ["sslmode", "tlsmode", "ssl", "tls"]
        guard var components = URLComponents(string: url),
              !(components.queryItems ?? []).contains(where: { tlsNames.contains($0.name.lowercased()) }) else { return url }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "sslmode", value: "disable")]
        return components.string ?? url
    }()
    static var isPostgres: Bool { postgresURL != nil }

    static func make() async throws -> TestDatabase {
        if let url = postgresURL {
            let template = try await MigratedTemplate.shared.postgresDatabase(adminURL: url)
            let name = MigratedTemplate.ownPrefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await runPostgres(url: url, "CREATE DATABASE \(name) TEMPLATE \(template)")
            return TestDatabase(choice: .postgres(url: try Self.url(url, database: name), schema: nil)) {
                try await runPostgres(url: url, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
        let template = try await MigratedTemplate.shared.sqliteFile()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-test-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: template, toPath: path)
        return TestDatabase(choice: .sqlite(path: path)) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    /// `url` naming another database on the same server.
    static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw TestDatabaseError(description: "DATABASE_URL is not a URL") }
        components.path = "/" + database
        guard let changed = components.string else { throw TestDatabaseError(description: "DATABASE_URL is not a URL") }
        return changed
    }

    static func runPostgres(url: String, _ sql: String) async throws {
        _ = try await queryPostgres(url: url, sql)
    }

    /// The first column of each row `sql` returns, as text.
    static func queryPostgres(url: String, _ sql: String) async throws -> [String] {
        let app = try await Application.make(.testing)
        let values: [String]
        do {
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
            values = try await (app.db as! any SQLDatabase).raw(SQLQueryString(sql)).all().compactMap { row in
                try row.allColumns.first.map { try row.decode(column: $0, as: String.self) }
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return values
    }
}

/// Runs `body` against the real `configure` on a fresh database; `apps` > 1 starts several servers on it.
func withTestApps(count: Int = 1, configure adjust: (inout AppConfig) -> Void = { _ in },
                  _ body: ([Application], TestClock) async throws -> Void) async throws {
    await TestAppSlots.shared.acquire(count)
    do {
        try await withTestAppsInSlots(count: count, configure: adjust, body)
    } catch {
        await TestAppSlots.shared.release(count)
        // PostgreSQL's errors print "Generic description …" unless reflected; a failing test should say what happened.
        if let error = error as? PSQLError { throw TestDatabaseError(description: String(reflecting: error)) }
        throw error
    }
    await TestAppSlots.shared.release(count)
}

struct TestDatabaseError: Error, CustomStringConvertible {
    let description: String
}

private func withTestAppsInSlots(count: Int, configure adjust: (inout AppConfig) -> Void,
                                 _ body: ([Application], TestClock) async throws -> Void) async throws {
    let database = try await TestDatabase.make()
    let clock = TestClock()
    var apps: [Application] = []
    do {
        for _ in 0..<count {
            let app = try await Application.make(.testing)
            apps.append(app)
            var config = AppConfig.testing(database: database.choice)
            // Real development transport: each app writes its texts to its own JSON-lines file (see `sentSMS`).
            config.sms = .file(path: FileManager.default.temporaryDirectory.appendingPathComponent("kontor-sms-\(UUID().uuidString).jsonl").path)
            config.databaseConnections = TestAppSlots.connectionsPerApp
            adjust(&config)
            try await configure(app, config: config, clock: { clock.now })
        }
        try await body(apps, clock)
    } catch {
        for app in apps { try? await app.asyncShutdown() }
        try? await database.cleanup()
        throw error
    }
    for app in apps {
        if case .file(let path) = app.kontor.config.sms { try? FileManager.default.removeItem(atPath: path) }
        try await app.asyncShutdown()
    }
    try await database.cleanup()
}

extension Application {
    /// The text messages this app has sent so far, oldest first.
    func sentSMS() throws -> [SMSMessage] {
        guard case .file(let path) = kontor.config.sms, let data = FileManager.default.contents(atPath: path) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try SMSMessage.decoder.decode(SMSMessage.self, from: Data($0)) }
    }

    /// The six-digit code in the last SMS.
    func lastSMSCode() throws -> String? {
        try sentSMS().last.flatMap { message in
            message.text.split(separator: " ").first.map(String.init).flatMap { $0.count == 6 && $0.allSatisfy(\.isNumber) ? $0 : nil }
        }
    }
}

/// One application on a fresh database.
func withTestApp(configure adjust: (inout AppConfig) -> Void = { _ in }, _ body: (Application, TestClock) async throws -> Void) async throws {
    try await withTestApps(count: 1, configure: adjust) { apps, clock in try await body(apps[0], clock) }
}

import FluentPostgresDriver
import Foundation
@testable import KontorApp
import Vapor

/// Every test's database starts as a copy of one database migrated once per test process.
///
/// Migrating a fresh database took most of a test's start (0.3 s of CPU on SQLite, 0.4 s on PostgreSQL, some 70
/// migrations each), and there are over a thousand tests: a third of CI's time. The migrations still run, through the
/// real `configure`, once per process and database kind; each test then gets a copy of the result: a file copy on
/// SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL (a block copy, some 50 ms). `configure`'s own migration step then
/// finds nothing to do, as it does when a server restarts. Tests of migrations themselves (`UpgradeMigrationTests`)
/// revert and rerun theirs on the copy.
actor MigratedTemplate {
    static let shared = MigratedTemplate()

    private var sqlite: Task<String, any Error>?
    private var postgres: Task<String, any Error>?

    /// The migrated SQLite file to copy; made on first use.
    func sqliteFile() async throws -> String {
        if sqlite == nil { sqlite = Task { try await Self.makeSQLiteFile() } }
        return try await sqlite!.value
    }

    /// The migrated PostgreSQL database to use as a template; made on first use.
    func postgresDatabase(adminURL: String) async throws -> String {
        if postgres == nil { postgres = Task { try await Self.makePostgresDatabase(adminURL: adminURL) } }
        return try await postgres!.value
    }

    private static func makeSQLiteFile() async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kontor-template-\(UUID().uuidString).sqlite").path
        TemplateFiles.removeAtExit(path)
        try await migrate(.sqlite(path: path)) { app in
            // Everything into the main file, so that copying it alone copies the database.
            try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
        return path
    }

    /// Named after this process, so that a later run can tell its leftovers (`dropLeftovers`).
    private static func makePostgresDatabase(adminURL: String) async throws -> String {
        try await dropLeftovers(adminURL: adminURL)
        let name = "\(ownPrefix)tpl"
        try await TestDatabase.runPostgres(url: adminURL, "CREATE DATABASE \(name)")
        try await migrate(.postgres(url: try TestDatabase.url(adminURL, database: name), schema: nil)) { _ in }
        return name
    }

    /// The prefix of every PostgreSQL database this process makes: `kontor_t<pid>_`.
    static let ownPrefix = "kontor_t\(getpid())_"

    /// Databases left by test processes that ended without dropping them (the template always; a test's own when the
    /// process was stopped mid-test). Only those whose process is gone here, or which carry this process's number: a run of this machine's still going keeps
    /// its databases. (A second machine testing against the same server at the same time could lose its template if one
    /// of its process numbers is free here; tests share a PostgreSQL server with one machine at a time.)
    private static func dropLeftovers(adminURL: String) async throws {
        let names = try await TestDatabase.queryPostgres(url: adminURL, "SELECT datname FROM pg_database WHERE datname LIKE 'kontor\\_t%\\_%'")
        for name in names {
            // This process's own number too: it has made none yet, so those are an earlier process's that had the same
            // number (containers restart with the same few numbers against a long-lived server).
            guard let pid = Int32(name.dropFirst("kontor_t".count).prefix { $0.isNumber }),
                  pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) else { continue }
            try? await TestDatabase.runPostgres(url: adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// Runs the real `configure` (and so every migration) on `choice`, then `finish`, then shuts down.
    private static func migrate(_ choice: DatabaseChoice, finish: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: .testing(database: choice))
            try await finish(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// Files removed when the test process ends. `atexit` takes a C function, which cannot capture, hence the global.
enum TemplateFiles {
    nonisolated(unsafe) private static var paths: [String] = []
    private static let lock = NSLock()

    static func removeAtExit(_ path: String) {
        lock.withLock {
            if paths.isEmpty { atexit { TemplateFiles.removeAll() } }
            paths.append(path)
        }
    }

    private static func removeAll() {
        lock.withLock {
            for path in paths { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        }
    }
}

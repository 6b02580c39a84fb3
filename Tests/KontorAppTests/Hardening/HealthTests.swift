import Foundation
@testable import KontorApp
import SQLKit
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

@Suite("/health answers 503 when the database takes no writes, and stays cheap under load")
struct HealthTests {
    @Test("a database that refuses writes makes /health answer 503 read_only, and 200 again once it takes them")
    func refusedWrites() async throws {
        try await withTestApp { app, clock in
            #expect(try await Self.health(app) == (.ok, "ok"))

            try await Self.refuseWrites(app)
            clock.advance(by: DatabaseWriteProbe.interval)
            #expect(try await Self.health(app) == (.serviceUnavailable, "read_only"))

            try await Self.acceptWrites(app)
            clock.advance(by: DatabaseWriteProbe.interval)
            #expect(try await Self.health(app) == (.ok, "ok"))
        }
    }

    @Test("a server started on a read-only SQLite file shows pages but answers /health with 503",
          .enabled(if: !TestDatabase.isPostgres, "an SQLite file's own case"))
    func readOnlySQLiteFile() async throws {
        try await withTestApp { app, _ in
            guard case .sqlite(let path) = app.kontor.config.database else { return }
            let readOnly = try await Application.make(.testing)
            do {
                // What SQLite does by itself when the file is write-protected: it opens it for reading only.
                try await configure(readOnly, config: .testing(database: .sqlite(path: "file:\(path)?mode=ro")))
                #expect(try await readOnly.testing().sendRequest(.GET, SiteRoute.signIn.path).status == .ok)
                #expect(try await Self.health(readOnly) == (.serviceUnavailable, "read_only"))
            } catch {
                try? await readOnly.asyncShutdown()
                throw error
            }
            try await readOnly.asyncShutdown()
        }
    }

    @Test("many checks within two seconds cost one write; the next write comes once the interval has passed")
    func oneWritePerInterval() async throws {
        try await withTestApp { app, clock in
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<20 { group.addTask { try await Self.health(app).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: .ok, count: 20))
            let first = try #require(try await Self.probeRowTime(app))
            #expect(first == Int64(clock.now.timeIntervalSince1970))

            clock.advance(by: 1)
            for _ in 0..<20 { _ = try await Self.health(app) }
            #expect(try await Self.probeRowTime(app) == first, "no second write within the interval")

            clock.advance(by: DatabaseWriteProbe.interval)
            _ = try await Self.health(app)
            #expect(try await Self.probeRowTime(app) == first + 3)
        }
    }

    @Test("a database that holds the probe's write longer than the check waits makes /health answer 503 timeout quickly, not hang; then 200 again")
    func slowWriteTimesOut() async throws {
        try await withTestApp { app, clock in
            #expect(try await Self.health(app) == (.ok, "ok"))
            clock.advance(by: DatabaseWriteProbe.interval)
            // A long write transaction holding the probe's row (PostgreSQL) or SQLite's one write lock, as a big
            // statement import does.
            let released = NIOLockedValueBox(false)
            let holding = Task {
                try await app.db.transaction { db in
                    try await (db as! any SQLDatabase).raw("UPDATE job_leases SET expires_at = expires_at WHERE name = \(bind: DatabaseWriteProbe.rowName)").run()
                    try await Task.sleep(nanoseconds: UInt64((SystemController.checkSeconds + 5) * 1_000_000_000))
                    released.withLockedValue { $0 = true }
                }
            }
            try await Task.sleep(nanoseconds: 300_000_000)
            #expect(try await Self.health(app) == (.serviceUnavailable, "timeout"))
            // Answered while the write was still held: the check gave up at its own time instead of waiting for the lock.
            // (Not a stopwatch: a loaded CI machine took 5 s for the 3 s check once, which is still no hang.)
            #expect(!released.withLockedValue { $0 }, "answered only once the lock was released")
            try await holding.value
            clock.advance(by: DatabaseWriteProbe.interval)
            #expect(try await Self.health(app) == (.ok, "ok"))
        }
    }

    static func health(_ app: Application) async throws -> (status: HTTPStatus, database: String) {
        let response = try await app.testing().sendRequest(.GET, SiteRoute.health.path)
        return (response.status, try response.content.decode(SystemController.Health.self).database)
    }

    /// When the probe last wrote its row (seconds since 1970), or nil before its first write.
    static func probeRowTime(_ app: Application) async throws -> Int64? {
        try await (app.db as! any SQLDatabase).raw("SELECT expires_at FROM job_leases WHERE name = \(bind: DatabaseWriteProbe.rowName)")
            .first()?.decode(column: "expires_at", as: Int64.self)
    }

    /// Makes the table the probe writes refuse every write, as a read-only database would.
    static func refuseWrites(_ app: Application) async throws {
        let sql = app.db as! any SQLDatabase
        if TestDatabase.isPostgres {
            try await sql.raw("CREATE FUNCTION refuse_writes() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'read-only'; END $$ LANGUAGE plpgsql").run()
            try await sql.raw("CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE ON job_leases FOR EACH ROW EXECUTE FUNCTION refuse_writes()").run()
        } else {
            try await sql.raw("CREATE TRIGGER refuse_inserts BEFORE INSERT ON job_leases BEGIN SELECT RAISE(ABORT, 'read-only'); END").run()
            try await sql.raw("CREATE TRIGGER refuse_updates BEFORE UPDATE ON job_leases BEGIN SELECT RAISE(ABORT, 'read-only'); END").run()
        }
    }

    static func acceptWrites(_ app: Application) async throws {
        let sql = app.db as! any SQLDatabase
        if TestDatabase.isPostgres {
            try await sql.raw("DROP TRIGGER refuse_writes ON job_leases").run()
        } else {
            try await sql.raw("DROP TRIGGER refuse_inserts").run()
            try await sql.raw("DROP TRIGGER refuse_updates").run()
        }
    }
}

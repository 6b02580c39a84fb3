import Fluent
import Foundation
@testable import KontorApp
import KontorDomain
import SQLKit
import Testing
import Vapor

/// How long a page's write waits on SQLite while another process runs the renewal run (`kontor products renew` beside
/// a serving server): two applications on one SQLite file, each with its own writer queue, so the second's writes wait
/// for the run's write lock inside SQLite exactly as another process's do. A measurement, not part of the usual run:
/// `KONTOR_LOCK_WAIT_PRODUCTS=20000 swift test --skip-build --filter RenewalLockWaitTests` prints the figures
/// docs/benchmarks.md quotes.
@Suite("A page's write beside the renewal run on SQLite")
struct RenewalLockWaitTests {
    static let products = ProcessInfo.processInfo.environment["KONTOR_LOCK_WAIT_PRODUCTS"].flatMap(Int.init)

    @Test("single writes from another server wait only briefly while the run renews N products",
          .enabled(if: products != nil && !TestDatabase.isPostgres, "a measurement: KONTOR_LOCK_WAIT_PRODUCTS=N, SQLite only"))
    func pageWritesBesideTheRun() async throws {
        let count = try #require(Self.products)
        try await withTestApps(count: 2) { apps, clock in
            let (cli, server) = (apps[0], apps[1])
            let today = RenewalScenario.today(cli, clock)
            _ = try await RenewalBenchmarkCommand.fill(cli, count: count, renewsAt: ProductService.day(today)!, now: clock.now)
            let organization = try #require(try await Organization.query(on: server.db).first())
            let organizationID = try organization.requireID()

            let running = ManagedAtomicFlag()
            // A page's writes, one every 20 ms: half in a transaction (most pages), half a single statement.
            let writer = Task { () -> (waits: [Double], failures: Int) in
                var waits: [Double] = []
                var failures = 0
                var index = 0
                while running.isSet {
                    index += 1
                    let name = "Benchmark \(index)"
                    let started = Date()
                    do {
                        if index % 2 == 0 {
                            try await server.db.transaction { db in
                                try await (db as! any SQLDatabase).update(Organization.schema).set("name", to: name)
                                    .where("id", .equal, organizationID).run()
                            }
                        } else {
                            try await (server.db as! any SQLDatabase).update(Organization.schema).set("name", to: name)
                                .where("id", .equal, organizationID).run()
                        }
                        waits.append(Date().timeIntervalSince(started))
                    } catch {
                        failures += 1
                    }
                    try? await Task.sleep(nanoseconds: 20_000_000)
                }
                return (waits, failures)
            }
            // KONTOR_LOCK_WAIT_RUN: `before` for the run as it was (no turns), `HOLDING/PAUSE` in seconds for other
            // turns; KONTOR_LOCK_WAIT_CHUNK for another chunk size.
            var run = cli.renewalRun()
            if let chunk = ProcessInfo.processInfo.environment["KONTOR_LOCK_WAIT_CHUNK"].flatMap(Int.init) { run.batchSize = chunk }
            switch ProcessInfo.processInfo.environment["KONTOR_LOCK_WAIT_RUN"] ?? "" {
            case "before": run.lockTurns = nil
            case let turns where turns.contains("/"):
                let parts = turns.split(separator: "/").compactMap { Double($0) }
                run.lockTurns = SQLiteLockTurns(holding: parts[0], pause: parts[1])
            default: break
            }
            let mode = ProcessInfo.processInfo.environment["KONTOR_LOCK_WAIT_RUN"] ?? "as shipped"
            let started = Date()
            let report = try await run.run()
            let seconds = Date().timeIntervalSince(started)
            running.clear()
            let (waits, failures) = await writer.value
            let sorted = waits.sorted()
            func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            print("LOCKWAIT \(mode), chunks of \(run.batchSize), turns \(run.lockTurns.map { "\($0.holding)/\($0.pause) s" } ?? "none")")
            print(String(format: "LOCKWAIT products %d: run %.2f s, renewed %d; %d page writes meanwhile, %d failed; wait p50 %.0f ms, p95 %.0f ms, "
                         + "p99 %.0f ms, worst %.0f ms", count, seconds, report.renewed.values.reduce(0, +), waits.count, failures,
                         percentile(0.5) * 1000, percentile(0.95) * 1000, percentile(0.99) * 1000, (sorted.last ?? 0) * 1000))
            #expect(report.renewed[.automatic] == count)
            #expect(failures == 0, "no page write gave up (busy)")
        }
    }
}

/// A flag two tasks share.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = true
    var isSet: Bool { lock.withLock { value } }
    func clear() { lock.withLock { value = false } }
}

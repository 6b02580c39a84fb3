import Foundation
import KontorSearch

/// Builds each engine on the same corpus and times the same queries on it, one table row per engine.
struct LatencyRun {
    let documents: [EvalDocument]
    let queries: [LabelledQuery]
    /// Run once untimed before timing: it fills caches and prepares what each engine prepares lazily.
    let warmUp: [LabelledQuery]

    /// Kontor, called synchronously: no task hop between the clock and the engine.
    func kontor() async throws -> [String] {
        let before = ProcessMemory.residentBytes
        let (engine, build) = try await Self.timed("Kontor: indexing \(documents.count) articles") {
            KontorEngine(documents: documents, synonyms: DefaultSynonyms.merged(withEditors: EditorSynonyms.groups))
        }
        var memory = "n/a"
        if let before, let after = ProcessMemory.residentBytes { memory = ProcessMemory.megabytes(after - before) + " RSS" }
        if let peak = ProcessMemory.peakResidentBytes {
            Console.progress("  process peak RSS so far: \(ProcessMemory.megabytes(peak))")
        }
        let times = await Console.step("Kontor: \(queries.count) queries") {
            for query in warmUp { _ = engine.searchNow(query.text, language: query.language, limit: 10) }
            return queries.map { query in
                let start = ContinuousClock.now
                _ = engine.searchNow(query.text, language: query.language, limit: 10)
                return Console.milliseconds(ContinuousClock.now - start)
            }
        }
        return Self.row("Kontor", build, memory, LatencySummary(milliseconds: times))
    }

    func sqlite(strategy: PeerQueryStrategy, versions: inout [String]) async throws -> [String] {
        let (engine, build) = try await Self.timed("SQLite FTS5: indexing \(documents.count) articles") {
            try await SQLiteFTSEngine.make(documents: documents, strategy: strategy, withSnippets: true)
        }
        do {
            let size = try await engine.databaseBytes()
            versions.append("SQLite " + (try await engine.version()))
            let times = try await Console.step("SQLite FTS5: \(queries.count) queries") { try await measure(engine) }
            try await engine.shutdown()
            return Self.row("SQLite FTS5 (\(strategy.rawValue))", build, ProcessMemory.megabytes(size) + " db",
                            LatencySummary(milliseconds: times))
        } catch {
            try? await engine.shutdown()
            throw error
        }
    }

    func postgres(url: String, strategy: PeerQueryStrategy, versions: inout [String]) async throws -> [String] {
        let (engine, build) = try await Self.timed("PostgreSQL FTS: loading \(documents.count) articles") {
            try await PostgresFTSEngine.make(url: url, documents: documents, strategy: strategy, withSnippets: true)
        }
        do {
            let size = try await engine.databaseBytes()
            versions.append("PostgreSQL " + (try await engine.version()))
            let times = try await Console.step("PostgreSQL FTS: \(queries.count) queries") { try await measure(engine) }
            try await engine.shutdown()
            return Self.row("PostgreSQL FTS (\(strategy.rawValue))", build, ProcessMemory.megabytes(size) + " table",
                            LatencySummary(milliseconds: times))
        } catch {
            try? await engine.shutdown()
            throw error
        }
    }

    /// Times a peer query by query, after the untimed warm-up pass.
    private func measure(_ engine: any SearchEngine) async throws -> [Double] {
        for query in warmUp { _ = try await engine.search(query.text, language: query.language, limit: 10) }
        var times: [Double] = []
        times.reserveCapacity(queries.count)
        for query in queries {
            let start = ContinuousClock.now
            _ = try await engine.search(query.text, language: query.language, limit: 10)
            times.append(Console.milliseconds(ContinuousClock.now - start))
        }
        return times
    }

    private static func timed<T>(_ label: String, _ body: () async throws -> T) async throws -> (T, Duration) {
        let start = ContinuousClock.now
        let value = try await Console.step(label, body)
        return (value, ContinuousClock.now - start)
    }

    private static func row(_ name: String, _ build: Duration, _ memory: String, _ summary: LatencySummary) -> [String] {
        [name, Console.seconds(build), memory] + [summary.median, summary.p90, summary.p99, summary.max].map {
            String(format: "%.2f ms", $0)
        }
    }
}

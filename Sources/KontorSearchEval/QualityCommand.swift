import Foundation
import KontorSearch

/// `kontor-search-eval quality`: scores Kontor and the SQL peers on the labelled queries.
enum QualityCommand {
    /// Every help-center language, in the order the report lists them; a language no query uses is left out.
    static let languages: [SearchLanguage] = [.es, .en, .fr, .de, .it]

    static func run(_ options: Options) async throws {
        let corpus = try options.corpus()
        let documents = corpus.documents
        let queries = try QuerySet.load(path: options.queryFile).map(corpus.served)
        for (guide, covering) in corpus.heldBack.sorted(by: { $0.key < $1.key }) {
            Console.progress("\(guide) is held back as a draft, as the help center imports it: its questions expect \(covering)")
        }
        for slug in QuerySet.unknownSlugs(in: queries, documents: documents) {
            Console.progress("warning: \(slug) is expected by a query but is not in the corpus")
        }

        if options.flag("shipped-only") {
            // A quick run for tuning: the figure the benchmarks report, without the other engines.
            let shipped = try await Console.step("Kontor, shipped synonyms: \(documents.count) documents, \(queries.count) queries") {
                try await EngineEvaluation.run(
                    KontorEngine(documents: documents, synonyms: DefaultSynonyms.groups, name: "Kontor, shipped synonyms"),
                    on: queries)
            }
            print(QualityReport.table([shipped], postgresNote: nil))
            if options.flag("details") {
                print("\nQueries whose first result is wrong\n")
                print(QualityReport.details(queries: queries, evaluations: [shipped]))
            }
            return
        }

        let kontor = try await Console.step("Kontor: indexing \(documents.count) documents, \(queries.count) queries") {
            // As the help center runs it: the shipped defaults, overridden where the editors' list says otherwise.
            let synonyms = DefaultSynonyms.merged(withEditors: EditorSynonyms.groups)
            let engine = KontorEngine(documents: documents, synonyms: synonyms)
            return try await EngineEvaluation.run(engine, on: queries)
        }
        let shipped = try await EngineEvaluation.run(
            KontorEngine(documents: documents, synonyms: DefaultSynonyms.groups, name: "Kontor, shipped synonyms"),
            on: queries)
        let bare = try await EngineEvaluation.run(
            KontorEngine(documents: documents, synonyms: [], name: "Kontor, no synonyms"), on: queries)

        var versions: [String] = []
        let sqlite = try await Console.step("SQLite FTS5: indexing and running the queries three ways") {
            let engine = try await SQLiteFTSEngine.make(documents: documents, strategy: .or)
            versions.append("SQLite " + (try await engine.version()))
            let result = try await PeerEvaluation.run(name: "SQLite FTS5", on: queries) { strategy in
                engine.with(strategy: strategy, name: "SQLite FTS5")
            }
            try await engine.shutdown()
            return result
        }

        var postgres: PeerEvaluation?
        var postgresNote = "not measured (no --postgres URL and no DATABASE_URL)"
        if let url = PostgresURL.chosen(option: options.value("postgres")) {
            do {
                postgres = try await Console.step("PostgreSQL FTS: loading and running the queries three ways") {
                    let engine = try await PostgresFTSEngine.make(url: url, documents: documents, strategy: .or)
                    versions.append("PostgreSQL " + (try await engine.version()))
                    do {
                        let result = try await PeerEvaluation.run(name: "PostgreSQL FTS", on: queries) { strategy in
                            engine.with(strategy: strategy, name: "PostgreSQL FTS")
                        }
                        try await engine.shutdown()
                        return result
                    } catch {
                        try? await engine.shutdown()
                        throw error
                    }
                }
            } catch {
                Console.progress("\nPostgreSQL not measured: \(String(reflecting: error))")
                postgresNote = "not measured (could not connect or query; see standard error)"
            }
        }

        let asked = languages.filter { language in queries.contains { $0.language == language } }
        let counts = asked.map { language in "\(language.rawValue) \(queries.count { $0.language == language })" }
        print("Search quality: \(queries.count) labelled queries (\(counts.joined(separator: ", "))), "
            + "\(documents.count) documents, top 10 per query; \(versions.joined(separator: ", "))\n")
        let peers = [sqlite] + (postgres.map { [$0] } ?? [])
        let reported = [kontor, shipped, bare] + peers.map(\.best.evaluation)
        print(QualityReport.table(reported, postgresNote: postgres == nil ? postgresNote : nil))
        print("\nPeer query strategies, all languages (the better of OR and AND-then-OR is reported above)\n")
        print(QualityReport.strategyTable(peers))
        if options.flag("details") {
            print("\nQueries whose first result is wrong for at least one engine\n")
            print(QualityReport.details(queries: queries, evaluations: reported))
        }

        if let path = options.value("chart") {
            let svg = QualityChart.svg(reported, missing: postgres == nil ? "PostgreSQL FTS: \(postgresNote)" : nil,
                                       queryCount: queries.count,
                                       languages: asked.map(\.rawValue),
                                       file: options.queryFile)
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
            Console.progress("chart written to \(path)")
        }
    }
}

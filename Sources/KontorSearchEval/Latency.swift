import Foundation
import KontorSearch

/// `kontor-search-eval latency`: build time, memory and per-query latency on a large generated corpus.
enum LatencyCommand {
    /// Each peer's query strategy here: the one that scored better for it in the quality run (docs/benchmarks.md).
    static let sqliteStrategy = PeerQueryStrategy.or
    static let postgresStrategy = PeerQueryStrategy.andThenOr

    static func run(_ options: Options) async throws {
        let articleCount = try options.int("articles", default: 10_000)
        let queryCount = try options.int("queries", default: 2_000)
        let real = try options.corpus().documents
        let labelled = try QuerySet.load(path: options.queryFile)
        // The labelled queries, cycled: realistic words, each searched in its own language.
        let queries = (0..<queryCount).map { labelled[$0 % labelled.count] }

        let documents = await Console.step("generating \(articleCount) articles") {
            var generator = GeneratedCorpus(learningFrom: real)
            return real + generator.articles(articleCount)
        }
        if options.flag("sample") { showSample(of: documents) }
        let words = documents.reduce(0) { $0 + $1.body.split(separator: " ").count } / max(documents.count, 1)
        print("Latency: \(documents.count) articles (\(articleCount) generated + \(real.count) real guides, "
            + "~\(words) body words each), \(queries.count) queries, top 10 with snippets, one query at a time\n")

        let run = LatencyRun(documents: documents, queries: queries, warmUp: labelled)
        var table = TextTable(["engine", "build", "memory", "median", "p90", "p99", "max"])
        var versions: [String] = []
        table.add(try await run.kontor())
        table.add(try await run.sqlite(strategy: sqliteStrategy, versions: &versions))
        if let url = PostgresURL.chosen(option: options.value("postgres")) {
            do {
                table.add(try await run.postgres(url: url, strategy: postgresStrategy, versions: &versions))
            } catch {
                Console.progress("\nPostgreSQL not measured: \(String(reflecting: error))")
                table.add(["PostgreSQL FTS", "not measured (could not connect or query)"])
            }
        } else {
            table.add(["PostgreSQL FTS", "not measured (no --postgres URL and no DATABASE_URL)"])
        }

        print(table.render(leftAligned: 1))
        print("\nLatency in ms per query: Kontor in-process; SQLite through SQLiteNIO's thread pool; "
            + "PostgreSQL over a loopback connection. Kontor memory is the RSS growth while building its index. "
            + versions.joined(separator: ", ") + ".")
        // Other work on a 2-core machine moves these figures more than anything measured, so say how busy it was.
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            let averages = load.split(separator: " ").prefix(3).joined(separator: ", ")
            print("\nLoad average (1, 5, 15 min) after the run: " + averages)
        }
    }

    /// One generated article per language on standard error, to judge whether the text reads like help content.
    private static func showSample(of documents: [EvalDocument]) {
        for language in [SearchLanguage.es, .en, .fr] {
            guard let article = documents.first(where: { $0.language == language && $0.category == "generated" })
            else { continue }
            Console.progress("--- \(article.slug)\n# \(article.title)\n\(article.summary)\n"
                + "[\(article.tags.joined(separator: ", "))]\n\(article.body.prefix(700))…\n")
        }
    }
}

import Foundation
import KontorSearch
import PostgresNIO

/// The PostgreSQL full-text peer: Snowball stemming per language plus `unaccent`, set up as the manual recommends.
///
/// Everything lives in a schema of its own (dropped by `shutdown`), so a run leaves the database as it found it;
/// only the `unaccent` extension stays, since other schemas may rely on it. No typo tolerance and no synonyms.
final class PostgresFTSEngine: SearchEngine {
    let name: String
    private let connection: PostgresConnection
    private let schema: String
    private let strategy: PeerQueryStrategy
    private let withSnippets: Bool
    private let logger: Logger

    private init(
        name: String, connection: PostgresConnection, schema: String, strategy: PeerQueryStrategy,
        withSnippets: Bool, logger: Logger
    ) {
        self.name = name
        self.connection = connection
        self.schema = schema
        self.strategy = strategy
        self.withSnippets = withSnippets
        self.logger = logger
    }

    /// Connects, creates the schema, configurations, table and GIN index, and loads `documents`.
    static func make(
        url: String, documents: [EvalDocument], strategy: PeerQueryStrategy, withSnippets: Bool = false,
        name: String = "PostgreSQL FTS"
    ) async throws -> PostgresFTSEngine {
        let logger = Logger(label: "kontor-search-eval.postgres")
        let connection = try await PostgresConnection.connect(
            configuration: try PostgresURL.configuration(url), id: 1, logger: logger)
        let schema = "kontor_eval_\(UInt32.random(in: 0...UInt32.max))"
        let engine = PostgresFTSEngine(
            name: name, connection: connection, schema: schema, strategy: strategy, withSnippets: withSnippets,
            logger: logger)
        do {
            try await engine.createSchema()
            try await engine.load(documents)
        } catch {
            try? await engine.shutdown()
            throw error
        }
        return engine
    }

    /// A copy that queries the same tables another way, so strategies are compared without reloading.
    func with(strategy: PeerQueryStrategy, name: String) -> PostgresFTSEngine {
        PostgresFTSEngine(
            name: name, connection: connection, schema: schema, strategy: strategy, withSnippets: withSnippets,
            logger: logger)
    }

    private func execute(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    private func createSchema() async throws {
        try await execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        // The dictionary lives wherever the extension was installed; name it fully so search_path does not matter.
        let rows = try await connection.query("""
            SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'unaccent'
            """, logger: logger)
        var unaccentSchema = "public"
        for try await name in rows.decode(String.self) { unaccentSchema = name }
        try await execute("CREATE SCHEMA \(schema)")
        for language in SearchLanguage.allCases {
            let snowball = Self.snowballName(language)
            try await execute("CREATE TEXT SEARCH CONFIGURATION \(configuration(language)) (COPY = pg_catalog.\(snowball))")
            try await execute("""
                ALTER TEXT SEARCH CONFIGURATION \(configuration(language))
                ALTER MAPPING FOR hword, hword_part, word WITH \(unaccentSchema).unaccent, \(snowball)_stem
                """)
        }
        // Weights follow Kontor's field order: A title, B headings (and tags), C summary, D body.
        try await execute("""
            CREATE TABLE \(schema).docs (
                id serial PRIMARY KEY, slug text NOT NULL, language text NOT NULL, config regconfig NOT NULL,
                title text NOT NULL, summary text NOT NULL, headings text NOT NULL, body text NOT NULL,
                tsv tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector(config, title), 'A') || setweight(to_tsvector(config, headings), 'B') ||
                    setweight(to_tsvector(config, summary), 'C') || setweight(to_tsvector(config, body), 'D')
                ) STORED)
            """)
    }

    /// Inserts in batches of arrays through `unnest`, far faster than one round trip per row; the GIN index is
    /// built afterwards, as a bulk load should.
    private func load(_ documents: [EvalDocument]) async throws {
        for start in stride(from: 0, to: documents.count, by: 500) {
            let batch = documents[start..<min(start + 500, documents.count)]
            let slugs = batch.map(\.slug), languages = batch.map(\.language.rawValue)
            let configs = batch.map { configuration($0.language) }
            let titles = batch.map(\.title), summaries = batch.map(\.summary)
            let headings = batch.map(\.headingsAndTags), bodies = batch.map(\.body)
            let insert: PostgresQuery = """
                INSERT INTO \(unescaped: schema).docs (slug, language, config, title, summary, headings, body)
                SELECT s, l, c::regconfig, t, su, h, b
                FROM unnest(\(slugs)::text[], \(languages)::text[], \(configs)::text[], \(titles)::text[],
                            \(summaries)::text[], \(headings)::text[], \(bodies)::text[]) AS u(s, l, c, t, su, h, b)
                """
            try await connection.query(insert, logger: logger)
        }
        try await execute("CREATE INDEX ON \(schema).docs USING gin (tsv)")
        try await execute("ANALYZE \(schema).docs")
    }

    func search(_ query: String, language: SearchLanguage, limit: Int) async throws -> [String] {
        let words = QueryWords(query)
        guard !words.words.isEmpty else { return [] }
        switch strategy {
        case .and: return try await run(Self.tsquery(words, joinedBy: " & "), language, limit)
        case .or: return try await run(Self.tsquery(words, joinedBy: " | "), language, limit)
        case .andThenOr:
            let all = try await run(Self.tsquery(words, joinedBy: " & "), language, limit)
            if !all.isEmpty || words.words.count == 1 { return all }
            return try await run(Self.tsquery(words, joinedBy: " | "), language, limit)
        }
    }

    /// The server's version, for the report.
    func version() async throws -> String {
        var version = "?"
        for try await value in try await connection.query("SHOW server_version", logger: logger).decode(String.self) {
            version = value
        }
        return version
    }

    /// Table and index size, for the latency report.
    func databaseBytes() async throws -> Int {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT pg_total_relation_size('\(schema).docs')::int8"), logger: logger)
        var bytes = 0
        for try await value in rows.decode(Int.self) { bytes = value }
        return bytes
    }

    func shutdown() async throws {
        try? await execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
        try await connection.close()
    }

    /// Words for `to_tsquery`, which stems each with the language's configuration and drops stop words.
    ///
    /// `websearch_to_tsquery` would AND every word, and a natural question ANDed finds almost nothing, so the
    /// words are joined here instead; `QueryWords` only yields letters and digits, which `to_tsquery` cannot
    /// misread as operators. The last word gets `:*` while it may still be being typed.
    static func tsquery(_ query: QueryWords, joinedBy separator: String) -> String {
        query.words.enumerated().map { position, word in
            position == query.words.count - 1 && query.lastIsPrefix ? word + ":*" : word
        }.joined(separator: separator)
    }

    private func run(_ tsquery: String, _ language: SearchLanguage, _ limit: Int) async throws -> [String] {
        // ts_rank_cd weights are {D, C, B, A}: body 1, summary 2, headings 3, title 6, scaled to Kontor's ratios.
        let snippet = withSnippets ? ", ts_headline(q.config, d.body, q.query, 'MaxWords=24, MinWords=12')" : ""
        let sql: PostgresQuery = """
            WITH q AS (SELECT \(configuration(language))::regconfig AS config,
                              to_tsquery(\(configuration(language))::regconfig, \(tsquery)) AS query),
                 best AS (SELECT d.id, d.slug, d.body,
                                 ts_rank_cd('{0.1667, 0.3333, 0.5, 1.0}', d.tsv, q.query) AS rank
                          FROM \(unescaped: schema).docs d, q
                          WHERE d.language = \(language.rawValue) AND d.tsv @@ q.query
                          ORDER BY rank DESC, d.id LIMIT \(limit))
            SELECT d.slug\(unescaped: snippet) FROM best d, q ORDER BY d.rank DESC, d.id
            """
        let rows = try await connection.query(sql, logger: logger)
        var slugs: [String] = []
        if withSnippets {
            for try await (slug, _) in rows.decode((String, String).self) { slugs.append(slug) }
        } else {
            for try await slug in rows.decode(String.self) { slugs.append(slug) }
        }
        return slugs
    }

    private func configuration(_ language: SearchLanguage) -> String { "\(schema).kontor_\(language.rawValue)" }

    private static func snowballName(_ language: SearchLanguage) -> String {
        switch language {
        case .es: "spanish"
        case .fr: "french"
        case .en: "english"
        case .de: "german"
        case .it: "italian"
        }
    }
}

import Foundation
import KontorSearch
import SQLiteNIO

/// The SQLite FTS5 peer: what a Vapor app gets from the SQLite it already bundles, set up as well as FTS5 allows.
///
/// `unicode61 remove_diacritics 2` folds case and accents ("contrasena" finds "contraseña"); there is no stemming
/// (except the English-only porter tokenizer, not used so that all languages are treated alike), no typo tolerance
/// and no synonyms. Ranking is `bm25()` with the same field weights as Kontor: title 6, headings 3, summary 2, body 1.
final class SQLiteFTSEngine: SearchEngine {
    let name: String
    private let connection: SQLiteConnection
    private let strategy: PeerQueryStrategy
    /// Also build a snippet per hit, so latency compares like with like (Kontor always builds snippets).
    private let withSnippets: Bool

    private init(name: String, connection: SQLiteConnection, strategy: PeerQueryStrategy, withSnippets: Bool) {
        self.name = name
        self.connection = connection
        self.strategy = strategy
        self.withSnippets = withSnippets
    }

    /// Opens an in-memory database and indexes `documents` in one transaction.
    static func make(
        documents: [EvalDocument], strategy: PeerQueryStrategy, withSnippets: Bool = false, name: String = "SQLite FTS5"
    ) async throws -> SQLiteFTSEngine {
        let connection = try await SQLiteConnection.open(storage: .memory)
        _ = try await connection.query("""
            CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, language UNINDEXED, title, summary, headings, body,
                tokenize = 'unicode61 remove_diacritics 2')
            """)
        _ = try await connection.query("BEGIN")
        for document in documents {
            _ = try await connection.query(
                "INSERT INTO docs (slug, language, title, summary, headings, body) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(document.slug), .text(document.language.rawValue), .text(document.title),
                 .text(document.summary), .text(document.headingsAndTags), .text(document.body)])
        }
        _ = try await connection.query("COMMIT")
        return SQLiteFTSEngine(name: name, connection: connection, strategy: strategy, withSnippets: withSnippets)
    }

    /// A copy that queries the same database another way, so strategies are compared without reindexing.
    func with(strategy: PeerQueryStrategy, name: String) -> SQLiteFTSEngine {
        SQLiteFTSEngine(name: name, connection: connection, strategy: strategy, withSnippets: withSnippets)
    }

    func search(_ query: String, language: SearchLanguage, limit: Int) async throws -> [String] {
        let words = QueryWords(query)
        guard !words.words.isEmpty else { return [] }
        switch strategy {
        case .and: return try await run(Self.match(words, joinedBy: " "), language, limit)
        case .or: return try await run(Self.match(words, joinedBy: " OR "), language, limit)
        case .andThenOr:
            let all = try await run(Self.match(words, joinedBy: " "), language, limit)
            if !all.isEmpty || words.words.count == 1 { return all }
            return try await run(Self.match(words, joinedBy: " OR "), language, limit)
        }
    }

    /// The bundled SQLite's version, for the report.
    func version() async throws -> String {
        try await connection.query("SELECT sqlite_version() AS version").first?.column("version")?.string ?? "?"
    }

    /// Bytes the FTS5 tables take in the in-memory database.
    func databaseBytes() async throws -> Int {
        let pages = try await connection.query("PRAGMA page_count").first?.column("page_count")?.integer ?? 0
        let size = try await connection.query("PRAGMA page_size").first?.column("page_size")?.integer ?? 0
        return Int(pages) * Int(size)
    }

    func shutdown() async throws {
        try await connection.close()
    }

    /// Each word quoted as an FTS5 string so no word is read as syntax (`AND`, `NEAR`, `-`, `:`); the last one as a
    /// prefix query while it may still be being typed. Words separated by a space are ANDed by FTS5.
    static func match(_ query: QueryWords, joinedBy separator: String) -> String {
        query.words.enumerated().map { position, word in
            let quoted = "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return position == query.words.count - 1 && query.lastIsPrefix ? quoted + "*" : quoted
        }.joined(separator: separator)
    }

    private func run(_ match: String, _ language: SearchLanguage, _ limit: Int) async throws -> [String] {
        // bm25() arguments follow the column order: slug, language, title, summary, headings, body.
        let snippet = withSnippets ? ", snippet(docs, -1, '<mark>', '</mark>', '…', 16) AS snippet" : ""
        let rows = try await connection.query("""
            SELECT slug\(snippet) FROM docs
            WHERE docs MATCH ? AND language = ?
            ORDER BY bm25(docs, 0, 0, 6.0, 2.0, 3.0, 1.0), rowid
            LIMIT ?
            """, [.text(match), .text(language.rawValue), .integer(limit)])
        return rows.compactMap { $0.column("slug")?.string }
    }
}

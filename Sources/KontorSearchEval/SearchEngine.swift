import KontorSearch

/// Something that answers a query with article slugs, best first: Kontor or one of its peers.
///
/// Async because the SQL peers answer over SQLiteNIO's thread pool or a PostgreSQL connection.
protocol SearchEngine: Sendable {
    /// The name shown in tables and on the chart.
    var name: String { get }
    /// The best `limit` slugs for `query` among documents of `language`.
    func search(_ query: String, language: SearchLanguage, limit: Int) async throws -> [String]
    /// Releases connections and temporary database objects.
    func shutdown() async throws
}

extension SearchEngine {
    func shutdown() async throws {}
}

/// How a peer turns the customer's words into a full-text query.
///
/// Kontor has its own answer (all words preferred, fewer accepted, ranked by how many match); the peers need one
/// chosen for them, so each is measured with all three and the better of `or` and `andThenOr` is reported.
enum PeerQueryStrategy: String, Sendable, CaseIterable {
    /// Every word required: what `websearch_to_tsquery` and a plain FTS5 query do. Natural questions mostly find nothing.
    case and = "AND"
    /// Any word suffices; ranking sorts out the rest.
    case or = "OR"
    /// All words first; only if that finds nothing, any word.
    case andThenOr = "AND, then OR"
}

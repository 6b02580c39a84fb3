/// A piece of displayed text; matched words are separate parts with `isMatch` set. Never HTML: the app escapes.
public struct SnippetPart: Sendable, Hashable, Codable {
    /// Original text, with its accents and case.
    public var text: String
    /// Whether this part is a word that matched the query.
    public var isMatch: Bool

    /// Creates a part.
    public init(text: String, isMatch: Bool) {
        self.text = text
        self.isMatch = isMatch
    }
}

/// One found article.
public struct SearchHit: Sendable {
    /// The document id.
    public var id: String
    /// Relevance; only meaningful for comparing hits of the same search.
    public var score: Double
    /// The title split into parts with matched words marked.
    public var titleParts: [SnippetPart]
    /// About 160 characters of summary or body around the densest cluster of matches.
    public var snippet: [SnippetPart]
    /// True when every query word matched as typed (or as the same stem): no typo correction, completion or synonym.
    public var matchedExactly: Bool
    /// Why it ranks where it does, for diagnosis (`kontor-search-eval probe`): the first ranking rule's numbers (query
    /// words clearly matched; topical words in halves, `TopicMention`) and the second's (words needing a correction).
    public var ranking = (clearWords: 0, topicalHalves: 0, corrections: 0)

    /// Creates a hit (the engine makes them; this is for the app's tests and previews).
    public init(id: String, score: Double, titleParts: [SnippetPart], snippet: [SnippetPart], matchedExactly: Bool) {
        self.id = id
        self.score = score
        self.titleParts = titleParts
        self.snippet = snippet
        self.matchedExactly = matchedExactly
    }
}

/// The answer to one search.
public struct SearchResults: Sendable {
    /// The best hits, at most `limit`.
    public var hits: [SearchHit]
    /// How many documents matched in all (after filters), not just those returned.
    public var total: Int
    /// Query words that are not in the index mapped to the indexed word used instead ("did you mean").
    public var correctedTerms: [String: String]

    /// Creates results (the engine makes them; this is for the app's tests and previews).
    public init(hits: [SearchHit], total: Int, correctedTerms: [String: String]) {
        self.hits = hits
        self.total = total
        self.correctedTerms = correctedTerms
    }

    /// The answer for a query that cannot match anything.
    static let empty = SearchResults(hits: [], total: 0, correctedTerms: [:])
}

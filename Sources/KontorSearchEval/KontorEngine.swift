import KontorSearch

/// Kontor's own engine, exactly as the help center runs it: one in-memory `SearchIndex` with editor synonyms.
struct KontorEngine: SearchEngine {
    let name: String
    private let index: SearchIndex

    /// Indexes `documents`; pass `synonyms: []` to see what the engine does without an editor's help.
    init(documents: [EvalDocument], synonyms: [SynonymGroup], name: String = "Kontor") {
        self.name = name
        index = SearchIndex(documents: documents.map(\.searchDocument), synonyms: synonyms)
    }

    /// Builds the index from ready-made search documents (the latency corpus is generated as such).
    init(searchDocuments: [SearchDocument], synonyms: [SynonymGroup], name: String = "Kontor") {
        self.name = name
        index = SearchIndex(documents: searchDocuments, synonyms: synonyms)
    }

    func search(_ query: String, language: SearchLanguage, limit: Int) async throws -> [String] {
        searchNow(query, language: language, limit: limit)
    }

    /// The synchronous search, for latency: no task hop between the clock and the engine.
    /// Snippets and highlighted titles are built as part of `SearchIndex.search`, so they are timed too.
    func searchNow(_ query: String, language: SearchLanguage, limit: Int) -> [String] {
        index.search(query, language: language, limit: limit).hits.map(\.id)
    }
}

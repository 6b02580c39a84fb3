@testable import KontorSearch

/// A document with only what a test cares about; everything else empty.
func article(
    _ id: String, _ language: SearchLanguage = .es, title: String, summary: String = "", headings: [String] = [],
    body: String = "", kind: String = "guide", category: String? = nil, tags: [String] = [], keywords: [String] = [],
    popularity: Int = 0
) -> SearchDocument {
    SearchDocument(
        id: id, language: language, title: title, summary: summary, headings: headings, body: body,
        kind: kind, category: category, tags: tags, keywords: keywords, popularity: popularity)
}

/// The words the tokenizer gives for `text`, as the index reads them (phrases joined).
func tokens(_ text: String, _ language: SearchLanguage) -> [String] {
    var words: [String] = []
    Tokenizer.forEachToken(in: text, language: language) { words.append($0.lowered); return true }
    return words
}

extension SearchIndex {
    /// Ids of the hits, best first.
    func ids(_ query: String, language: SearchLanguage = .es, filters: SearchFilters = .init(), limit: Int = 10) -> [String] {
        search(query, language: language, filters: filters, limit: limit).hits.map(\.id)
    }
}

extension [SnippetPart] {
    /// The text of the parts marked as matches.
    var matchedTexts: [String] { filter(\.isMatch).map(\.text) }
    /// All parts joined back together.
    var joined: String { map(\.text).joined() }
}

import KontorSearch

/// `kontor-search-eval probe --query TEXT [--language es]`: one query's top 10 from Kontor, with scores, for diagnosis.
enum ProbeCommand {
    static func run(_ options: Options, query: String) throws {
        guard let language = SearchLanguage(rawValue: options.value("language") ?? "es") else {
            throw Options.UsageError(description: "--language must be one of es, en, fr, de, it")
        }
        let documents = try options.corpus().documents
        let asShipped = DefaultSynonyms.merged(withEditors: EditorSynonyms.groups)
        let engines: [(String, [SynonymGroup])] = options.flag("shipped-only")
            ? [("Kontor, shipped synonyms", DefaultSynonyms.groups)]
            : [("Kontor", asShipped), ("Kontor, no synonyms", [])]
        for (label, synonyms) in engines {
            let index = SearchIndex(documents: documents.map(\.searchDocument), synonyms: synonyms)
            let results = index.search(query, language: language, limit: 10)
            let corrected = results.correctedTerms.isEmpty ? "" : ", corrected \(results.correctedTerms)"
            print("\(label): \(results.total) matching" + corrected)
            for hit in results.hits {
                // Matched words in brackets, as the help center highlights them.
                let snippet = hit.snippet.map { $0.isMatch ? "[\($0.text)]" : $0.text }.joined()
                let score = String(format: "%7.3f", hit.score), exact = hit.matchedExactly ? "exact" : "     "
                print("  words \(hit.ranking.clearWords)+\(hit.ranking.topicalHalves)/2 typos \(hit.ranking.corrections)  \(score)  \(exact)  \(hit.id)  \(snippet.prefix(70))")
            }
        }
    }
}

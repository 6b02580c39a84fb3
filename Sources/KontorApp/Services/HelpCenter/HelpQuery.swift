import Fluent
import Foundation
import KontorDomain
import KontorSearch
import Vapor

/// One help-center search as pages and the API run it: in the reader's language, falling back to the
/// default language when that finds nothing (the imported knowledge base may exist in one language only).
struct HelpQuery {
    struct Outcome {
        let snapshot: HelpSnapshot
        let results: SearchResults
        let language: String
        let isFallback: Bool
        /// Another language whose guides have every word of the question as typed, where this language's best result
        /// needed corrections or found nothing: a German question asked on the Spanish help center.
        var otherLanguage: String? = nil

        var articles: [(hit: SearchHit, article: HelpSnapshot.Article)] {
            results.hits.compactMap { hit in snapshot.articles[hit.id].map { (hit, $0) } }
        }
    }

    static let maximumLength = 200

    let text: String
    let language: String
    var category: String?
    var kind: String?
    var limit = 20
    /// Results skipped: a later page.
    var offset = 0
    /// Pages of results go no further (1,000 results): beyond, a reader rephrases rather than pages on.
    static let maximumOffset = 1_000

    /// Runs the search; `record` adds it to the staff's search analytics (not done for results while typing).
    func run(on request: Request, record: Bool) async throws -> Outcome {
        let snapshot = try await request.helpSnapshot()
        let filters = SearchFilters(category: category, kind: kind)
        let trimmed = String(text.prefix(Self.maximumLength))
        var outcome = Outcome(snapshot: snapshot, results: search(snapshot, trimmed, language, filters), language: language, isFallback: false)
        // Nothing found: the guide may exist in the default language only. Never for words that are only this language's
        // stop words ("und" on the German help center found "under" and "undo" in English).
        let fallback = request.kontor.config.defaultLanguage.rawValue
        // (Nothing at all: a later page past the last result is no reason to look elsewhere.)
        if outcome.results.total == 0, fallback != language, let own = SearchLanguage(rawValue: language),
           snapshot.index.hasSearchableWords(trimmed, language: own) {
            let other = search(snapshot, trimmed, fallback, filters)
            if !other.hits.isEmpty { outcome = Outcome(snapshot: snapshot, results: other, language: fallback, isFallback: true) }
        }
        // Not while typing (`record` false): the last word is still a prefix, and four more searches per key is waste.
        if record, offset == 0, !outcome.isFallback { outcome.otherLanguage = otherLanguage(snapshot, trimmed, outcome.results, filters, defaultFirst: fallback) }
        let normalized = trimmed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if record, offset == 0, !normalized.isEmpty {
            await request.kontor.readerAnalytics.recordSearch(query: String(normalized.prefix(120)), language: language,
                                                               resultCount: outcome.results.total,
                                                               firstResultSlug: outcome.articles.first?.article.slug,
                                                               reader: request.clientAddress, now: request.now)
        }
        return outcome
    }

    /// The first of Kontor's other languages (default language first) whose best result matches every word exactly,
    /// when the asked language's best result does not. A question every language knows ("DNS") never gets here.
    private func otherLanguage(_ snapshot: HelpSnapshot, _ text: String, _ results: SearchResults, _ filters: SearchFilters, defaultFirst: String) -> String? {
        guard results.hits.first?.matchedExactly != true, !text.allSatisfy(\.isWhitespace) else { return nil }
        let others = ([defaultFirst] + Language.allCases.map(\.rawValue).filter { $0 != defaultFirst }).filter { $0 != language }
        for other in others {
            guard let searchLanguage = SearchLanguage(rawValue: other) else { continue }
            let found = snapshot.index.search(text, language: searchLanguage, filters: filters, limit: 1)
            if found.hits.first?.matchedExactly == true { return other }
        }
        return nil
    }

    private func search(_ snapshot: HelpSnapshot, _ text: String, _ language: String, _ filters: SearchFilters) -> SearchResults {
        guard let searchLanguage = SearchLanguage(rawValue: language) else { return SearchResults(hits: [], total: 0, correctedTerms: [:]) }
        return snapshot.index.search(text, language: searchLanguage, filters: filters, limit: limit, offset: min(offset, Self.maximumOffset))
    }
}

extension Request {
    /// The help center as this server currently knows it (at most `HelpSearchService.refreshInterval` old).
    func helpSnapshot() async throws -> HelpSnapshot {
        try await application.kontor.helpSearch.current(on: db, now: now)
    }
}

import Foundation

/// What `SameTopicGuides` compares of a guide: its slug, language and the words that say what it is about.
public struct TopicGuide: Sendable {
    public let slug: String
    public let language: String
    public let title: String
    public let summary: String
    public let tags: [String]

    public init(slug: String, language: String, title: String, summary: String, tags: [String]) {
        self.slug = slug
        self.language = language
        self.title = title
        self.summary = summary
        self.tags = tags
    }
}

/// Which published guide an imported guide covers again (issue 11 §3): another provider's "Agregar direcciones de
/// facturación" is the topic of our own "Agregar direcciones de facturación y elegir una por producto". The help
/// center imports such a guide as a draft naming ours as related, for an editor to merge or drop, and publishes only
/// new topics; the search evaluation leaves the same drafts out, so it measures the guides customers can find.
///
/// A guide covers a topic when the published guide's title, summary and tags hold at least half of the imported
/// title's terms (the search's own analysis: stemmed, stop words out). Among those, the one whose title shares the
/// most wins, each term weighted by how rare it is among the published guides (inverse document frequency), so
/// "recuperación" tells topics apart and "correo" hardly; then the weight its whole text shares.
public enum SameTopicGuides {
    /// Imported slug → the slug of the published guide of the same language it duplicates.
    public static func match(_ imported: [TopicGuide], against published: [TopicGuide]) -> [String: String] {
        var matches: [String: String] = [:]
        for language in Set(imported.map(\.language)) {
            guard let searchLanguage = SearchLanguage(rawValue: language) else { continue }
            let analyzer = Analyzer(language: searchLanguage)
            let own = published.filter { $0.language == language }
            let words = own.map { Set(analyzer.terms(([$0.title, $0.summary] + $0.tags).joined(separator: ". "))) }
            let titles = own.map { Set(analyzer.terms($0.title)) }
            var documents: [String: Int] = [:]
            for set in words { for term in set { documents[term, default: 0] += 1 } }
            let weight = { (term: String) in log(Double(own.count + 1) / Double(documents[term, default: 0] + 1)) + 1 }
            for draft in imported where draft.language == language {
                let wanted = Set(analyzer.terms(draft.title))
                guard !wanted.isEmpty else { continue }
                var best: (slug: String, inTitle: Double, shared: Double)?
                for (index, guide) in own.enumerated() where guide.slug != draft.slug {
                    let common = wanted.intersection(words[index])
                    guard common.count * 2 >= wanted.count else { continue }
                    let inTitle = wanted.intersection(titles[index]).reduce(0) { $0 + weight($1) }
                    let shared = common.reduce(0) { $0 + weight($1) }
                    if best.map({ (inTitle, shared) > ($0.inTitle, $0.shared) }) ?? true { best = (guide.slug, inTitle, shared) }
                }
                if let best { matches[draft.slug] = best.slug }
            }
        }
        return matches
    }
}

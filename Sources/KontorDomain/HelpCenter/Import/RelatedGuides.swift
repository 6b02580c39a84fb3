/// Links guides that a reader of one is likely to need next.
enum RelatedGuides {
    /// At most this many links per guide, so the "related" box stays a recommendation rather than an index.
    static let maximum = 3

    /// Fills `related` with guides of the same category that share a console page and a keyword (see
    /// `HelpTaxonomy.keywords`), the closest first. `keywords` is indexed like `drafts`. The rule is symmetric,
    /// so links always go both ways.
    static func link(_ drafts: inout [ArticleDraft], keywords: [Set<String>]) {
        let snapshot = drafts
        for index in drafts.indices {
            var candidates: [(slug: String, closeness: Int)] = []
            for other in snapshot.indices where other != index && snapshot[other].category == snapshot[index].category {
                let sharedPages = Set(snapshot[index].contexts).intersection(snapshot[other].contexts).count
                let sharedTopics = keywords[index].intersection(keywords[other]).count
                if sharedPages > 0, sharedTopics > 0 {
                    candidates.append((snapshot[other].slug, sharedPages + sharedTopics))
                }
            }
            // Sorting is stable, so equally close guides keep page order.
            drafts[index].related = candidates.sorted { $0.closeness > $1.closeness }.prefix(maximum).map(\.slug)
        }
    }
}

/// Walks the documents an alternative matches, with the BM25F weight of each match.
enum MatchVisitor {
    /// Calls `body(document, weight)` for every document the alternative matches.
    static func forEachMatch(of alternative: MatchAlternative, in index: LanguageIndex, _ body: (Int32, Float, TopicMention) -> Void) {
        switch alternative.source {
        case .word(let id):
            for posting in index.words.postings[Int(id)] { body(posting.document, posting.weight, posting.topic) }
        case .stem(let id):
            for posting in index.stems.postings[Int(id)] { body(posting.document, posting.weight, posting.topic) }
        case .phrase(let ids):
            forEachPhraseMatch(ids, in: index.stems, body)
        }
    }

    /// Documents where the stems appear side by side in order; weighted by the mean of their weights.
    ///
    /// Driven by the rarest stem so the fewest documents are checked.
    private static func forEachPhraseMatch(_ ids: [Int32], in table: TermTable, _ body: (Int32, Float, TopicMention) -> Void) {
        guard let driver = ids.indices.min(by: { table.documentFrequency(ids[$0]) < table.documentFrequency(ids[$1]) })
        else { return }
        var postings = [Posting?](repeating: nil, count: ids.count)
        documents: for posting in table.postings[Int(ids[driver])] {
            for (offset, id) in ids.enumerated() where offset != driver {
                guard let other = table.posting(of: id, in: posting.document) else { continue documents }
                postings[offset] = other
            }
            postings[driver] = posting
            let found = table.positions(of: posting).contains { start in
                ids.indices.allSatisfy { offset in
                    guard offset != driver, let other = postings[offset] else { return true }
                    let wanted = Int64(start) - Int64(driver) + Int64(offset)
                    return table.positions(of: other).contains { Int64($0) == wanted }
                }
            }
            if found {
                let weight = postings.reduce(Float(0)) { $0 + ($1?.weight ?? 0) } / Float(ids.count)
                body(posting.document, weight, postings.map { $0?.topic ?? .none }.min() ?? .none)
            }
        }
    }
}

/// Rewards documents where consecutive query words appear close together, best as typed, in order.
///
/// Only computed for the few documents that may be shown: it needs positions, which the first
/// ranking pass over all matches does not read.
enum Proximity {
    /// Words further apart than this are unrelated for our purposes.
    static let window: Int64 = 8
    /// How much a perfect phrase match adds to a document's score (+30%).
    static let maximumBonus: Float = 0.3

    /// Reorders already ranked documents after multiplying their scores by their proximity bonus and by how much of
    /// their title the query covers (`TitleCoverage`), both needing only these few documents.
    static func rerank(_ ranked: [RankedDocument], plan: QueryPlan, index: LanguageIndex) -> [RankedDocument] {
        let titles = TitleCoverage(plan: plan, index: index)
        return ranked.map { candidate in
            var boosted = candidate
            if plan.slots.count > 1 {
                boosted.score *= 1 + maximumBonus * closeness(of: candidate.document, plan: plan, index: index)
            }
            boosted.score *= 1 + TitleCoverage.maximumBonus * titles.share(of: candidate.document)
            return boosted
        }
        .sorted { $0.ranks(above: $1) }
    }

    /// 1 when every pair of consecutive query words is adjacent in order, towards 0 as they drift apart.
    static func closeness(of document: Int32, plan: QueryPlan, index: LanguageIndex) -> Float {
        var previous = positions(of: plan.slots[0], in: document, index: index)
        var total: Float = 0
        for slot in plan.slots.dropFirst() {
            let current = positions(of: slot, in: document, index: index)
            total += pairCloseness(previous, current)
            previous = current
        }
        return total / Float(plan.slots.count - 1)
    }

    /// 1/d for the closest pair at distance d in query order; a reversed pair counts one further.
    private static func pairCloseness(_ first: [UInt32], _ second: [UInt32]) -> Float {
        var best = window + 1
        for a in first {
            for b in second {
                let distance = Int64(b) - Int64(a)
                let cost = distance > 0 ? distance : -distance + 1
                best = min(best, cost)
            }
        }
        return best <= window ? 1 / Float(best) : 0
    }

    /// Where a query word occurs in a document, through any of its single-word alternatives.
    private static func positions(of slot: QuerySlot, in document: Int32, index: LanguageIndex) -> [UInt32] {
        var found: [UInt32] = []
        for alternative in slot.alternatives {
            switch alternative.source {
            case .word(let id):
                // Words keep no positions: their stem's positions include them (and their other forms).
                let stem = index.stemOfWord[Int(id)]
                if let posting = index.stems.posting(of: stem, in: document) { found += index.stems.positions(of: posting) }
            case .stem(let id):
                if let posting = index.stems.posting(of: id, in: document) { found += index.stems.positions(of: posting) }
            case .phrase:
                continue  // a synonym phrase stands for the word as a whole; its inner positions do not help
            }
        }
        // Word and stem alternatives report the same occurrences; keep each once, and a bounded few.
        found.sort()
        var unique: [UInt32] = []
        for position in found where unique.last != position && unique.count < 64 { unique.append(position) }
        return unique
    }
}

/// Search-quality figures over a set of queries, as defined in `shared/domain/help-center.md`.
struct QualityScores: Sendable {
    /// Queries counted.
    private(set) var queries = 0
    private var firstHits = 0
    private var topThreeHits = 0
    private var reciprocalRanks = 0.0
    private var emptyResults = 0

    /// Counts one query: `slugs` is what the engine returned, best first, `expected` what would be a right answer.
    mutating func record(slugs: [String], expected: Set<String>) {
        queries += 1
        if slugs.isEmpty { emptyResults += 1 }
        // Only the first right answer counts, as in MRR: a second right guide lower down adds nothing.
        guard let rank = slugs.prefix(10).firstIndex(where: expected.contains) else { return }
        if rank == 0 { firstHits += 1 }
        if rank < 3 { topThreeHits += 1 }
        reciprocalRanks += 1 / Double(rank + 1)
    }

    /// Share of queries whose first result is a right answer.
    var successAt1: Double { share(firstHits) }
    /// Share of queries with a right answer among the first three.
    var successAt3: Double { share(topThreeHits) }
    /// Mean reciprocal rank of the first right answer within the first ten (0 when none).
    var mrrAt10: Double { queries == 0 ? 0 : reciprocalRanks / Double(queries) }
    /// Share of queries that returned nothing at all; lower is better.
    var zeroResultRate: Double { share(emptyResults) }

    private func share(_ count: Int) -> Double { queries == 0 ? 0 : Double(count) / Double(queries) }
}

/// Latency percentiles of one engine over a run of queries.
struct LatencySummary: Sendable {
    let count: Int
    let median: Double
    let p90: Double
    let p99: Double
    let max: Double

    /// Nearest-rank percentiles of `milliseconds` (any order).
    init(milliseconds: [Double]) {
        let sorted = milliseconds.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((p * Double(sorted.count)).rounded(.up))
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
        }
        count = sorted.count
        median = percentile(0.5)
        p90 = percentile(0.9)
        p99 = percentile(0.99)
        max = sorted.last ?? 0
    }
}

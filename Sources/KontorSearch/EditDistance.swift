/// Optimal-string-alignment Damerau-Levenshtein distance: insertions, deletions, substitutions and
/// swaps of two neighbouring letters ("contrsaeña") each count as one edit.
enum EditDistance {
    /// The distance between two words, or `maximum + 1` once it is certain to exceed `maximum`.
    static func damerauLevenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], maximum: Int) -> Int {
        let a = a.map(\.value), b = b.map(\.value)
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in damerauLevenshtein(a, b, maximum: maximum) }
        }
    }

    /// The same on raw scalar values, for the typo lookup's inner loop.
    static func damerauLevenshtein(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, maximum: Int) -> Int {
        if abs(a.count - b.count) > maximum { return maximum + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: width * 3) { rows in
            // Three rolling rows: two back (for swaps), one back, and the current one.
            var previous2 = 0, previous = width, current = 2 * width
            for j in 0..<width { rows[previous + j] = j }
            for i in 1...a.count {
                rows[current] = i
                var rowMinimum = i
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, rows[previous2 + j - 2] + 1)
                    }
                    rows[current + j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                if rowMinimum > maximum { return maximum + 1 }
                (previous2, previous, current) = (previous, current, previous2)
            }
            return rows[previous + b.count]
        }
    }
}

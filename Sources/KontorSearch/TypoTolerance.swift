/// Finds indexed keys within a few edits of a query word.
///
/// How many typos are forgiven depends on the word's length, as in Meilisearch and Typesense:
/// none below 5 letters (too many short words are one edit apart), 1 from 5, 2 from 9.
///
/// Keys are bucketed by first letter and length, so only buckets that can hold a match are read;
/// within a bucket a 64-bit letter-set signature rejects most keys before the edit distance is
/// computed. The price of bucketing is that the first letter must be right or swapped with the
/// second ("ocntraseña" is found, "vontraseña" is not): people rarely mistype a word's first letter.
struct TypoVocabulary: Sendable {
    private struct Entry {
        var id: Int32
        var start: Int32
        var length: Int32
        var letters: UInt64
    }

    private let buckets: [UInt64: [Entry]]
    /// Every key's scalars, back to back: one array instead of one per key.
    private let scalars: [UInt32]

    /// Buckets all keys of a term table.
    init(keys: [String]) {
        var buckets: [UInt64: [Entry]] = [:]
        var scalars: [UInt32] = []
        for (id, key) in keys.enumerated() {
            let start = scalars.count
            scalars.append(contentsOf: key.unicodeScalars.map(\.value))
            let spelling = scalars[start...]
            guard let first = spelling.first else { continue }
            let entry = Entry(id: Int32(id), start: Int32(start), length: Int32(spelling.count), letters: Self.letters(spelling))
            buckets[Self.bucket(first: first, length: spelling.count), default: []].append(entry)
        }
        self.buckets = buckets
        self.scalars = scalars
    }

    /// Typos forgiven for a word of `length` letters.
    static func allowedEdits(forLength length: Int) -> Int {
        length >= 9 ? 2 : length >= 5 ? 1 : 0
    }

    /// Keys within `maximumEdits` of `word` (but not `word` itself), with their distance.
    func matches(for word: String, maximumEdits: Int) -> [(id: Int32, distance: Int)] {
        let query = word.unicodeScalars.map(\.value)
        guard maximumEdits > 0, query.count >= 2 else { return [] }
        let queryLetters = Self.letters(query[...])
        let firstLetters = query[1] == query[0] ? [query[0]] : [query[0], query[1]]
        var found: [(id: Int32, distance: Int)] = []
        query.withUnsafeBufferPointer { query in
            scalars.withUnsafeBufferPointer { all in
                for first in firstLetters {
                    for length in max(1, query.count - maximumEdits)...(query.count + maximumEdits) {
                        for entry in buckets[Self.bucket(first: first, length: length)] ?? [] {
                            // Each edit changes at most two letters of the set: a cheap necessary condition.
                            guard (entry.letters ^ queryLetters).nonzeroBitCount <= 2 * maximumEdits else { continue }
                            let key = UnsafeBufferPointer(rebasing: all[Int(entry.start)..<Int(entry.start + entry.length)])
                            let distance = EditDistance.damerauLevenshtein(query, key, maximum: maximumEdits)
                            if distance > 0, distance <= maximumEdits { found.append((entry.id, distance)) }
                        }
                    }
                }
            }
        }
        return found
    }

    /// The set of letters in a word, hashed into 64 bits.
    private static func letters(_ word: ArraySlice<UInt32>) -> UInt64 {
        word.reduce(0) { $0 | 1 << UInt64($1 % 64) }
    }

    private static func bucket(first: UInt32, length: Int) -> UInt64 {
        UInt64(first) << 32 | UInt64(length)
    }
}

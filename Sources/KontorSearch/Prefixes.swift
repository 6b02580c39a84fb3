/// Completes the word being typed: "recup" → "recuperación", "recuperar", …
///
/// Words are kept sorted by their UTF-8 bytes, so all completions of a prefix are one contiguous
/// run found by binary search.
struct PrefixVocabulary: Sendable {
    /// Shorter prefixes would complete to half the vocabulary and mean nothing yet.
    static let minimumLength = 2
    /// Completions kept per query: the most frequent, which are what people usually mean.
    static let maximumCompletions = 40

    private let sorted: [(bytes: [UInt8], id: Int32)]

    /// Sorts the keys of a term table.
    init(keys: [String]) {
        sorted = keys.enumerated()
            .map { (bytes: Array($0.element.utf8), id: Int32($0.offset)) }
            .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// Ids of words that start with `prefix` and are longer than it, most frequent first.
    func completions(of prefix: String, documentFrequency: (Int32) -> Int) -> [Int32] {
        let target = Array(prefix.utf8)
        guard prefix.unicodeScalars.count >= Self.minimumLength else { return [] }
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle].bytes.lexicographicallyPrecedes(target) { low = middle + 1 } else { high = middle }
        }
        var found: [(id: Int32, frequency: Int)] = []
        var index = low
        while index < sorted.count, sorted[index].bytes.starts(with: target) {
            if sorted[index].bytes.count > target.count {
                found.append((sorted[index].id, documentFrequency(sorted[index].id)))
            }
            index += 1
        }
        if found.count > Self.maximumCompletions {
            found.sort { $0.frequency > $1.frequency }
            found.removeLast(found.count - Self.maximumCompletions)
        }
        return found.map(\.id)
    }
}

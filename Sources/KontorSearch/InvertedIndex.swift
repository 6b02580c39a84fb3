/// One document's occurrences of one term.
struct Posting: Sendable {
    /// Index of the document within its language's document list.
    var document: Int32
    /// Precomputed BM25F contribution (idf included), so scoring a query is one addition per posting.
    var weight: Float
    /// Where this posting's word positions start in the table's shared `positions` array.
    var positionStart: UInt32
    /// How many positions; capped because proximity only needs the first few occurrences.
    var positionCount: UInt16
    /// Whether the term says what the document is about rather than being a passing word.
    var topic: TopicMention = .none
}

/// How strongly a document names a word as its subject (`ClearMatch`, `RankedDocument.decidingWords`).
enum TopicMention: UInt8, Sendable, Comparable {
    case none = 0
    /// In a section heading only. In guides written as steps those are everyday words ("Log in to the control
    /// panel"), so this counts half of a subject.
    case heading = 1
    /// In the title, or among the tags and search keywords an editor chose.
    case subject = 2

    static func < (a: TopicMention, b: TopicMention) -> Bool { a.rawValue < b.rawValue }
}

/// An inverted index over one key space (unstemmed words or stems) of one language.
///
/// Postings are sorted by document so a document can be found by binary search, and all positions
/// live in one flat array: millions of tiny arrays would cost more memory and build time.
struct TermTable: Sendable {
    /// Key → id.
    let ids: [String: Int32]
    /// Id → key.
    let keys: [String]
    /// Id → postings sorted by document.
    let postings: [[Posting]]
    /// Word positions of all postings; see `Posting.positionStart`.
    let positions: [UInt32]

    /// The id of an indexed key.
    func id(_ key: String) -> Int32? { ids[key] }

    /// In how many documents a key occurs.
    func documentFrequency(_ id: Int32) -> Int { postings[Int(id)].count }

    /// A key's posting for a document, found by binary search.
    func posting(of id: Int32, in document: Int32) -> Posting? {
        let list = postings[Int(id)]
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].document < document { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low].document == document ? list[low] : nil
    }

    /// The positions recorded for a posting.
    func positions(of posting: Posting) -> ArraySlice<UInt32> {
        let start = Int(posting.positionStart)
        return positions[start..<(start + Int(posting.positionCount))]
    }
}

/// Accumulates a `TermTable` document by document.
struct TermTableBuilder {
    private struct PendingPosting {
        var document: Int32
        var frequencies: FieldCounts
        var positionStart: UInt32
        var positionCount: UInt16
        var namesTopic: Bool
    }

    /// Enough positions for phrase and proximity checks; a word's 500th occurrence adds nothing.
    private static let maximumPositionsPerPosting = 32

    /// Whether to keep word positions; stems do (for phrases and proximity), words need not,
    /// since every word occurrence is also an occurrence of its stem at the same position.
    private let recordsPositions: Bool
    private(set) var ids: [String: Int32] = [:]
    private(set) var keys: [String] = []
    private var pending: [[PendingPosting]] = []
    private var positions: [UInt32] = []

    init(recordsPositions: Bool) {
        self.recordsPositions = recordsPositions
    }

    /// The id of `key`, assigning a new one the first time it is seen.
    mutating func id(for key: String) -> Int32 {
        if let id = ids[key] { return id }
        let id = Int32(keys.count)
        ids[key] = id
        keys.append(key)
        pending.append([])
        return id
    }

    /// Adds one document's occurrences, given as (key id, position) pairs in any order.
    mutating func add(document: Int32, occurrences: inout [(key: Int32, position: UInt32)], topical: Set<Int32>) {
        occurrences.sort { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
        var start = 0
        while start < occurrences.count {
            let key = occurrences[start].key
            var end = start
            var frequencies = FieldCounts()
            let positionStart = UInt32(positions.count)
            while end < occurrences.count, occurrences[end].key == key {
                let position = occurrences[end].position
                if let field = SearchField(rawValue: Int(position >> 24)) { frequencies[field] += 1 }
                if recordsPositions, end - start < Self.maximumPositionsPerPosting { positions.append(position) }
                end += 1
            }
            let count = recordsPositions ? UInt16(min(end - start, Self.maximumPositionsPerPosting)) : 0
            pending[Int(key)].append(PendingPosting(
                document: document, frequencies: frequencies, positionStart: positionStart, positionCount: count,
                namesTopic: topical.contains(key)))
            start = end
        }
    }

    /// Computes BM25F weights now that all field lengths are known. `summaryNamesTopic`, per document: whether its
    /// summary's words count as half a subject, as a heading's do (`TopicMention.heading`).
    func build(fieldLengths: [FieldCounts], averageLengths: [Float], summaryNamesTopic: [Bool]) -> TermTable {
        let documentCount = fieldLengths.count
        let postings = pending.map { list -> [Posting] in
            let idf = BM25.inverseDocumentFrequency(documentFrequency: list.count, documentCount: documentCount)
            return list.map { entry in
                let tf = BM25.weightedFrequency(
                    entry.frequencies, lengths: fieldLengths[Int(entry.document)], averageLengths: averageLengths)
                return Posting(
                    document: entry.document, weight: BM25.score(weightedFrequency: tf, idf: idf),
                    positionStart: entry.positionStart, positionCount: entry.positionCount,
                    topic: entry.namesTopic ? .subject
                        : entry.frequencies[.headings] > 0 || (entry.frequencies[.summary] > 0 && summaryNamesTopic[Int(entry.document)]) ? .heading
                        : .none)
            }
        }
        return TermTable(ids: ids, keys: keys, postings: postings, positions: positions)
    }
}

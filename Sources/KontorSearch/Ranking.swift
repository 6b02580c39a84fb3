/// A matching document with the numbers it is ranked by.
struct RankedDocument {
    var document: Int32
    /// Required query words it matches clearly (see `ClearMatch`): a word mentioned in passing does not count.
    var clearlyMatchedWords: Int
    /// Matched words that needed a typo correction or a completion.
    var correctedWords: Int
    /// Matched words found as typed or as their stem.
    var literalWords: Int
    /// Required query words the document names as its subject, in halves: 2 for a word in the title, tags or keywords,
    /// 1 for a word in a section heading only (`TopicMention`).
    var topicalWords: Int
    var score: Float

    /// The first ranking rule: each required word counts once where the document matches it clearly, and once more
    /// where the document names it in its title, headings or tags (see `ClearMatch`).
    var decidingWords: Int { 2 * clearlyMatchedWords + topicalWords }

    /// Ranking rules in order, as in Meilisearch: more query words clearly matched (with Meilisearch's "attribute"
    /// rule folded in: a word in the title or a heading counts twice), then fewer typos, then relevance (BM25F with
    /// match quality, proximity and popularity folded in).
    func ranks(above other: RankedDocument) -> Bool {
        if decidingWords != other.decidingWords { return decidingWords > other.decidingWords }
        if correctedWords != other.correctedWords { return correctedWords < other.correctedWords }
        if score != other.score { return score > other.score }
        return document < other.document
    }
}

/// Scores every document a query touches and keeps the best.
enum Ranker {
    /// Ranks matching documents; returns the best `keep` of them and how many matched in all.
    static func rank(_ plan: QueryPlan, in index: LanguageIndex, filters: ResolvedFilters, keep: Int) -> (best: [RankedDocument], total: Int) {
        var scores = ScoreBoard(documentCount: index.documents.count)
        for slot in plan.slots {
            // A misspelled subject ("renovasion") still names what a guide is about; but where the word as typed is
            // in the guides, a near word in a title ("pendentes" for "pendientes") is only a correction.
            let typedIsKnown = slot.alternatives.contains(where: \.isLiteral)
            for alternative in slot.alternatives {
                let namesTopic = !(alternative.isTypo && typedIsKnown)
                MatchVisitor.forEachMatch(of: alternative, in: index) { document, weight, topic in
                    scores.note(document, weight * alternative.quality, alternative, topic: namesTopic ? topic : .none)
                }
            }
            scores.finishWord(isOptional: slot.isOptional || slot.isLight)
        }
        var best = TopRanked(capacity: keep)
        var total = 0
        for document in scores.touched where scores.matchedWords[Int(document)] > 0 && index.admits(document, filters) {
            total += 1
            let position = Int(document)
            best.offer(RankedDocument(
                document: document, clearlyMatchedWords: Int(scores.clearlyMatchedWords[position]),
                correctedWords: Int(scores.correctedWords[position]), literalWords: Int(scores.literalWords[position]),
                topicalWords: Int(scores.topicalWords[position]),
                score: scores.total[position] * index.popularityBoost[position]))
        }
        return (best.sorted(), total)
    }
}

/// Per-search accumulators, one entry per document: dense arrays are far faster than dictionaries here.
private struct ScoreBoard {
    private static let touchedWord: UInt8 = 1, notTypo: UInt8 = 2, literal: UInt8 = 4

    var total: [Float]
    var matchedWords: [UInt8]
    var clearlyMatchedWords: [UInt8]
    var correctedWords: [UInt8]
    var literalWords: [UInt8]
    var topicalWords: [UInt8]
    private(set) var touched: [Int32] = []
    private var seen: [Bool]
    private var wordScore: [Float]
    private var wordFlags: [UInt8]
    private var wordTopic: [UInt8]
    private var touchedByWord: [Int32] = []

    init(documentCount: Int) {
        total = Array(repeating: 0, count: documentCount)
        matchedWords = Array(repeating: 0, count: documentCount)
        correctedWords = matchedWords
        clearlyMatchedWords = matchedWords
        literalWords = matchedWords
        topicalWords = matchedWords
        wordFlags = matchedWords
        wordTopic = matchedWords
        wordScore = total
        seen = Array(repeating: false, count: documentCount)
    }

    /// Records one way the current query word matches a document; the best way counts.
    mutating func note(_ document: Int32, _ score: Float, _ alternative: MatchAlternative, topic: TopicMention) {
        let position = Int(document)
        if wordFlags[position] == 0 { touchedByWord.append(document) }
        var flags = wordFlags[position] | Self.touchedWord
        if !alternative.isApproximate { flags |= Self.notTypo }
        if alternative.isLiteral { flags |= Self.literal }
        wordFlags[position] = flags
        wordTopic[position] = max(wordTopic[position], topic.rawValue)
        wordScore[position] = max(wordScore[position], score)
    }

    /// Adds the current query word's best match per document to the totals.
    mutating func finishWord(isOptional: Bool) {
        var best: Float = 0
        for document in touchedByWord { best = max(best, wordScore[Int(document)]) }
        let clear = best * ClearMatch.shareOfBest
        for document in touchedByWord {
            let position = Int(document)
            if !seen[position] { seen[position] = true; touched.append(document) }
            total[position] += wordScore[position]
            if !isOptional {
                matchedWords[position] += 1
                if wordScore[position] >= clear { clearlyMatchedWords[position] += 1 }
                if wordFlags[position] & Self.notTypo == 0 { correctedWords[position] += 1 }
                if wordFlags[position] & Self.literal != 0 { literalWords[position] += 1 }
                topicalWords[position] += wordTopic[position]
            }
            wordScore[position] = 0
            wordFlags[position] = 0
            wordTopic[position] = 0
        }
        touchedByWord.removeAll(keepingCapacity: true)
    }
}


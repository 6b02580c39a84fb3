/// A query analysed against one language's index: its words and every way each can match.
struct QueryPlan {
    /// Natural questions rarely have more useful words; more would only slow typo lookups down.
    static let maximumWords = 10
    /// Longer input is cut before tokenizing, so a pasted novel costs no more than a sentence.
    static let maximumQueryCharacters = 1_000

    var slots: [QuerySlot]
    /// Words not in the index mapped to the indexed word used instead.
    var correctedTerms: [String: String] = [:]
    /// Every word and stem id the query can match, for highlighting.
    var highlightedWords = Set<Int32>()
    var highlightedStems = Set<Int32>()

    /// How many words a document must match to count as matching all of them.
    var requiredSlotCount: Int { slots.count(where: { !$0.isOptional }) }

    init(query: String, index: LanguageIndex) {
        let session = AnalysisSession(language: index.language)
        slots = Self.words(of: query, session: session)
        for position in slots.indices {
            // Stem as the documents were stemmed, whatever accents were typed (see `stemID(of:)`).
            if let stemID = index.stemID(of: slots[position].forms) {
                slots[position].forms.stem = index.stems.keys[Int(stemID)]
            }
            QueryExpansion.expand(&slots[position], in: index)
            if let correction = QueryExpansion.correction(for: slots[position], in: index) {
                correctedTerms[slots[position].typed] = correction
            }
        }
        QueryExpansion.addSynonyms(to: &slots, from: index)
        for slot in slots {
            for alternative in slot.alternatives {
                switch alternative.source {
                case .word(let id): highlightedWords.insert(id)
                case .stem(let id): highlightedStems.insert(id)
                case .phrase(let ids): highlightedStems.formUnion(ids)
                }
            }
        }
    }

    /// Query words after stop-word removal; the last one is flagged when it is still being typed.
    private static func words(of query: String, session: AnalysisSession) -> [QuerySlot] {
        let text = query.utf8.count > maximumQueryCharacters ? String(query.prefix(maximumQueryCharacters)) : query
        var slots: [QuerySlot] = []
        var seen = Set<String>()
        var truncated = text.utf8.count != query.utf8.count
        var last: Token?
        Tokenizer.forEachToken(in: text, language: session.language) { token in
            guard slots.count < maximumWords else { truncated = true; return false }
            last = token
            if let forms = session.forms(of: token.lowered), seen.insert(forms.word).inserted {
                slots.append(QuerySlot(typed: token.lowered, forms: forms, isOptional: false, isPrefix: false))
            }
            return true
        }
        // Completion only while typing: the last word must end the query ("recup", not "recup ").
        guard let last, !truncated, last.range.upperBound == text.endIndex else { return slots }
        if session.isStopWord(last.lowered) {
            // "como desactivo la": "la" may be the start of "larga"; stop words themselves are not indexed.
            let forms = session.formsIgnoringStopWords(of: last.lowered)
            slots.append(QuerySlot(typed: last.lowered, forms: forms, isOptional: !slots.isEmpty, isPrefix: true))
        } else if let lastSlot = slots.indices.last, slots[lastSlot].typed == last.lowered {
            slots[lastSlot].isPrefix = true
        }
        return slots
    }
}

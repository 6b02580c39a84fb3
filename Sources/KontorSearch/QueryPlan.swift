/// A query analysed against one language's index: its words and every way each can match.
struct QueryPlan {
    /// Natural questions rarely have more useful words; more would only slow typo lookups down. A longer question is
    /// read whole and keeps its rarest words (`keepingRarest`).
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
    var requiredSlotCount: Int { slots.count(where: { !$0.isOptional && !$0.isLight }) }

    init(query: String, index: LanguageIndex) {
        let session = AnalysisSession(language: index.language)
        let query = JoinedQueryWords.joiningHyphenatedCodes(in: query, session: session, index: index)
        slots = Self.words(of: query, session: session)
        if index.language == .de {
            Self.rewriteGermanWords(&slots, query: query, session: session, index: index)
        } else {
            if index.language == .fr { Self.readFrenchPluralVerbs(&slots, session: session, index: index) }
            Self.splitClosedCompounds(&slots, session: session, index: index)
        }
        slots = Self.keepingRarest(slots, index: index)
        Self.markLightWords(&slots, language: index.language)
        for position in slots.indices {
            // Stem as the documents were stemmed, whatever accents were typed (see `stemID(of:)`).
            if let stemID = index.stemID(of: slots[position].forms) {
                slots[position].forms.stem = index.stems.keys[Int(stemID)]
            }
            QueryExpansion.expand(&slots[position], in: index)
            if let phrase = JoinedQueryWords.writtenApart(slots[position], session: session, index: index) {
                slots[position].alternatives.append(.writtenApart(phrase: phrase))
            }
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

    /// German participles, separable verbs and compounds the index does not know as typed (`GermanQueryWords`).
    private static func rewriteGermanWords(_ slots: inout [QuerySlot], query: String, session: AnalysisSession, index: LanguageIndex) {
        var tokens: [String] = []
        Tokenizer.forEachToken(in: String(query.prefix(maximumQueryCharacters)), language: session.language) { token in
            tokens.append(AccentFolding.fold(token.lowered))
            return true
        }
        var rewritten: [QuerySlot] = []
        var particleJoined = false
        for slot in slots {
            let forms = slot.forms
            // The last word may still be typed: it is rewritten only when it begins no word of the guides either.
            guard !slot.isOptional, !Self.mayStillComplete(slot, in: index), let position = tokens.firstIndex(of: forms.word) else { rewritten.append(slot); continue }
            let after = tokens[(position + 1)...].filter(GermanQueryWords.separableParticles.contains)
            guard index.words.id(forms.word) == nil, index.stemID(of: forms) == nil else {
                // A known verb whose particle ends the question: the particle verb, when the guides use it. Only the last
                // word counts: "ein" and "an" inside the question are articles and prepositions as often as particles
                // ("schalte … für ein Produkt aus" is "ausschalten", not "einschalten").
                let clauseEnd = position < tokens.count - 1 && GermanQueryWords.separableParticles.contains(tokens[tokens.count - 1])
                    ? [tokens[tokens.count - 1]] : []
                if !clauseEnd.isEmpty, let joined = GermanQueryWords.particleVerb(slot.typed, particlesAfter: clauseEnd, session: session, index: index) {
                    rewritten.append(QuerySlot(typed: slot.typed, forms: joined, isOptional: false, isPrefix: false))
                    particleJoined = true
                } else {
                    rewritten.append(slot)
                }
                continue
            }
            guard let words = GermanQueryWords.rewrite(slot.typed, particlesAfter: after, session: session, index: index) else {
                rewritten.append(slot)
                continue
            }
            for word in words where !rewritten.contains(where: { $0.forms.word == word.word }) {
                rewritten.append(QuerySlot(typed: slot.typed, forms: word, isOptional: false, isPrefix: false))
            }
        }
        // The particle a verb took back is not also a word still being typed ("aus" → "ausserdem").
        if particleJoined, let last = rewritten.last, last.isOptional, last.isPrefix, GermanQueryWords.separableParticles.contains(last.forms.word) {
            rewritten.removeLast()
        }
        slots = rewritten
    }

    /// The last word, still being typed, that begins a word of the guides: completion reads it, not a rewrite.
    private static func mayStillComplete(_ slot: QuerySlot, in index: LanguageIndex) -> Bool {
        slot.isPrefix && !index.prefixes.completions(of: slot.forms.word, documentFrequency: index.words.documentFrequency).isEmpty
    }

    /// "arrivent" as "arrive" where the guides lack the plural (`FrenchPluralVerbs`). The last word may still be typed:
    /// it is read so only when it begins no word of the guides either.
    private static func readFrenchPluralVerbs(_ slots: inout [QuerySlot], session: AnalysisSession, index: LanguageIndex) {
        for position in slots.indices where !slots[position].isOptional && !mayStillComplete(slots[position], in: index) {
            if let singular = FrenchPluralVerbs.singular(of: slots[position], session: session, index: index) {
                slots[position].forms = singular
            }
        }
    }

    /// "apitoken" as the guides write it, "api token" (`JoinedQueryWords.closedCompoundParts`).
    private static func splitClosedCompounds(_ slots: inout [QuerySlot], session: AnalysisSession, index: LanguageIndex) {
        guard slots.contains(where: { !$0.isOptional }) else { return }
        var rewritten: [QuerySlot] = []
        for slot in slots {
            // The last word may still be typed: it is split only when it begins no word of the guides either.
            guard !mayStillComplete(slot, in: index) else { rewritten.append(slot); continue }
            if let verb = JoinedQueryWords.englishPhrasalNounVerb(of: slot, session: session, index: index) {
                if !rewritten.contains(where: { $0.forms.word == verb.word }) {
                    rewritten.append(QuerySlot(typed: slot.typed, forms: verb, isOptional: false, isPrefix: false))
                }
                continue
            }
            guard let parts = JoinedQueryWords.closedCompoundParts(of: slot, session: session, index: index) else {
                rewritten.append(slot)
                continue
            }
            for part in parts where !rewritten.contains(where: { $0.forms.word == part.word }) {
                rewritten.append(QuerySlot(typed: slot.typed, forms: part, isOptional: false, isPrefix: false))
            }
        }
        slots = rewritten
    }

    /// Marks the light words (`LightWords`), unless the question has nothing else to ask for.
    private static func markLightWords(_ slots: inout [QuerySlot], language: SearchLanguage) {
        let required = slots.indices.filter { !slots[$0].isOptional }
        let light = required.filter { LightWords.contains(slots[$0].forms.word, language: language) }
        guard !light.isEmpty, light.count < required.count else { return }
        for position in light { slots[position].isLight = true }
    }

    /// The `maximumWords` words of a longer question the guides name most rarely, in the question's order.
    ///
    /// A customer's question often opens with a greeting and a preamble ("hola buenas, llevo años siendo cliente…") and
    /// names its subject last ("…el código que me llega por sms no es válido"): reading only the first words kept the
    /// preamble and dropped the subject. The rarest words are the ones that tell guides apart (what BM25's idf says too);
    /// words every guide has ("cuenta", "consola") add little to the ranking. The last word while it is still typed
    /// comes first: it is what the reader is adding right now. A word the guides do not have and the language's
    /// dictionary does not know is most likely a typo of a word the reader needed, found only through correction, so
    /// it counts as the rarest; a real word the guides lack matches nothing but a compound, so it counts as the most
    /// common. Between words as rare, the later one: the subject comes after the preamble.
    private static func keepingRarest(_ slots: [QuerySlot], index: LanguageIndex) -> [QuerySlot] {
        guard slots.count > maximumWords else { return slots }
        let rarity = slots.map { slot -> Int in
            if slot.isPrefix { return -1 }
            if let stem = index.stemID(of: slot.forms) { return index.stems.documentFrequency(stem) }
            return index.dictionary?.knows(slot.typed) == true ? Int.max : 0
        }
        let kept = Set(slots.indices.sorted { (rarity[$0], -$0) < (rarity[$1], -$1) }.prefix(maximumWords))
        return slots.indices.filter(kept.contains).map { slots[$0] }
    }

    /// Whether a word is typed right after a dot: a domain's or a file's extension (".fr", ".com", "style.css").
    ///
    /// An extension is typed whole, never as the beginning of a longer word: read as a word still being typed, the ".fr"
    /// that ends "j'ai oublié de renouveler mon .fr" completed to "fréquentes" in a heading of the guide on certificates
    /// that fail to renew ("Causes d'échec fréquentes") and put it above the guide on expired domains. It stays a word of
    /// the question as it is (or is dropped, like any stop word, where the language has it as one: Spanish ".es").
    static func isExtension(_ token: Token, in text: String) -> Bool {
        token.range.lowerBound > text.startIndex && text[text.index(before: token.range.lowerBound)] == "."
    }

    /// Query words after stop-word removal; the last one is flagged when it is still being typed.
    private static func words(of query: String, session: AnalysisSession) -> [QuerySlot] {
        let text = query.utf8.count > maximumQueryCharacters ? String(query.prefix(maximumQueryCharacters)) : query
        var slots: [QuerySlot] = []
        var seen = Set<String>()
        let truncated = text.utf8.count != query.utf8.count
        var last: Token?
        Tokenizer.forEachToken(in: text, language: session.language) { token in
            last = token
            if let forms = session.forms(of: token.lowered), seen.insert(forms.word).inserted {
                slots.append(QuerySlot(typed: token.lowered, forms: forms, isOptional: false, isPrefix: false))
            }
            return true
        }
        // Completion only while typing: the last word must end the query ("recup", not "recup "), and have two letters
        // at least ("e" would begin half the guides' words).
        guard let last, !truncated, last.range.upperBound == text.endIndex, last.lowered.count >= 2,
              !isExtension(last, in: text) else { return slots }
        if session.isStopWord(last.lowered) {
            // A query of stop words only ("der die das") asks for nothing: its last word is not completed into one.
            guard !slots.isEmpty else { return slots }
            // "como desactivo la": "la" may be the start of "larga"; stop words themselves are not indexed.
            let forms = session.formsIgnoringStopWords(of: last.lowered)
            slots.append(QuerySlot(typed: last.lowered, forms: forms, isOptional: !slots.isEmpty, isPrefix: true))
        } else if let lastSlot = slots.indices.last, slots[lastSlot].typed == last.lowered {
            slots[lastSlot].isPrefix = true
        }
        return slots
    }
}

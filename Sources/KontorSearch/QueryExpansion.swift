/// Finds, for each query word, the indexed keys it matches: exact, stem, typos, completions, synonyms.
enum QueryExpansion {
    /// Typo corrections kept per word: the closest and most frequent.
    static let maximumCorrections = 24

    /// Fills a slot's alternatives from the index.
    static func expand(_ slot: inout QuerySlot, in index: LanguageIndex) {
        let forms = slot.forms
        let stemID = slot.isOptional ? nil : index.stems.id(forms.stem)
        let exactID = slot.isOptional ? nil : index.words.id(forms.word)
        if let exactID { slot.alternatives.append(.exact(exactID)) }
        if let stemID { slot.alternatives.append(.stemmed(stemID)) }
        // A light word (`LightWords`) is one of the language's own small words, spelled right: no corrections, no
        // compounds, no family.
        if !slot.isOptional && !slot.isLight {
            // A word the guides lack but the language has is what the customer meant: no typo corrections for it
            // (a word still being typed may complete, below).
            // A word the dictionary knows is spelled right, whether the guides have it or not: never a typo of another.
            let isSpelledRight = index.dictionary?.knows(slot.typed) == true
            let isRealWord = exactID == nil && stemID == nil && isSpelledRight
            let edits = isSpelledRight ? 0 : TypoVocabulary.allowedEdits(forLength: forms.word.unicodeScalars.count)
            let wordTypos = index.wordTypos.matches(for: forms.word, maximumEdits: edits)
                // A word sharing the typed word's stem is already matched, and better, as a stem.
                .filter { stemID == nil || index.stemOfWord[Int($0.id)] != stemID }
            for typo in closest(wordTypos, frequency: index.words.documentFrequency) {
                slot.alternatives.append(.typo(word: typo.id, distance: typo.distance))
            }
            let stemEdits = min(edits, TypoVocabulary.allowedEdits(forLength: forms.stem.unicodeScalars.count))
            let stemTypos = index.stemTypos.matches(for: forms.stem, maximumEdits: stemEdits)
            for typo in closest(stemTypos, frequency: index.stems.documentFrequency) {
                slot.alternatives.append(.typo(stem: typo.id, distance: typo.distance))
            }
            // The last word completes below; an earlier one may still be the short form of a compound.
            if !slot.isPrefix {
                let isWord = exactID != nil || stemID != nil || isRealWord
                for id in CompoundHeads.compounds(of: forms.word, isWord: isWord, stem: stemID, in: index) {
                    slot.alternatives.append(.compound(id))
                }
                for id in CompoundTails.compounds(of: forms.word, isWord: isWord, stem: stemID, in: index)
                where !slot.alternatives.contains(where: { $0.matches(word: id) }) {
                    slot.alternatives.append(.compound(id))
                }
            }
            // A whole word the guides lack, last or not: the words of its family they use (a completion of the last
            // word would begin with all of it, which these need not).
            if isRealWord {
                for id in WordFamily.members(of: forms.word, in: index) where !slot.alternatives.contains(where: { $0.matches(word: id) }) {
                    slot.alternatives.append(.compound(id))
                }
            }
            // A version the guides do not name: the versions of the same major number they do.
            if exactID == nil, stemID == nil, let major = versionMajor(of: forms.word) {
                for separator in [".", ","] {
                    for id in index.prefixes.completions(of: major + separator, documentFrequency: index.words.documentFrequency)
                    where !slot.alternatives.contains(where: { $0.matches(word: id) }) {
                        slot.alternatives.append(.compound(id))
                    }
                }
            }
        }
        if slot.isPrefix {
            for id in index.prefixes.completions(of: forms.word, documentFrequency: index.words.documentFrequency) {
                slot.alternatives.append(.completion(id))
            }
        }
    }

    /// The major number of a version typed with a point or comma ("8.1" → "8", "5,7" → "5"), or nil for any other word.
    /// A customer names the version their software asks for ("mi tienda pide php 8.1", "mon plugin demande php 8.1")
    /// and the guide the versions it offers ("PHP 8.2 and 8.3"): the same major version is the same family of releases,
    /// so those match, ranked below the version as typed (as a compound is).
    static func versionMajor(of word: String) -> String? {
        guard let separator = word.firstIndex(where: { $0 == "." || $0 == "," }), separator > word.startIndex,
              word.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        return String(word[..<separator])
    }

    /// "Did you mean": the indexed word used for a query word that is not in the index at all.
    static func correction(for slot: QuerySlot, in index: LanguageIndex) -> String? {
        guard !slot.isOptional, !slot.alternatives.contains(where: { $0.isLiteral }) else { return nil }
        var best: (id: Int32, distance: Int, frequency: Int)?
        for alternative in slot.alternatives where alternative.isTypo {
            guard case .word(let id) = alternative.source else { continue }
            let distance = alternative.edits
            let frequency = index.words.documentFrequency(id)
            if best.map({ (distance, -frequency) < ($0.distance, -$0.frequency) }) ?? true {
                best = (id, distance, frequency)
            }
        }
        return best.map { index.displayWords[Int($0.id)] }
    }

    /// Adds, to the words a synonym covers, the other terms of its group.
    static func addSynonyms(to slots: inout [QuerySlot], from index: LanguageIndex) {
        let required = slots.indices.filter { !slots[$0].isOptional }
        for expansion in index.synonyms.expansions(forQuery: required.map { slots[$0].forms }) {
            var alternatives: [MatchAlternative] = []
            for term in expansion.alternatives {
                if term.count == 1 {
                    if let id = index.words.id(term[0].word) { alternatives.append(.synonym(word: id)) }
                    if let id = index.stemID(of: term[0]) { alternatives.append(.synonym(stem: id)) }
                } else {
                    let ids = term.compactMap { index.stemID(of: $0) }
                    // A phrase with a word no document has cannot match anywhere.
                    if ids.count == term.count { alternatives.append(.synonym(phrase: ids)) }
                }
            }
            for position in expansion.words { slots[required[position]].alternatives += alternatives }
        }
    }

    /// The best few typo matches: fewest edits first, then the most common words.
    private static func closest(_ matches: [(id: Int32, distance: Int)], frequency: (Int32) -> Int) -> [(id: Int32, distance: Int)] {
        guard matches.count > maximumCorrections else { return matches }
        let sorted = matches.sorted { ($0.distance, -frequency($0.id)) < ($1.distance, -frequency($1.id)) }
        return Array(sorted.prefix(maximumCorrections))
    }
}

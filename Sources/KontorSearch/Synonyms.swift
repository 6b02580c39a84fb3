/// Terms that mean the same to users, e.g. ["2FA", "A2F", "doble autenticación", "verificación en dos pasos"].
public struct SynonymGroup: Sendable, Hashable {
    /// The equivalent terms; each may be several words.
    public var terms: [String]
    /// The only language the group applies to; nil for every language (editors' groups).
    public var language: SearchLanguage?

    /// Creates a group from its terms, for one language or, by default, for all.
    public init(_ terms: [String], language: SearchLanguage? = nil) {
        self.terms = terms
        self.language = language
    }

    /// Whether the group is used when indexing `searchLanguage`.
    func applies(to searchLanguage: SearchLanguage) -> Bool { language == nil || language == searchLanguage }
}

/// The synonym groups of one language, analysed like the documents.
///
/// Groups are matched on stems after analysis, so "doble autenticacion", "Doble Autenticación"
/// and "la doble autenticación" all hit the term "doble autenticación".
struct SynonymTable: Sendable {
    /// One synonym term as a sequence of analysed words ("verificación en dos pasos" → verif, dos, pas).
    typealias Term = [WordForms]

    /// A synonym found in a query: which query words it covers and what else it may match.
    struct Expansion {
        /// Indices of the covered query words.
        var words: Range<Int>
        /// The other terms of the group.
        var alternatives: [Term]
    }

    private let groups: [[Term]]

    /// Analyses every term of every group with the language's analyzer.
    init(groups: [SynonymGroup], session: AnalysisSession) {
        self.groups = groups.compactMap { group in
            var seen = Set<[String]>()
            let terms = group.terms.compactMap { text -> Term? in
                var term: Term = []
                Tokenizer.forEachToken(in: text, language: session.language) { token in
                    if let forms = session.forms(of: token.lowered) { term.append(forms) }
                    return true
                }
                // Drop empty terms and terms that analyse the same ("2FA" and "2fa").
                guard !term.isEmpty, seen.insert(term.map(\.stem)).inserted else { return nil }
                return term
            }
            return terms.count > 1 ? terms : nil
        }
    }

    /// Every occurrence of a group term among the query words, with the group's other terms.
    ///
    /// A word matches on its stem or its folded spelling, so "doble autenticacion" typed without
    /// accents (which Snowball stems differently) still meets "doble autenticación".
    func expansions(forQuery words: [WordForms]) -> [Expansion] {
        var expansions: [Expansion] = []
        for group in groups {
            for (termIndex, term) in group.enumerated() where term.count <= words.count {
                for start in 0...(words.count - term.count) where Self.matches(term, words[start..<(start + term.count)]) {
                    var others = group
                    others.remove(at: termIndex)
                    expansions.append(Expansion(words: start..<(start + term.count), alternatives: others))
                }
            }
        }
        return expansions
    }

    /// Whether some group has this word, alone, as one of its terms (on its stem or its folded spelling).
    func hasOneWordTerm(_ forms: WordForms) -> Bool {
        groups.contains { group in group.contains { $0.count == 1 && ($0[0].stem == forms.stem || $0[0].word == forms.word) } }
    }

    private static func matches(_ term: Term, _ words: ArraySlice<WordForms>) -> Bool {
        zip(term, words).allSatisfy { $0.stem == $1.stem || $0.word == $1.word }
    }
}

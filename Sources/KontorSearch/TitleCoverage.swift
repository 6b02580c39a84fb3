/// How much of a guide's title a query covers: the share of the title's words (by stem) the query matches.
///
/// BM25F weighs a title word by how rare it is and how long the title is, but not by how much of the title the
/// question says: "where is my support code" names all of "Your support code" and a third of "What is the difference
/// between my support code and a VIP code?", which says "support code" more often and came first. Where the score
/// finds two guides about equal, the one whose title the question nearly is tends to be the answer. The bonus is
/// small on purpose: it only decides between guides the score finds within a few percent, never against a clearly
/// better match (measured over the benchmark sets: +1% to +5% all gained and none lost a point; from +7% close but
/// right calls flipped, "inicios de sesión" to "Iniciar y cerrar sesión" rather than the security log).
struct TitleCoverage {
    /// A title the query covers whole multiplies the score by 1.03.
    static let maximumBonus: Float = 0.03

    private let index: LanguageIndex
    /// Every stem any query word may match, through any alternative.
    private let queryStems: Set<Int32>

    init(plan: QueryPlan, index: LanguageIndex) {
        self.index = index
        var stems = plan.highlightedStems
        for word in plan.highlightedWords { stems.insert(index.stemOfWord[Int(word)]) }
        queryStems = stems
    }

    /// From 0 (no title word matched) to 1 (every one).
    func share(of document: Int32) -> Float {
        let title = index.titleStems[Int(document)]
        guard !title.isEmpty else { return 0 }
        return Float(title.count(where: queryStems.contains)) / Float(title.count)
    }
}

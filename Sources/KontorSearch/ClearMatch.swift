/// When a query word counts towards "matches more of the query words", the first ranking rule.
///
/// Counting every word a document contains lets filler and everyday words decide: a guide that mentions "change",
/// "can" or "puedo" in passing, next to one word of the question, outranked the guide that is about the question's
/// subject but lacks the everyday word. Weighing words by rarity (IDF) does not help on help guides: the words
/// customers add are mostly rare there ("faccio", "umstellen", "clients"), so they weighed even more (measured in
/// docs/benchmarks.md). What tells a passing mention from a real match is how strongly the document matches the
/// word compared with the document that matches it best: a word in the title, the tags or several times in the
/// body is a clear match; one mention in a long body, where another guide has the word in its title, is not. A
/// word that is not clear still adds its BM25F weight to the score, so it still orders documents that tie.
///
/// A clear match can still be an everyday verb that one guide happens to use often ("dejar", "vea"). What a guide
/// is about is in its title, headings and tags, and customers name that subject; so a word found there counts once
/// more (`RankedDocument.decidingWords`). Measured on the three question sets, every set gained (docs/benchmarks.md,
/// 4 December 2026, evening). A section heading counts half as much as the title, tags and keywords: in guides written
/// as steps ("Log in to the control panel") its words are the steps', not the subject (`TopicMention`; measured on
/// another provider's corpus, docs/benchmarks.md, 6 December 2026).
enum ClearMatch {
    /// A document matches a word clearly when its weight for it is at least this share of the best document's.
    /// Measured from 0.15 to 0.5, every value helped overall; 0.3 gained most of those that cost no language more
    /// than 0.003 (docs/benchmarks.md, 4 December 2026).
    static let shareOfBest: Float = 0.3
}

/// Imports a flattened knowledge-base page (the specification seed) into structured Spanish guides.
///
/// The caller reads the file, so the app can import at run time from wherever the seed is deployed.
public enum SeedGuideImporter {
    /// The guides on the page, in page order; the site banner before the first guide is skipped. With an
    /// `adaptation`, the guides are rewritten for this console (`SeedAdaptation`): what a help center publishes;
    /// without, they stay as written (the search evaluation's corpus).
    public static func importGuides(from text: String, adaptingTo adaptation: SeedAdaptation? = nil) -> [ArticleDraft] {
        let guides = GuideSplitter.split(text)
        let house = ProperNames.houseNames(in: guides.map { [$0.summary] + $0.lines })
        let houseParts = SeedAdaptation.House(names: house, in: text)
        var usedSlugs = Set<String>()
        var keywords: [Set<String>] = []
        var drafts = guides.map { guide in
            var lines = GuideLineReader.read(guide.lines)
            let opening: String? = if case .heading(let heading) = lines.first { heading } else { nil }
            let choice = GuideTitle.choose(summary: guide.summary, openingHeading: opening, overrides: EditorialTitles.seed)
            // A heading promoted to title would otherwise appear twice on the page.
            if choice.fromHeading { lines.removeFirst() }
            let body = GuideMarkdownWriter.write(GuideBlockBuilder.build(lines))
            let topic = TopicText(title: choice.title, summary: guide.summary, body: body)
            keywords.append(HelpTaxonomy.keywords(for: topic))
            let names = ProperNames.names(in: choice.title + ". " + guide.summary, excluding: house)
            let adapt = { (text: String) in adaptation?.adapt(text, house: houseParts) ?? text }
            return ArticleDraft(
                slug: unique(Slug.make(choice.title), in: &usedSlugs), language: Language.es.rawValue, kind: .guide,
                title: adapt(choice.title), summary: adapt(guide.summary), body: adapt(body),
                category: HelpTaxonomy.category(for: topic).rawValue,
                tags: HelpTaxonomy.tags(for: topic, names: names),
                contexts: HelpTaxonomy.contexts(for: topic)
            )
        }
        RelatedGuides.link(&drafts, keywords: keywords)
        return drafts
    }

    /// Two guides with the same title still need distinct URLs: the later one gets "-2", "-3"…
    private static func unique(_ slug: String, in used: inout Set<String>) -> String {
        var candidate = slug
        var number = 2
        while !used.insert(candidate).inserted {
            candidate = "\(slug)-\(number)"
            number += 1
        }
        return candidate
    }
}

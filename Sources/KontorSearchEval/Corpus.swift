import Foundation
import KontorDomain
import KontorMarkdown
import KontorSearch

/// One help article as every engine sees it: the same analysed-free text, so no engine gets richer input.
struct EvalDocument: Sendable {
    /// The article slug; the labelled queries name articles by slug.
    let slug: String
    let language: SearchLanguage
    let title: String
    let summary: String
    /// Section headings, from the rendered Markdown.
    let headings: [String]
    /// The body without markup.
    let body: String
    let tags: [String]
    /// The article's search keywords (never shown to readers).
    let keywords: [String]
    let kind: String
    let category: String

    /// Headings, tags and keywords in one text, for the peers' "headings" column (Kontor also indexes tags and
    /// keywords as headings).
    var headingsAndTags: String { (headings + tags + keywords).joined(separator: "\n") }

    /// The same article as Kontor's search document, built the way the app's `HelpSnapshot` builds it.
    var searchDocument: SearchDocument {
        SearchDocument(
            id: slug, language: language, title: title, summary: summary, headings: headings, body: body,
            kind: kind, category: category, tags: tags, keywords: keywords)
    }
}

/// The evaluation corpus: Kontor's own guides in every help-center language, plus the Spanish seed guides as the help
/// center serves them (`kontor help-import-seed`): rewritten for this console, and a guide whose topic one of ours
/// already covers held back as a draft (`SameTopicGuides`), so customers never find it and the evaluation leaves it out.
struct Corpus {
    /// A file the corpus needs could not be read or parsed; the message names it.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    let documents: [EvalDocument]
    /// "language/slug" of a seed guide held back as a draft → the slug of our guide on the same topic. A question
    /// labelled with the draft is answered, in the help center, by that guide.
    let heldBack: [String: String]

    /// Loads the seed page and every `<lang>/*.md` under `helpContent`. With `publishingEverySeedGuide`, every seed
    /// guide is indexed as well, as the figures before 5 December 2026 were measured. Without `includingSeed`, only the
    /// folder's guides are indexed (another provider's corpus, such as `Benchmarks/help-search/hosting`); a language
    /// folder it lacks is then skipped.
    static func load(
        seedPath: String, helpContent: String, publishingEverySeedGuide: Bool = false, includingSeed: Bool = true
    ) throws -> Corpus {
        var seedGuides: [ArticleDraft] = []
        if includingSeed {
            guard let seed = try? String(contentsOfFile: seedPath, encoding: .utf8) else {
                throw LoadError(description: "cannot read the seed file \(seedPath) (use --seed PATH)")
            }
            seedGuides = SeedGuideImporter.importGuides(from: seed, adaptingTo: SeedAdaptation(providerName: "Kontor"))
        }
        var own: [ArticleDraft] = []
        let files = FileManager.default
        for language in SearchLanguage.allCases.map(\.rawValue) {
            let folder = helpContent + "/" + language
            guard let names = try? files.contentsOfDirectory(atPath: folder) else {
                if !includingSeed, !files.fileExists(atPath: folder) { continue }
                throw LoadError(description: "cannot list \(folder) (run from the repository root)")
            }
            for name in names.sorted() where name.hasSuffix(".md") {
                let path = folder + "/" + name
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw LoadError(description: "cannot read \(path)")
                }
                do {
                    own.append(try ArticleFile.parse(text, fallbackSlug: String(name.dropLast(3))))
                } catch {
                    throw LoadError(description: "\(path): \(error)")
                }
            }
        }
        let topic = { (draft: ArticleDraft) in
            TopicGuide(slug: draft.slug, language: draft.language, title: draft.title, summary: draft.summary, tags: draft.tags)
        }
        var heldBack: [String: String] = [:]
        if !publishingEverySeedGuide {
            for (slug, covering) in SameTopicGuides.match(seedGuides.map(topic), against: own.map(topic)) {
                let language = seedGuides.first { $0.slug == slug }?.language ?? ""
                heldBack[language + "/" + slug] = covering
            }
        }
        guard !own.isEmpty else { throw LoadError(description: "no guides under \(helpContent)") }
        let served = seedGuides.filter { heldBack[$0.language + "/" + $0.slug] == nil } + own
        return Corpus(documents: served.compactMap(document(from:)), heldBack: heldBack)
    }

    /// The same corpus with every guide's search keywords removed, to measure what the engine finds on its own.
    func withoutKeywords() -> Corpus {
        let bare = documents.map { document in
            EvalDocument(
                slug: document.slug, language: document.language, title: document.title, summary: document.summary,
                headings: document.headings, body: document.body, tags: document.tags, keywords: [],
                kind: document.kind, category: document.category)
        }
        return Corpus(documents: bare, heldBack: heldBack)
    }

    /// A question's answers in the corpus as served: a held-back seed guide's label becomes the guide that covers it.
    func served(_ query: LabelledQuery) -> LabelledQuery {
        let expected = Set(query.expected.map { heldBack[query.language.rawValue + "/" + $0] ?? $0 })
        return LabelledQuery(language: query.language, text: query.text, expected: expected)
    }

    /// Renders the Markdown once so every engine indexes the same plain text and headings.
    static func document(from draft: ArticleDraft) -> EvalDocument? {
        guard let language = SearchLanguage(rawValue: draft.language) else { return nil }
        let rendered = MarkdownRenderer.render(draft.body)
        return EvalDocument(
            slug: draft.slug, language: language, title: draft.title, summary: draft.summary,
            headings: rendered.headings.map(\.text), body: rendered.searchText, tags: draft.tags, keywords: draft.keywords,
            kind: draft.kind.rawValue, category: draft.category)
    }
}

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
    let kind: String
    let category: String

    /// Headings and tags in one text, for the peers' "headings" column (Kontor also indexes tags as headings).
    var headingsAndTags: String { (headings + tags).joined(separator: "\n") }

    /// The same article as Kontor's search document, built the way the app's `HelpSnapshot` builds it.
    var searchDocument: SearchDocument {
        SearchDocument(
            id: slug, language: language, title: title, summary: summary, headings: headings, body: body,
            kind: kind, category: category, tags: tags)
    }
}

/// The evaluation corpus: the Spanish seed guides plus Kontor's own guides in every help-center language.
enum Corpus {
    /// A file the corpus needs could not be read or parsed; the message names it.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// Loads the seed page and every `<lang>/*.md` under `helpContent`.
    static func load(seedPath: String, helpContent: String) throws -> [EvalDocument] {
        guard let seed = try? String(contentsOfFile: seedPath, encoding: .utf8) else {
            throw LoadError(description: "cannot read the seed file \(seedPath) (use --seed PATH)")
        }
        var drafts = SeedGuideImporter.importGuides(from: seed)
        let files = FileManager.default
        for language in SearchLanguage.allCases.map(\.rawValue) {
            let folder = helpContent + "/" + language
            guard let names = try? files.contentsOfDirectory(atPath: folder) else {
                throw LoadError(description: "cannot list \(folder) (run from the repository root)")
            }
            for name in names.sorted() where name.hasSuffix(".md") {
                let path = folder + "/" + name
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw LoadError(description: "cannot read \(path)")
                }
                do {
                    drafts.append(try ArticleFile.parse(text, fallbackSlug: String(name.dropLast(3))))
                } catch {
                    throw LoadError(description: "\(path): \(error)")
                }
            }
        }
        return drafts.compactMap(document(from:))
    }

    /// Renders the Markdown once so every engine indexes the same plain text and headings.
    static func document(from draft: ArticleDraft) -> EvalDocument? {
        guard let language = SearchLanguage(rawValue: draft.language) else { return nil }
        let rendered = MarkdownRenderer.render(draft.body)
        return EvalDocument(
            slug: draft.slug, language: language, title: draft.title, summary: draft.summary,
            headings: rendered.headings.map(\.text), body: rendered.plainText, tags: draft.tags,
            kind: draft.kind.rawValue, category: draft.category)
    }
}

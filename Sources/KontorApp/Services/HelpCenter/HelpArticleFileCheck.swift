import KontorDomain
import KontorMarkdown

/// What an article file may refer to besides its own text: Kontor's categories, console pages and languages.
/// `ArticleFile.parse` checks the format; this checks the file against the application it is imported into.
enum HelpArticleFileCheck {
    /// Everything wrong with `draft`, each with the line of `lines` it concerns. `folderName` is the folder holding the
    /// file (`en` for `en/profile.md`).
    static func problems(in draft: ArticleDraft, lines: ArticleFileLines, folderName: String?) -> [(line: Int, message: String)] {
        var problems: [(line: Int, message: String)] = []
        // `<language>/<slug>.md`: a folder named like a language code must hold that language, or a translation
        // would be filed (and shown) as the wrong language version.
        if let folder = folderName, Self.looksLikeLanguageCode(folder), folder != draft.language {
            problems.append((lines.line(of: "language"), "language: \"\(draft.language)\", but the file is in the folder \(folder)/"))
        }
        if !HelpCategories.slugs.contains(draft.category) {
            problems.append((lines.line(of: "category"), "category: unknown category \"\(draft.category)\" (\(Self.list(HelpCategories.all.map(\.slug))))"))
        }
        let pages = Set(SiteRoute.helpPages.map(\.name))
        for context in draft.contexts where !pages.contains(context) {
            problems.append((lines.line(of: "contexts"), "contexts: \"\(context)\" is no console page (\(Self.list(SiteRoute.helpPages.map(\.name))))"))
        }
        for link in deadConsoleLinks(in: draft.body) {
            problems.append((lines.bodyLine(containing: link), "link \(link) leads to no console page (\(Self.list(Self.linkablePages)))"))
        }
        for (field, values) in [("title", [draft.title]), ("summary", [draft.summary]), ("tags", draft.tags), ("keywords", draft.keywords)] {
            if let invisible = values.lazy.compactMap(TextCharacters.firstInvisible).first {
                problems.append((lines.line(of: field), "\(field): holds an invisible character (\(TextCharacters.codePoint(invisible))); remove it"))
            }
        }
        return problems
    }

    /// The body's `console:` links to no page.
    static func deadConsoleLinks(in body: String) -> [String] {
        MarkdownRenderer.render(body).links.filter { link in
            guard link.lowercased().hasPrefix(Self.consoleScheme) else { return false }
            return SiteRoute.consoleLink(named: String(link.dropFirst(Self.consoleScheme.count))) == nil
        }
    }

    private static let consoleScheme = "console:"

    /// The pages a `console:` link can open: those whose address needs no identifier.
    private static var linkablePages: [String] { SiteRoute.helpPages.map(\.name).filter { SiteRoute.consoleLink(named: $0) != nil } }

    private static func looksLikeLanguageCode(_ name: String) -> Bool {
        name.count == 2 && name.allSatisfy { $0.isASCII && $0.isLowercase }
    }

    private static func list(_ names: [String]) -> String { names.joined(separator: ", ") }
}

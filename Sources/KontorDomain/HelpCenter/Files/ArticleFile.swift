import Yams

/// Help articles as files ("docs as code"): YAML front matter between `---` lines, then the Markdown body.
public enum ArticleFile {
    /// The longest title the help center shows.
    public static let titleLimit = 200
    /// The longest summary the help center shows.
    public static let summaryLimit = 500
    /// The most Markdown one article may have, in bytes of UTF-8: 256 KB. Kontor's longest guide is 6 KB, so this is
    /// forty times that (a long manual chapter), while every published article is kept in each server's memory,
    /// rendered and indexed: one 20 MB article took a server from 58 to 342 MB. The staff editor applies the same limit.
    public static let bodyByteLimit = 256 * 1024
    /// The most search keywords one article may have: each one makes the article "about" a word, so a long list would
    /// pull every question towards it.
    public static let keywordCountLimit = 40
    /// The longest search keyword: a short phrase, as customers type them.
    public static let keywordLengthLimit = 80
    /// The front-matter keys, in the order `render` writes them.
    /// `status: draft` marks an article that is not published (written by `help-export` for drafts, so exporting and
    /// importing again publishes nothing); without it, `help-import` publishes unless told `--draft`.
    public static let keys = ["slug", "language", "kind", "title", "summary", "category", "tags", "keywords", "related", "contexts", "status"]

    /// Reads an article file; `fallbackSlug` (usually the file name) is used when the front matter has no `slug`.
    public static func parse(_ text: String, fallbackSlug: String) throws(ArticleFileError) -> ArticleDraft {
        try parseMarked(text, fallbackSlug: fallbackSlug).draft
    }

    /// The article and whether its file marks it `status: draft`; the first problem if there is any.
    public static func parseMarked(_ text: String, fallbackSlug: String) throws(ArticleFileError) -> (draft: ArticleDraft, isDraft: Bool) {
        let read = parseAll(text, fallbackSlug: fallbackSlug)
        if let first = read.problems.first { throw first }
        guard let draft = read.draft else { throw .frontMatterNotAMapping }   // unreachable: no problem means a draft
        return (draft, read.isDraft)
    }

    /// Every problem of the file at once (an editor fixes them in one go, not one import per problem); the draft when
    /// there is none. A file whose front matter cannot be read at all has that one problem.
    public static func parseAll(_ text: String, fallbackSlug: String) -> (draft: ArticleDraft?, isDraft: Bool, problems: [ArticleFileError]) {
        let yaml: String, body: String, fields: FrontMatterFields
        do throws(ArticleFileError) {
            (yaml, body) = try FrontMatterSplitter.split(text)
            fields = try FrontMatterFields(yaml: yaml)
        } catch {
            return (nil, false, [error])
        }
        var problems: [ArticleFileError] = []
        // Every reader of `fields` throws only `ArticleFileError`; the closures' types just cannot say so.
        func read<T>(_ work: () throws -> T) -> T? {
            do { return try work() } catch { problems.append(error as? ArticleFileError ?? .frontMatterNotAMapping); return nil }
        }
        let status = read { try fields.text("status") } ?? nil
        if let status, status != "draft", status != "published" { problems.append(.unknownStatus(status)) }
        let slug = (read { try fields.text("slug") } ?? nil) ?? fallbackSlug
        if !Slug.isValid(slug) { problems.append(.invalidSlug(field: "slug", value: slug)) }
        let language = read { try fields.required("language") }
        if let language, Language(rawValue: language) == nil { problems.append(.unsupportedLanguage(language)) }
        let kindName = read { try fields.required("kind") }
        let kind = kindName.flatMap(ArticleKind.init(rawValue:))
        if let kindName, kind == nil { problems.append(.unknownKind(kindName)) }
        let title = read { try fields.required("title") }
        if let title, title.count > titleLimit { problems.append(.tooLong(field: "title", limit: titleLimit)) }
        let summary = (read { try fields.text("summary") } ?? nil) ?? ""
        if summary.count > summaryLimit { problems.append(.tooLong(field: "summary", limit: summaryLimit)) }
        if body.utf8.count > bodyByteLimit { problems.append(.bodyTooLarge(bytes: body.utf8.count, limit: bodyByteLimit)) }
        // An article with no text could not be saved in the editor afterwards (it refuses a blank body).
        if body.allSatisfy(\.isWhitespace) { problems.append(.emptyBody) }
        let category = read { try fields.required("category") }
        if let category, !Slug.isValid(category) { problems.append(.invalidSlug(field: "category", value: category)) }
        let tags = read { try fields.list("tags") } ?? []
        let keywords = read { try fields.list("keywords") } ?? []
        if keywords.count > keywordCountLimit { problems.append(.tooMany(field: "keywords", limit: keywordCountLimit)) }
        if keywords.contains(where: { $0.count > keywordLengthLimit }) { problems.append(.tooLong(field: "keywords", limit: keywordLengthLimit)) }
        let related = read { try fields.list("related") } ?? []
        let contexts = read { try fields.list("contexts") } ?? []
        for (field, values) in [("related", related), ("contexts", contexts)] {
            if let bad = values.first(where: { !Slug.isValid($0) }) { problems.append(.invalidSlug(field: field, value: bad)) }
        }
        guard problems.isEmpty, let language, let kind, let title, let category else { return (nil, status == "draft", problems) }
        let draft = ArticleDraft(
            slug: slug, language: language, kind: kind, title: title, summary: summary, body: body,
            category: category, tags: tags, keywords: keywords, related: related, contexts: contexts
        )
        return (draft, status == "draft", [])
    }

    /// Writes an article file; `parse(render(draft), fallbackSlug:)` gives `draft` back, and `parseMarked` also
    /// `isDraft`.
    public static func render(_ draft: ArticleDraft, isDraft: Bool = false) -> String {
        "---\n" + FrontMatterFields.yaml(for: draft) + (isDraft ? "status: draft\n" : "") + "---\n" + draft.body
    }
}

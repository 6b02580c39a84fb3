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

    /// The article and whether its file marks it `status: draft`.
    public static func parseMarked(_ text: String, fallbackSlug: String) throws(ArticleFileError) -> (draft: ArticleDraft, isDraft: Bool) {
        let (yaml, body) = try FrontMatterSplitter.split(text)
        let fields = try FrontMatterFields(yaml: yaml)
        let status = try fields.text("status")
        guard status == nil || status == "draft" || status == "published" else { throw .unknownStatus(status ?? "") }

        let slug = try fields.text("slug") ?? fallbackSlug
        guard Slug.isValid(slug) else { throw .invalidSlug(field: "slug", value: slug) }
        let language = try fields.required("language")
        guard Language(rawValue: language) != nil else { throw .unsupportedLanguage(language) }
        let kindName = try fields.required("kind")
        guard let kind = ArticleKind(rawValue: kindName) else { throw .unknownKind(kindName) }
        let title = try fields.required("title")
        guard title.count <= titleLimit else { throw .tooLong(field: "title", limit: titleLimit) }
        let summary = try fields.text("summary") ?? ""
        guard summary.count <= summaryLimit else { throw .tooLong(field: "summary", limit: summaryLimit) }
        guard body.utf8.count <= bodyByteLimit else { throw .bodyTooLarge(bytes: body.utf8.count, limit: bodyByteLimit) }
        let category = try fields.required("category")
        guard Slug.isValid(category) else { throw .invalidSlug(field: "category", value: category) }
        let tags = try fields.list("tags")
        let keywords = try fields.list("keywords")
        guard keywords.count <= keywordCountLimit else { throw .tooMany(field: "keywords", limit: keywordCountLimit) }
        guard keywords.allSatisfy({ $0.count <= keywordLengthLimit }) else { throw .tooLong(field: "keywords", limit: keywordLengthLimit) }
        let related = try fields.list("related")
        let contexts = try fields.list("contexts")
        for (field, values) in [("related", related), ("contexts", contexts)] {
            if let bad = values.first(where: { !Slug.isValid($0) }) { throw .invalidSlug(field: field, value: bad) }
        }
        let draft = ArticleDraft(
            slug: slug, language: language, kind: kind, title: title, summary: summary, body: body,
            category: category, tags: tags, keywords: keywords, related: related, contexts: contexts
        )
        return (draft, status == "draft")
    }

    /// Writes an article file; `parse(render(draft), fallbackSlug:)` gives `draft` back, and `parseMarked` also
    /// `isDraft`.
    public static func render(_ draft: ArticleDraft, isDraft: Bool = false) -> String {
        "---\n" + FrontMatterFields.yaml(for: draft) + (isDraft ? "status: draft\n" : "") + "---\n" + draft.body
    }
}

/// One help-center article before it is stored: what an article file holds, or what the seed importer recovered.
public struct ArticleDraft: Sendable, Hashable, Codable {
    /// The URL name, e.g. `desactivar-la-autenticacion-doble` (see `Slug`).
    public var slug: String
    /// The article's language code, e.g. `es` (one of `Language`'s codes).
    public var language: String
    /// Whether this is an FAQ, a guide or a video.
    public var kind: ArticleKind
    /// The heading shown above the article and in search results.
    public var title: String
    /// One or two sentences shown under the title and used as the search snippet.
    public var summary: String
    /// GitHub-flavoured Markdown: `##` headings, `1.` steps, `-` bullets, `> [!WARNING]` callouts.
    public var body: String
    /// The slug of the article's `HelpCategory`.
    public var category: String
    /// A few lowercase keywords that search matches besides the text.
    public var tags: [String]
    /// Slugs of articles worth reading next.
    public var related: [String]
    /// Console page names (e.g. `security`) whose contextual help lists this article.
    public var contexts: [String]

    /// Creates a draft; lists default to empty because most hand-written files start without them.
    public init(
        slug: String, language: String, kind: ArticleKind, title: String, summary: String, body: String,
        category: String, tags: [String] = [], related: [String] = [], contexts: [String] = []
    ) {
        self.slug = slug
        self.language = language
        self.kind = kind
        self.title = title
        self.summary = summary
        self.body = body
        self.category = category
        self.tags = tags
        self.related = related
        self.contexts = contexts
    }

    /// The number of numbered steps in the body; computed so it can never disagree with the Markdown.
    public var steps: Int {
        bodyLines.filter(MarkdownLine.isNumberedStep).count
    }

    /// The number of `> [!WARNING]` callouts in the body.
    public var warnings: Int {
        bodyLines.filter { $0 == MarkdownLine.warningMarker }.count
    }

    private var bodyLines: [Substring] { body.split(separator: "\n", omittingEmptySubsequences: false) }
}

/// The few Markdown line shapes that the importer writes and that `ArticleDraft` counts.
enum MarkdownLine {
    /// GitHub's alert syntax, which the help center's Markdown renderer turns into a warning box.
    static let warningMarker = "> [!WARNING]"

    /// A top-level ordered-list line such as `3. Haga clic…` (nested lines are indented, so not counted).
    static func isNumberedStep(_ line: Substring) -> Bool {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && line.dropFirst(digits.count).hasPrefix(". ")
    }
}

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
    /// A few lowercase keywords that search matches besides the text; readers see them as links to the tag's list.
    public var tags: [String]
    /// Words customers type for this article's subject that its text does not use ("clave" for a guide about the
    /// "contraseña"): search weighs them like the title, readers never see them (Zendesk Guide's labels, Document360's
    /// SEO keywords).
    public var keywords: [String]
    /// Slugs of articles worth reading next.
    public var related: [String]
    /// Console page names (e.g. `security`) whose contextual help lists this article.
    public var contexts: [String]

    /// Creates a draft; lists default to empty because most hand-written files start without them.
    public init(
        slug: String, language: String, kind: ArticleKind, title: String, summary: String, body: String,
        category: String, tags: [String] = [], keywords: [String] = [], related: [String] = [], contexts: [String] = []
    ) {
        self.slug = slug
        self.language = language
        self.kind = kind
        self.title = title
        self.summary = summary
        self.body = body
        self.category = category
        self.tags = tags
        self.keywords = keywords
        self.related = related
        self.contexts = contexts
    }

    private enum CodingKeys: String, CodingKey {
        case slug, language, kind, title, summary, body, category, tags, keywords, related, contexts
    }

    /// Decodes a draft; `keywords` may be absent, as in changes an editor saved before keywords existed.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            slug: try values.decode(String.self, forKey: .slug), language: try values.decode(String.self, forKey: .language),
            kind: try values.decode(ArticleKind.self, forKey: .kind), title: try values.decode(String.self, forKey: .title),
            summary: try values.decode(String.self, forKey: .summary), body: try values.decode(String.self, forKey: .body),
            category: try values.decode(String.self, forKey: .category), tags: try values.decode([String].self, forKey: .tags),
            keywords: try values.decodeIfPresent([String].self, forKey: .keywords) ?? [],
            related: try values.decode([String].self, forKey: .related), contexts: try values.decode([String].self, forKey: .contexts))
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

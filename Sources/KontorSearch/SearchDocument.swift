/// A part of an article; matches in earlier fields weigh more (title > headings > summary > body).
public enum SearchField: Int, Sendable, CaseIterable {
    /// The article title.
    case title
    /// Section headings, and the article's tags and search keywords.
    case headings
    /// The short summary.
    case summary
    /// The plain-text body.
    case body

    /// BM25F weight: a word in the title says far more about the article than one in the body.
    var weight: Float {
        switch self {
        case .title: 6
        case .headings: 3
        case .summary: 2
        case .body: 1
        }
    }

    /// BM25F length normalisation; short fields are normalised less so a long title is not punished much.
    var lengthNormalization: Float {
        switch self {
        case .title, .headings: 0.5
        case .summary: 0.6
        case .body: 0.75
        }
    }

    /// Offset added to word positions so that phrases and proximity never span two fields.
    var positionBase: UInt32 { UInt32(rawValue) << 24 }
}

/// One help article as the search engine sees it.
public struct SearchDocument: Sendable, Hashable {
    /// Stable article id (a UUID or a slug).
    public var id: String
    /// The article's language; it is only found by searches in that language.
    public var language: SearchLanguage
    /// The article title.
    public var title: String
    /// A short summary shown in listings.
    public var summary: String
    /// Section headings of the article.
    public var headings: [String]
    /// Plain-text body (Markdown already stripped by the caller).
    public var body: String
    /// "faq", "guide" or "video".
    public var kind: String
    /// Category id or slug, used by filters.
    public var category: String?
    /// Editorial keywords shown to readers; indexed with the weight of headings.
    public var tags: [String]
    /// Words customers type for the subject that the text does not use, never shown; indexed like tags.
    public var keywords: [String]
    /// Number of views; only a tiny tie-breaker in ranking.
    public var popularity: Int

    /// Creates a document; only id, language, title and body are required.
    public init(
        id: String, language: SearchLanguage, title: String, summary: String = "",
        headings: [String] = [], body: String, kind: String = "guide", category: String? = nil,
        tags: [String] = [], keywords: [String] = [], popularity: Int = 0
    ) {
        self.id = id
        self.language = language
        self.title = title
        self.summary = summary
        self.headings = headings
        self.body = body
        self.kind = kind
        self.category = category
        self.tags = tags
        self.keywords = keywords
        self.popularity = popularity
    }
}

/// Restricts a search to one category and/or one kind; nil means any.
public struct SearchFilters: Sendable {
    /// Only documents whose category equals this.
    public var category: String?
    /// Only documents whose kind equals this.
    public var kind: String?

    /// Creates filters; no arguments means no filtering.
    public init(category: String? = nil, kind: String? = nil) {
        self.category = category
        self.kind = kind
    }
}

/// A help article rendered from Markdown: safe HTML plus what the app indexes and links to.
public struct MarkdownDocument: Sendable, Hashable {
    /// The HTML body. Raw HTML from the source never reaches it; every attribute value is escaped.
    public let html: String
    /// Level 2 and 3 headings in document order, for the table of contents.
    public let headings: [Heading]
    /// The text without markup, one block per line, for the search index and summaries.
    public let plainText: String
    /// `plainText` without the words of cross-references to other articles ("[who can do what](article:…)"): what the
    /// search index takes. A link's words describe the guide it points to, not the one it stands in; indexed with
    /// the latter, a phrase repeated in a dozen guides' cross-references pulled them all above the guide it names.
    public let searchText: String
    /// Every link destination as written in the source (before `console:`/`article:` resolution, and
    /// including ones dropped as unsafe), in document order without repeats, so link checking also finds
    /// the ones that failed to resolve. A bare `www.` address appears with the `http://` cmark gives it.
    public let links: [String]
    /// Every image source as written in the source, in document order without repeats (including video files).
    public let images: [String]

    /// A heading that received an `id` anchor.
    public struct Heading: Sendable, Hashable {
        /// 2 or 3.
        public let level: Int
        /// The heading's text without markup.
        public let text: String
        /// The `id` of the heading element; link to it as `#anchor`.
        public let anchor: String

        /// Creates a heading entry (the renderer makes these; public so tests and callers can compare).
        public init(level: Int, text: String, anchor: String) {
            self.level = level
            self.text = text
            self.anchor = anchor
        }
    }

    /// Creates a document (the renderer makes these; public so callers can build fixtures).
    public init(html: String, headings: [Heading], plainText: String, searchText: String? = nil, links: [String], images: [String] = []) {
        self.html = html
        self.headings = headings
        self.plainText = plainText
        self.searchText = searchText ?? plainText
        self.links = links
        self.images = images
    }
}

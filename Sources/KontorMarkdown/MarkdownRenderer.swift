import CMarkGFM

/// Renders help-center articles from GitHub-flavoured Markdown to safe HTML.
public enum MarkdownRenderer {
    /// Renders `markdown`, resolving `console:` and `article:` links with `links`.
    ///
    /// Safe for untrusted input: raw HTML is dropped, only http(s)/mailto/tel and relative URLs survive,
    /// and the only markup not produced by cmark itself is built here from escaped or validated values.
    /// Thread-safe; a 300-word article takes about 0.15 ms in an optimised build.
    public static func render(_ markdown: String, links resolver: LinkResolver = .none) -> MarkdownDocument {
        CMarkParser.withDocument(markdown) { root, extensions in
            var headings: [Node] = [], blockquotes: [Node] = [], paragraphs: [Node] = []
            var linkNodes: [Node] = [], imageNodes: [Node] = [], tables: [Node] = []
            var links = OrderedUnique(), images = OrderedUnique()
            for node in root.subtree {
                switch node.type {
                case CMARK_NODE_HEADING: headings.append(node)
                case CMARK_NODE_BLOCK_QUOTE: blockquotes.append(node)
                case CMARK_NODE_PARAGRAPH: paragraphs.append(node)
                case CMARK_NODE_LINK: linkNodes.append(node); links.insert(node.url)
                case CMARK_NODE_IMAGE: imageNodes.append(node); images.insert(node.url)
                default: if node.typeName == "table" { tables.append(node) }
                }
            }

            // Marked before the links are resolved or unwrapped: the words of cross-references stay out of the search text.
            for link in linkNodes where SpecialLinks.parse(link.url)?.scheme == .article { PlainText.markCrossReference(link) }
            var surgery = Surgery()
            // Videos first: they consume the link or image they are made of, which the later steps then skip.
            VideoEmbeds.apply(to: paragraphs, surgery: &surgery)
            SpecialLinks.apply(to: linkNodes, resolver: resolver, surgery: &surgery)
            Images.apply(to: imageNodes, surgery: &surgery)
            Callouts.apply(blockquotes: blockquotes, paragraphs: paragraphs, surgery: &surgery)
            Tables.apply(to: tables, surgery: &surgery)
            let toc = Anchors.apply(to: headings, surgery: &surgery)

            return MarkdownDocument(
                html: CMarkParser.renderHTML(root, extensions: extensions),
                headings: toc,
                plainText: PlainText.of(root),
                searchText: PlainText.of(root, leavingOutCrossReferences: true),
                links: links.values,
                images: images.values
            )
        }
    }
}

/// Strings in first-seen order, each once.
private struct OrderedUnique {
    private(set) var values: [String] = []
    private var seen: Set<String> = []

    mutating func insert(_ value: String) {
        if seen.insert(value).inserted { values.append(value) }
    }
}

import CMarkGFM

/// Images load lazily: articles are long and most screenshots sit below the fold.
enum Images {
    /// Replaces every image with our own `<img … loading="lazy" />`, since cmark's has no such attribute.
    ///
    /// An image whose URL is not http(s) or relative is reduced to its alt text rather than given an
    /// empty `src` (which some browsers resolve to the page itself).
    static func apply(to images: [Node], surgery: inout Surgery) {
        for image in images where surgery.isInDocument(image) {
            let replacement: Node
            if let src = HTMLEscaping.attributeURL(image.url, for: .media) {
                let alt = HTMLEscaping.escape(image.inlineText)
                let title = image.title.isEmpty ? "" : " title=\"\(HTMLEscaping.escape(image.title))\""
                replacement = CustomNode.inline(enter: "<img src=\"\(src)\" alt=\"\(alt)\"\(title) loading=\"lazy\" />")
            } else {
                guard let text = cmark_node_new(CMARK_NODE_TEXT) else { preconditionFailure("cmark_node_new: out of memory") }
                text.literal = image.inlineText
                replacement = text
            }
            surgery.replace(image, with: replacement)
        }
    }
}

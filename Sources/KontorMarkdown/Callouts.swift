import CMarkGFM

/// Boxed notes, tips and warnings: `<aside class="callout callout-warning" role="note">`.
///
/// Done on the tree, not the HTML: the marker is plain text in the first text node of a paragraph,
/// so removing it there cannot touch anything else, and the box's content is still rendered
/// (and escaped) by cmark. Matching "[!NOTE]" in rendered HTML would also match code that shows it.
enum Callouts {
    /// The kind of box, which is also the CSS modifier (`callout-note`, `callout-tip`, `callout-warning`).
    enum Kind: String {
        case note, tip, warning
    }

    /// GitHub alert markers. IMPORTANT and CAUTION are GitHub's other two; staff who copy them from
    /// GitHub get the nearest box we style instead of a literal "[!CAUTION]" in the article.
    private static let alertKinds: [String: Kind] = [
        "NOTE": .note, "TIP": .tip, "WARNING": .warning, "IMPORTANT": .note, "CAUTION": .warning,
    ]

    /// Turns marked blockquotes (`> [!TIP]`, or `> ⚠ …`) into callouts, then marked paragraphs (`⚠ …`).
    static func apply(blockquotes: [Node], paragraphs: [Node], surgery: inout Surgery) {
        for quote in blockquotes where surgery.isInDocument(quote) {
            guard let first = quote.firstChild, first.type == CMARK_NODE_PARAGRAPH,
                  let kind = stripMarker(from: first, allowAlert: true, surgery: &surgery)
            else { continue }
            // "> [!NOTE]" followed by a blank "> " line leaves an empty first paragraph behind.
            if first.firstChild == nil { surgery.remove(first) }
            let aside = box(kind)
            quote.moveChildren(to: aside)
            surgery.replace(quote, with: aside)
        }
        for paragraph in paragraphs where surgery.isInDocument(paragraph) {
            guard let kind = stripMarker(from: paragraph, allowAlert: false, surgery: &surgery) else { continue }
            let aside = box(kind)
            cmark_node_insert_before(paragraph, aside)
            cmark_node_unlink(paragraph)
            if paragraph.firstChild != nil {
                cmark_node_append_child(aside, paragraph)
            } else {
                surgery.remove(paragraph)  // "⚠" alone: an empty box is still a visible warning sign
            }
        }
    }

    private static func box(_ kind: Kind) -> Node {
        CustomNode.block(enter: "<aside class=\"callout callout-\(kind.rawValue)\" role=\"note\">", exit: "</aside>")
    }

    /// Removes a leading callout marker from the paragraph and says which kind it was, or returns nil.
    ///
    /// "[!NOTE]" must be the paragraph's own first text, as on GitHub. "⚠" may also open a bold or
    /// italic run ("**⚠ Atención:** …"), because that is how people write warnings by hand.
    private static func stripMarker(from paragraph: Node, allowAlert: Bool, surgery: inout Surgery) -> Kind? {
        if allowAlert, let text = paragraph.firstChild, text.type == CMARK_NODE_TEXT,
           let (kind, rest) = alertMarker(text.literal ?? "") {
            setText(text, to: rest, in: paragraph, surgery: &surgery)
            return kind
        }
        var leading = paragraph.firstChild
        while let node = leading, node.type == CMARK_NODE_EMPH || node.type == CMARK_NODE_STRONG {
            leading = node.firstChild
        }
        if let text = leading, text.type == CMARK_NODE_TEXT, let rest = warningSign(text.literal ?? "") {
            setText(text, to: rest, in: paragraph, surgery: &surgery)
            return .warning
        }
        return nil
    }

    /// "[!TIP] rest" → (.tip, "rest"), case-insensitively; nil for anything else.
    static func alertMarker(_ text: String) -> (Kind, String)? {
        guard text.hasPrefix("[!"), let close = text.firstIndex(of: "]") else { return nil }
        let name = text[text.index(text.startIndex, offsetBy: 2)..<close].uppercased()
        guard let kind = alertKinds[name] else { return nil }
        return (kind, String(text[text.index(after: close)...].drop(while: \.isWhitespace)))
    }

    /// "⚠ rest" or "⚠️ rest" (with the emoji variation selector) → "rest"; nil when there is no sign.
    static func warningSign(_ text: String) -> String? {
        var scalars = Substring(text).unicodeScalars
        guard scalars.first == "\u{26A0}" else { return nil }
        scalars.removeFirst()
        if scalars.first == "\u{FE0F}" { scalars.removeFirst() }
        return String(Substring(scalars).drop(while: \.isWhitespace))
    }

    /// Replaces the marker's text node content; if nothing is left, removes the node, a line break right
    /// after it (the marker sat on its own line) and any bold/italic run the removal left empty.
    private static func setText(_ text: Node, to rest: String, in paragraph: Node, surgery: inout Surgery) {
        guard rest.isEmpty else {
            text.literal = rest
            return
        }
        var emptied: Node? = text
        while let node = emptied, node != paragraph, node.firstChild == nil {
            let parent = node.parent
            if let following = node.next, following.type == CMARK_NODE_SOFTBREAK || following.type == CMARK_NODE_LINEBREAK {
                surgery.remove(following)
            }
            surgery.remove(node)
            emptied = parent
        }
        // "**⚠** Borre…": the space that followed the emptied bold run now opens the paragraph.
        if let first = paragraph.firstChild, first.type == CMARK_NODE_TEXT, let literal = first.literal {
            let trimmed = String(literal.drop(while: \.isWhitespace))
            if trimmed.isEmpty { surgery.remove(first) } else if trimmed != literal { first.literal = trimmed }
        }
    }
}

import CMarkGFM
import Foundation

/// `id` anchors for headings, so the table of contents (and links shared by support staff) can point at them.
enum Anchors {
    /// The heading levels that get an anchor: level 1 is the article title, 4 and below are too fine for a TOC.
    static let levels = 2...3

    /// A URL-fragment-friendly form of a heading: "¿Cómo activo 2FA?" → "como-activo-2fa".
    ///
    /// Accents are folded so Spanish anchors stay readable when typed or pasted into plain ASCII;
    /// other letters and digits are kept; spaces and separators become single hyphens; the rest
    /// (quotes, ¿?, dots) is dropped, as GitHub does, so "node.js" gives "nodejs".
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        var pendingHyphen = false
        for character in folded {
            if character.isLetter || character.isNumber {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                pendingHyphen = false
                slug += character.lowercased()
            } else if character.isWhitespace || "-_/–—".contains(character) {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }

    /// The ids of the page around an article (the help center's frame, feedback form, permalink, related guides…):
    /// a heading called "Feedback" took `id="feedback"` first, so the form's label and the redirect after a vote
    /// pointed at the heading (security probe round 5). A heading with one of these names gets `feedback-2`.
    /// `HelpArticlePageTests` renders a page whose headings are named after every id it has and checks none repeats.
    static let pageIDs: Set<String> = [
        "main", "flash", "content", "article", "comment-error", "fallback-notice", "feedback", "feedback-comment", "feedback-form",
        "feedback-heading", "feedback-submit", "feedback-thanks", "help-q", "help-q-hint", "help-search", "help-suggestions",
        "help-suggestions-status", "helpful-error", "helpful-no", "helpful-yes", "permalink", "related", "related-heading", "tags",
        "toc", "toc-heading", "translations", "translations-heading", "help-contacts", "help-support-access", "help-support-code",
        "help-vip-code", "help-window-q", "help-window-title", "help-panel", "help-button",
    ]

    /// Hands out unique anchors within one article: the second "Requisitos" becomes "requisitos-2".
    struct Registry {
        private var used: Set<String> = Anchors.pageIDs
        /// The next number to try for each base: starting again from 2 every time made an article of thousands of
        /// equal headings quadratic (a 60 KB body held a server's threads for seconds, on every render).
        private var nextNumber: [String: Int] = [:]

        mutating func anchor(for text: String) -> String {
            let base = Anchors.slug(text)
            var candidate = base
            var counter = nextNumber[base] ?? 2
            // Loop rather than a plain counter: a heading literally called "Requisitos 2" already took "requisitos-2".
            while used.contains(candidate) {
                candidate = "\(base)-\(counter)"
                counter += 1
            }
            if candidate != base { nextNumber[base] = counter }
            used.insert(candidate)
            return candidate
        }
    }

    /// Gives every level 2–3 heading an `id` and returns them, in document order, for the table of contents.
    ///
    /// cmark prints `<hN>` without attributes, so the heading is replaced by our own element:
    /// an empty custom block (to sit where a block may) holding a custom inline `<hN id="…">…</hN>`
    /// with the heading's original inline content, which cmark still renders and escapes.
    static func apply(to headings: [Node], surgery: inout Surgery) -> [MarkdownDocument.Heading] {
        var registry = Registry()
        var result: [MarkdownDocument.Heading] = []
        for heading in headings where surgery.isInDocument(heading) && levels.contains(heading.headingLevel) {
            let level = heading.headingLevel
            let text = heading.inlineText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let anchor = registry.anchor(for: text)
            result.append(.init(level: level, text: text, anchor: anchor))

            let element = CustomNode.inline(
                enter: "<h\(level) id=\"\(HTMLEscaping.escape(anchor))\">", exit: "</h\(level)>")
            heading.moveChildren(to: element)
            let wrapper = CustomNode.block()
            cmark_node_append_child(wrapper, element)
            surgery.replace(heading, with: wrapper)
        }
        return result
    }
}

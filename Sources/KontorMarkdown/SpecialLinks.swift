import CMarkGFM

/// `console:` and `article:` links: deep links into the console and cross-references between articles.
enum SpecialLinks {
    /// The app's own link schemes.
    enum Scheme: String, CaseIterable {
        case console, article
    }

    /// Splits "console:profile/security" into (.console, "profile/security"); nil for ordinary URLs.
    static func parse(_ url: String) -> (scheme: Scheme, target: String)? {
        for scheme in Scheme.allCases {
            let prefix = scheme.rawValue + ":"
            if url.count >= prefix.count, url.prefix(prefix.count).lowercased() == prefix {
                return (scheme, String(url.dropFirst(prefix.count)))
            }
        }
        return nil
    }

    /// Resolves every special link in place. Ordinary links are left to cmark.
    ///
    /// A console link gets `class="console-link"` (the console styles deep links as "opens the console"),
    /// which cmark cannot add, so it becomes our own `<a>`; a resolved article link is a plain link, so
    /// cmark renders it (and checks and escapes its URL) as usual. An unresolvable link loses its `<a>`
    /// and keeps its text: a dead link in a help article is worse than none.
    static func apply(to links: [Node], resolver: LinkResolver, surgery: inout Surgery) {
        for link in links where surgery.isInDocument(link) {
            guard let (scheme, target) = parse(link.url) else { continue }
            let resolved = switch scheme {
            case .console: resolver.console(target)
            case .article: resolver.article(target)
            }
            // The resolver's answer is trusted to be a path, but checked like any URL all the same.
            guard let resolved, let href = HTMLEscaping.attributeURL(resolved, for: .link) else {
                unwrap(link, surgery: &surgery)
                continue
            }
            switch scheme {
            case .article:
                link.url = resolved
            case .console:
                let title = link.title.isEmpty ? "" : " title=\"\(HTMLEscaping.escape(link.title))\""
                let anchor = CustomNode.inline(enter: "<a href=\"\(href)\" class=\"console-link\"\(title)>", exit: "</a>")
                link.moveChildren(to: anchor)
                surgery.replace(link, with: anchor)
            }
        }
    }

    /// Replaces the link with its content, so its text stays in the sentence.
    private static func unwrap(_ link: Node, surgery: inout Surgery) {
        for child in link.children {
            cmark_node_unlink(child)
            cmark_node_insert_before(link, child)
        }
        surgery.remove(link)
    }
}

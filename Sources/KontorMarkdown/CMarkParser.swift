import CMarkGFM
import Foundation

/// A cmark node. The public cmark header keeps `cmark_node` opaque, so Swift sees it as an `OpaquePointer`.
typealias Node = OpaquePointer

/// Parses GitHub-flavoured Markdown with cmark-gfm and renders the (post-processed) tree to HTML.
enum CMarkParser {
    /// The GFM extensions every article may use.
    ///
    /// `tagfilter` only acts on raw HTML, which we never let through anyway; it is attached so that
    /// turning on `CMARK_OPT_UNSAFE` by mistake would still not let `<script>` or `<iframe>` through.
    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// Parse options. Deliberately *not* `CMARK_OPT_UNSAFE`: without it cmark replaces raw HTML with
    /// `<!-- raw HTML omitted -->` and empties `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs.
    /// `~~double~~` tildes only, so a lone "~5 min" in Spanish prose is not struck through.
    static let options: Int32 = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    /// `cmark_gfm_core_extensions_ensure_registered` guards itself with a plain C flag, not a lock;
    /// a `static let` initialiser runs exactly once even when many requests render at the same time.
    private static let extensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

    /// cmark-gfm toggles characters in a process-wide table while it parses inlines (GFM extensions add
    /// `~`, `:`, `w`… and remove them again afterwards — github/cmark-gfm#176), so two parses running at
    /// once can make each other miss strikethrough or autolinks. Parsing is tens of microseconds, so a
    /// lock costs nothing noticeable; rendering and our own tree surgery do not touch that table.
    private static let parseLock = NSLock()

    /// Parses `markdown`, hands the tree to `body` (which may rearrange it) and frees everything afterwards.
    ///
    /// `body` receives the document root and the extension list that `renderHTML` needs; neither may escape.
    static func withDocument<Result>(
        _ markdown: String,
        _ body: (_ root: Node, _ extensions: UnsafeMutablePointer<cmark_llist>?) -> Result
    ) -> Result {
        _ = extensionsRegistered
        guard let parser = cmark_parser_new(options) else { preconditionFailure("cmark_parser_new: out of memory") }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            // A missing extension would mean a broken libcmark-gfm-extensions install; fail loudly in debug.
            let found = cmark_find_syntax_extension(name)
            assert(found != nil, "cmark-gfm extension \(name) is not registered")
            if let found { cmark_parser_attach_syntax_extension(parser, found) }
        }

        var source = markdown
        let finished = parseLock.withLock {
            source.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    cmark_parser_feed(parser, chars.baseAddress, chars.count)
                }
            }
            return cmark_parser_finish(parser)
        }

        guard let root = finished else { preconditionFailure("cmark_parser_finish: out of memory") }
        // The finished tree belongs to us, not to the parser.
        defer { cmark_node_free(root) }
        return body(root, cmark_parser_get_syntax_extensions(parser))
    }

    /// Renders the tree to HTML with the same safe options it was parsed with.
    static func renderHTML(_ root: Node, extensions: UnsafeMutablePointer<cmark_llist>?) -> String {
        guard let html = cmark_render_html(root, options, extensions) else { return "" }
        defer { free(html) }
        return string(html) ?? ""
    }
}

import CMarkGFM

/// The article's words without markup, for the search index and for summaries.
enum PlainText {
    /// One line per block (paragraph, heading, list item, table row, code block), table cells separated
    /// by tabs. Raw HTML, images and video players contribute nothing; callout markers are already gone.
    ///
    /// Read from the finished tree rather than the HTML, so no tag stripping or entity decoding is needed.
    static func of(_ root: Node, leavingOutCrossReferences: Bool = false) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(root) else { return text }
        defer { cmark_iter_free(iterator) }

        func startLine() {
            if let last = text.last, last != "\n" { text += "\n" }
        }

        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch node.type {
            case CMARK_NODE_DOCUMENT, CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                break
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if leavingOutCrossReferences, cmark_node_get_user_data(node) == crossReferenceMark { break }
                text += node.literal ?? ""
            case CMARK_NODE_CODE_BLOCK:
                startLine()
                var code = node.literal ?? ""
                while code.last?.isNewline == true { code.removeLast() }
                text += code
            case CMARK_NODE_SOFTBREAK:
                text += " "
            case CMARK_NODE_LINEBREAK:
                text += "\n"
            case _ where node.isBlock:
                if node.previous != nil, node.isExtensionBlock, node.typeName == "table_cell" {
                    text += "\t"
                } else {
                    startLine()
                }
            default:
                break
            }
        }
        return tidy(text)
    }

    /// Marks the text inside an `article:` link, which `of(_:leavingOutCrossReferences:)` can then leave out. The mark
    /// is cmark's user data, which moves with the node when the link is unwrapped and is never read by cmark itself.
    static func markCrossReference(_ link: Node) {
        for node in link.subtree where node.type == CMARK_NODE_TEXT || node.type == CMARK_NODE_CODE {
            cmark_node_set_user_data(node, crossReferenceMark)
        }
    }

    /// A pointer no allocation can have: cmark's user data is NULL unless set.
    private static var crossReferenceMark: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 0x1)! }

    /// Drops empty lines (from blocks without text, such as a video) and the double spaces an image
    /// between two words leaves, in one pass over the UTF-8 bytes (a per-character loop was a quarter
    /// of the whole render time).
    private static func tidy(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        var pendingNewline = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                pendingNewline = !result.isEmpty
                pendingSpace = false
            case UInt8(ascii: " "):
                pendingSpace = !result.isEmpty && !pendingNewline
            default:
                if pendingNewline {
                    result.append(UInt8(ascii: "\n"))
                } else if pendingSpace {
                    result.append(UInt8(ascii: " "))
                }
                pendingNewline = false
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

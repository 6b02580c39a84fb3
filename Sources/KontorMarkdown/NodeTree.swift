import CMarkGFM
import Foundation  // strlen

/// Small, typed wrappers over the cmark node API, so the transforms read as tree operations.
/// (Internal, and only meaningful on node pointers, although Swift attaches them to every `OpaquePointer`.)
extension Node {
    var type: cmark_node_type { cmark_node_get_type(self) }
    /// cmark's name for the type; the only way to recognise extension nodes such as `table_cell`.
    var typeName: String { string(cmark_node_get_type_string(self)) ?? "" }
    /// Whether this is a block type added by an extension (table, row, cell) rather than a core one.
    var isExtensionBlock: Bool { isBlock && type.rawValue > CMARK_NODE_FOOTNOTE_DEFINITION.rawValue }
    var isBlock: Bool { type.rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK) }

    var parent: Node? { cmark_node_parent(self) }
    var firstChild: Node? { cmark_node_first_child(self) }
    var next: Node? { cmark_node_next(self) }
    var previous: Node? { cmark_node_previous(self) }

    /// The direct children, collected first so the caller may move them while looping.
    var children: [Node] {
        var result: [Node] = []
        var child = firstChild
        while let current = child {
            result.append(current)
            child = current.next
        }
        return result
    }

    var literal: String? {
        get { string(cmark_node_get_literal(self)) }
        nonmutating set { _ = cmark_node_set_literal(self, newValue ?? "") }
    }

    var url: String {
        get { string(cmark_node_get_url(self)) ?? "" }
        nonmutating set { _ = cmark_node_set_url(self, newValue) }
    }

    /// A text node with nothing but spaces in it, checked without making a Swift string.
    var isBlankText: Bool {
        guard type == CMARK_NODE_TEXT, var byte = cmark_node_get_literal(self) else { return false }
        while byte.pointee != 0 {
            guard byte.pointee == 0x20 || byte.pointee == 0x09 || byte.pointee == 0x0A else { return false }
            byte += 1
        }
        return true
    }

    var title: String { string(cmark_node_get_title(self)) ?? "" }
    var headingLevel: Int { Int(cmark_node_get_heading_level(self)) }

    /// Every node of the subtree (this one included) in document order, without recursion:
    /// a hostile article can nest blockquotes or emphasis deeply enough to overflow the stack.
    var subtree: [Node] {
        var result: [Node] = []
        guard let iterator = cmark_iter_new(self) else { return result }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { result.append(node) }
        }
        return result
    }

    /// The inline text of the subtree as a reader sees it: text, code and line breaks, no markup.
    var inlineText: String {
        var text = ""
        for node in subtree {
            switch node.type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: text += node.literal ?? ""
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += " "
            default: break
            }
        }
        return text
    }

    /// Moves every child of this node, in order, to the end of `destination`.
    func moveChildren(to destination: Node) {
        for child in children {
            cmark_node_unlink(child)
            cmark_node_append_child(destination, child)
        }
    }
}

/// A C string from cmark as a Swift string.
///
/// `String(cString:)` takes a slow, repairing path on Linux; cmark's output is valid UTF-8 (it came from
/// a Swift string), and `decoding` would still repair it safely if it were not.
func string(_ pointer: UnsafePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
        String(decoding: UnsafeBufferPointer(start: bytes, count: strlen(pointer)), as: UTF8.self)
    }
}

/// The only way our own HTML gets into the output.
///
/// Without `CMARK_OPT_UNSAFE`, cmark drops HTML nodes but prints custom nodes' `on_enter`/`on_exit`
/// verbatim. The Markdown source cannot create custom nodes, so every custom node is one we built, and
/// every string we put in one goes through `HTMLEscaping`. That is why the transforms work on the tree
/// rather than on the rendered HTML: nothing has to be recognised (or mis-recognised) in HTML text.
enum CustomNode {
    /// A block wrapper such as `<aside …>` … `</aside>`; cmark puts each part on its own line.
    static func block(enter: String = "", exit: String = "") -> Node {
        make(CMARK_NODE_CUSTOM_BLOCK, enter: enter, exit: exit)
    }

    /// An inline wrapper such as `<a …>` … `</a>`, or a self-contained element such as `<img … />`.
    static func inline(enter: String = "", exit: String = "") -> Node {
        make(CMARK_NODE_CUSTOM_INLINE, enter: enter, exit: exit)
    }

    private static func make(_ type: cmark_node_type, enter: String, exit: String) -> Node {
        guard let node = cmark_node_new(type) else { preconditionFailure("cmark_node_new: out of memory") }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return node
    }
}

/// Bookkeeping for one render's tree surgery.
///
/// Nodes taken out of the tree are freed only at the end: the transforms work from lists of node
/// pointers gathered up front, and freeing early could leave a dangling (or, worse, reused) pointer
/// in one of those lists.
struct Surgery: ~Copyable {
    private var removed: [Node] = []
    /// Nodes that are gone from the document (e.g. the link inside a paragraph that became a video),
    /// which later transforms must skip.
    private var gone: Set<Node> = []

    /// Detaches `node` and frees it, with whatever children it still has, when the surgery ends.
    /// Later transforms skip it and everything below it, so nothing inside is freed twice.
    mutating func remove(_ node: Node) {
        gone.formUnion(node.subtree)
        cmark_node_unlink(node)
        removed.append(node)
    }

    /// Replaces `node` with `replacement`; `node` is freed when the surgery ends.
    mutating func replace(_ node: Node, with replacement: Node) {
        cmark_node_insert_before(node, replacement)
        remove(node)
    }

    /// Whether a transform may still touch `node`.
    func isInDocument(_ node: Node) -> Bool { !gone.contains(node) }

    deinit {
        for node in removed { cmark_node_free(node) }
    }
}

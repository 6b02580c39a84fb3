import CMarkGFM

/// Every table in a box of its own that scrolls sideways: a comparison table ("who may do what") stays a table on a
/// phone, moved inside the article, instead of making the whole page wider than the screen. The box can take the
/// keyboard's focus, so it scrolls without a mouse too.
enum Tables {
    static func apply(to tables: [Node], surgery: inout Surgery) {
        for table in tables where surgery.isInDocument(table) {
            let box = CustomNode.block(enter: "<div class=\"table-wrap\" tabindex=\"0\">", exit: "</div>")
            cmark_node_insert_before(table, box)
            cmark_node_unlink(table)
            cmark_node_append_child(box, table)
        }
    }
}
